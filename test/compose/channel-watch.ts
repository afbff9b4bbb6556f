import { waitUntil, type IrcObserver } from "../harness/index.js";

/** What the bot says in the channel, through an observer the run connects later (or never). */
export class ChannelWatch {
  constructor(
    private readonly observer: () => IrcObserver | undefined,
    readonly nick: string,
    readonly channel: string,
  ) {}

  /** The bot's lines in the channel so far. */
  delivered(): string[] {
    return this.observer()?.messages(this.channel, this.nick) ?? [];
  }

  /** Waits until the bot has said `text` in the channel. */
  async seen(text: string, timeoutMs = 30_000): Promise<void> {
    await waitUntil(`"${text}" from ${this.nick} in ${this.channel}`, () => this.delivered().includes(text), timeoutMs, 100);
  }
}
