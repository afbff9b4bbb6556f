import { messageTags, withoutTags } from "./message-tags.js";
import { NotConnectedError } from "../not-connected-error.js";
import { parseServerRefusal, type ServerRefusal } from "./server-refusal.js";

/** A refusal of one outbox entry's line, known by the label the server's answer carried. */
export type EntryRefusal = ServerRefusal & { readonly entryId?: string };

/** The part of IrcConnection echo confirmation needs. */
export interface EchoConnection {
  readonly session: number;
  on(event: "serverLine", listener: (line: string) => void): unknown;
  on(event: "registered" | "disconnected", listener: () => void): unknown;
  dropDead(reason: string): void;
}

export interface EchoConfirmationOptions {
  readonly irc: EchoConnection;
  /** The PING fence, for connections without echo-message and labeled-response. */
  readonly fence: { fence(session: number): Promise<readonly ServerRefusal[]> };
  /** No labelled answer this long while lines wait for one means the connection is dead. */
  readonly timeoutMs: number;
  /** Lines the server confirmed, by their echo or by a PING fence (metrics). */
  readonly onConfirmed?: (by: "echo" | "ping", lines: number) => void;
}

/** The labelled lines written between two confirm() calls, settled together. */
interface Group {
  /** Labels not answered yet. */
  readonly labels: Set<string>;
  readonly refused: EntryRefusal[];
  /** Set once confirm() closed the group. */
  settle?: { readonly resolve: (refused: readonly EntryRefusal[]) => void; readonly reject: (error: Error) => void };
}

const NEEDED = ["echo-message", "labeled-response"];

/**
 * Confirms outbox lines one by one where the server offers IRCv3 echo-message and
 * labeled-response: each line goes out with a `label` tag, and the server's answer carrying
 * it (the echo, an ACK, a labelled batch, or an error numeric) confirms that line, so a
 * refusal names its exact entry. On other servers a PING fence confirms each batch, as before.
 */
export class EchoConfirmation {
  readonly #o: EchoConfirmationOptions;
  /** CAP ACKs of the connection being registered, then of the current one. */
  readonly #caps = new Set<string>();
  #session: number | undefined;
  #counter = 0;
  /** label → entry id and group, for lines not answered yet. */
  readonly #waiting = new Map<string, { readonly entryId: string; readonly group: Group }>();
  /** Labelled lines written since the last confirm(). */
  #open: Group = { labels: new Set(), refused: [] };
  /** Labelled batches (labeled-response) in progress: batch reference → label. */
  readonly #batches = new Map<string, string>();
  #unlabelled = 0;
  #lastAnswerAt = performance.now();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: EchoConfirmationOptions) {
    this.#o = options;
    options.irc.on("serverLine", (line) => this.#line(line));
    options.irc.on("registered", () => (this.#session = NEEDED.every((cap) => this.#caps.has(cap)) ? options.irc.session : undefined));
    options.irc.on("disconnected", () => this.#failAll(new NotConnectedError("the IRC connection closed before the server confirmed")));
  }

  /** True when lines written on `session` are confirmed by their echo. */
  echoes(session: number): boolean {
    return this.#session === session;
  }

  start(): void {
    this.#timer = setInterval(() => this.#check(), Math.max(20, Math.min(1_000, this.#o.timeoutMs / 5)));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#failAll(new NotConnectedError("the bot is stopping"));
  }

  /** `lines` of entry `entryId` as they should be written on `session`: labelled when the server echoes. */
  label(lines: readonly string[], entryId: string, session: number): string[] {
    if (!this.echoes(session)) {
      this.#unlabelled += lines.length;
      return [...lines];
    }
    return lines.map((line) => {
      this.#counter += 1;
      const label = `h${this.#counter}`;
      this.#waiting.set(label, { entryId, group: this.#open });
      this.#open.labels.add(label);
      return `@label=${label} ${line}`;
    });
  }

  /** Resolves once the server answered every line written on `session` since the last call, with its refusals by entry. */
  confirm(session: number): Promise<readonly EntryRefusal[]> {
    if (!this.echoes(session)) {
      const lines = this.#unlabelled;
      this.#unlabelled = 0;
      return this.#o.fence.fence(session).then((refused) => {
        this.#o.onConfirmed?.("ping", lines);
        return refused;
      });
    }
    const group = this.#open;
    this.#open = { labels: new Set(), refused: [] };
    if (group.labels.size === 0) return Promise.resolve(group.refused); // every line already answered
    return new Promise((resolve, reject) => (group.settle = { resolve, reject }));
  }

  #line(line: string): void {
    const bare = withoutTags(line);
    const caps = /^(?::\S+ )?CAP \S+ (LS|ACK|DEL)(?: \*)? :?(.*?)\r?\n?$/i.exec(bare);
    if (caps) return this.#capabilities(caps[1]!.toUpperCase(), caps[2]!.split(" "));
    const tags = messageTags(line);
    const label = tags.get("label");
    // A labelled batch (a JOIN's JOIN, 353, 366) answers its line when it ends; refusals inside it count.
    const batch = /^(?::\S+ )?BATCH :?([+-])(\S+)/i.exec(bare);
    if (batch?.[1] === "+" && label !== undefined) {
      this.#batches.set(batch[2]!, label);
      return;
    }
    if (batch?.[1] === "-") {
      const ended = this.#batches.get(batch[2]!);
      this.#batches.delete(batch[2]!);
      const waiting = ended === undefined ? undefined : this.#waiting.get(ended);
      if (ended !== undefined && waiting !== undefined) this.#answered(ended, waiting.group);
      return;
    }
    const owner = label ?? this.#batches.get(tags.get("batch") ?? "");
    const waiting = owner === undefined ? undefined : this.#waiting.get(owner);
    if (owner === undefined || waiting === undefined) return;
    const refusal = parseServerRefusal(line);
    if (refusal !== undefined) waiting.group.refused.push({ ...refusal, entryId: waiting.entryId });
    if (label !== undefined) this.#answered(owner, waiting.group);
  }

  #capabilities(subcommand: string, names: readonly string[]): void {
    if (subcommand === "LS") this.#caps.clear(); // a new connection's negotiation
    for (const name of names.map((cap) => cap.replace(/=.*$/, "")).filter(Boolean)) {
      if (subcommand === "ACK") this.#caps.add(name.replace(/^-/, ""));
      if (subcommand === "DEL") this.#caps.delete(name);
    }
  }

  #answered(label: string, group: Group): void {
    this.#lastAnswerAt = performance.now();
    this.#waiting.delete(label);
    group.labels.delete(label);
    this.#o.onConfirmed?.("echo", 1);
    if (group.labels.size === 0) group.settle?.resolve(group.refused);
  }

  #failAll(error: Error): void {
    const groups = new Set([...this.#waiting.values()].map(({ group }) => group));
    this.#waiting.clear();
    this.#open = { labels: new Set(), refused: [] };
    this.#batches.clear();
    this.#session = undefined;
    for (const group of groups) group.settle?.reject(error);
  }

  #check(): void {
    // Waiting counts from the last answer: a server working through a burst keeps answering.
    if (this.#waiting.size === 0) this.#lastAnswerAt = performance.now();
    if (performance.now() - this.#lastAnswerAt <= this.#o.timeoutMs) return;
    const seconds = this.#o.timeoutMs / 1000;
    this.#failAll(new NotConnectedError(`no echo from the IRC server within ${seconds} s`));
    this.#o.irc.dropDead(`no echo within ${seconds} s`);
  }
}
