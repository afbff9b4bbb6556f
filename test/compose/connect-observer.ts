import { IrcObserver, sleep } from "../harness/index.js";

/** An observer in `channel` of the IRC server on 127.0.0.1:`port`, which may still be starting: retried for 90 s. */
export async function connectObserver(nick: string, port: number, channel: string): Promise<IrcObserver> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const candidate = new IrcObserver(nick, "127.0.0.1", port);
    try {
      await candidate.connect([channel]);
      return candidate;
    } catch (error) {
      candidate.close();
      if (Date.now() > deadline) throw error;
      await sleep(1_000);
    }
  }
}
