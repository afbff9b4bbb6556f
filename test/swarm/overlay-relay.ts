import { parseHostPort } from "@helga/shared";
import { runCommand } from "../compose/run-command.js";

/** `host:port` inside the stack's network, reached from 127.0.0.1:<published>. */
export interface Forward {
  readonly name: string;
  readonly to: string;
  readonly port: number;
}

/**
 * A container on the stack's overlay network that relays TCP from ports published on
 * 127.0.0.1, so the test talks to the stack as an outside client would. On these machines
 * neither the routing mesh nor a service's host-mode port answers from the host, but a plain
 * container on the default bridge, attached to the (attachable) overlay as well, does.
 * Each connection resolves its target anew, so `dnsrr` services spread over their tasks.
 */
export class OverlayRelay {
  private constructor(
    readonly container: string,
    private readonly published: ReadonlyMap<string, number>,
  ) {}

  static async start(name: string, image: string, network: string, forwards: readonly Forward[]): Promise<OverlayRelay> {
    const relay = `const net=require("net");for(const [listen,host,port] of ${JSON.stringify(forwards.map((f, i) => [9000 + i, f.to, f.port]))}){` +
      `net.createServer((c)=>{const u=net.connect(port,host);c.pipe(u).pipe(c);` +
      `u.on("error",()=>c.destroy());c.on("error",()=>u.destroy())}).listen(listen)}`;
    const ports = forwards.flatMap((_, i) => ["-p", `127.0.0.1::${9000 + i}`]);
    await runCommand("docker", ["run", "-d", "--name", name, "--read-only", "--cap-drop", "ALL", "--user", "1000", ...ports, image, "node", "-e", relay], { timeoutMs: 60_000 });
    await runCommand("docker", ["network", "connect", network, name], { timeoutMs: 60_000 });
    const published = new Map<string, number>();
    for (const [i, forward] of forwards.entries()) {
      const { stdout } = await runCommand("docker", ["port", name, String(9000 + i)], { timeoutMs: 30_000 });
      // One line per address, e.g. "127.0.0.1:32768".
      const [first = ""] = stdout.trim().split("\n");
      try {
        published.set(forward.name, parseHostPort(first).port);
      } catch (error) {
        throw new Error(`relay ${name}: no published port for ${forward.name} in docker port's answer: ${(error as Error).message}`);
      }
    }
    return new OverlayRelay(name, published);
  }

  port(name: string): number {
    const port = this.published.get(name);
    if (port === undefined) throw new Error(`relay has no forward named ${name}`);
    return port;
  }

  async remove(): Promise<void> {
    await runCommand("docker", ["rm", "-f", this.container], { timeoutMs: 60_000, allowFailure: true });
  }
}
