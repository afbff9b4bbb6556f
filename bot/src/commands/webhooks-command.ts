import { countDeadLetters, DEFAULT_NETWORK, listDeadLetters, liveGateways, routeLines, switchWebhooks, webhooksEnabled, type Logger, type Redis, type RedisKeys } from "@helga/shared";
import type { ControlBus } from "../control/control-bus.js";
import { requestReload } from "../control/request-reload.js";
import type { IncomingMessage } from "../irc/irc-events.js";
import type { CaseMapping } from "../irc/irc-lower.js";
import { isOperator } from "./is-operator.js";
import { parseCommand, type ParsedCommand } from "./parse-command.js";

/** The IRC server's latest refusal of a command, for `status`. */
export interface LastFailure {
  readonly target: string;
  readonly code: string;
  /** Short, e.g. "banned". */
  readonly name: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface WebhooksCommandDeps {
  readonly redis: Redis;
  readonly keys: RedisKeys;
  readonly bus: ControlBus;
  readonly operators: readonly string[];
  readonly irc: { readonly nick: string; readonly casemapping: CaseMapping; readonly channels: readonly string[] };
  /** Which replica answers, i.e. holds the lease (`status`). */
  readonly activeBot?: () => string;
  /** Sends a PRIVMSG through the flood sender. */
  readonly say: (target: string, text: string) => Promise<void>;
  /** Sends an ACTION through the flood sender. */
  readonly act: (target: string, text: string) => Promise<void>;
  readonly logger: Logger;
  readonly reloadTimeoutMs?: number;
  readonly lastFailure?: () => LastFailure | undefined;
}

export const USAGE = "Usage: webhooks (start|stop|routes|reload|status|deadletters)";

/** Dead letters `webhooks deadletters` lists, newest first, and how much of each text it shows. */
const DEAD_LETTERS_SHOWN = 3;
const DEAD_LETTER_TEXT_CHARS = 60;

/** helga's `webhooks` command: stop/start/reload/deadletters for operators, routes/status for anyone. */
export class WebhooksCommand {
  readonly #d: WebhooksCommandDeps;

  constructor(deps: WebhooksCommandDeps) {
    this.#d = deps;
  }

  /** Answers the message when it is a `webhooks` command; ignores anything else. */
  async handle(message: IncomingMessage): Promise<void> {
    const { irc, logger } = this.#d;
    const command = parseCommand(message.text, irc.nick, message.isPrivate, irc.casemapping);
    if (command === undefined) return;
    logger.info({ nick: message.nick, target: message.target, sub: command.sub }, "webhooks command");
    await this.#run(command, message);
  }

  async #run(command: ParsedCommand, message: IncomingMessage): Promise<void> {
    const { redis, keys, say } = this.#d;
    const replyTo = message.isPrivate ? message.nick : message.target;
    switch (command.sub) {
      case "stop":
      case "start": {
        if (!this.#isOperator(message)) return say(replyTo, `Sorry ${message.nick}, Only an operator can do that`);
        const enable = command.sub === "start";
        const changed = await switchWebhooks(redis, keys, enable);
        const reply = enable
          ? changed ? "Webhooks service started" : "Webhooks service already running"
          : changed ? "Webhooks service stopped" : "Webhooks service not running";
        return say(replyTo, reply);
      }
      case "routes":
        return this.#routes(message);
      case "reload":
        if (!this.#isOperator(message)) return say(replyTo, `Sorry ${message.nick}, Only an operator can do that`);
        return this.#reload(replyTo);
      case "status":
        return say(replyTo, await this.#status());
      case "deadletters":
        if (!this.#isOperator(message)) return say(replyTo, `Sorry ${message.nick}, Only an operator can do that`);
        return this.#deadLetters(message, replyTo);
      case "unknown":
        return say(replyTo, USAGE);
    }
  }

  #isOperator(message: IncomingMessage): boolean {
    return isOperator(this.#d.operators, message, this.#d.irc.casemapping);
  }

  /** As helga: a whisper action in the channel, then the routes in private. */
  async #routes(message: IncomingMessage): Promise<void> {
    const { redis, keys, say, act } = this.#d;
    const lines = routeLines(await liveGateways(redis, keys));
    if (!message.isPrivate) await act(message.target, `whispers to ${message.nick}`);
    await say(message.nick, `${message.nick}, here are the routes I know about`);
    for (const line of lines) await say(message.nick, line);
  }

  async #reload(replyTo: string): Promise<void> {
    const { redis, keys, bus, say, reloadTimeoutMs } = this.#d;
    const expected = (await liveGateways(redis, keys)).length;
    const answers = await requestReload(redis, keys, bus, expected, reloadTimeoutMs);
    const routes = answers.reduce((sum, answer) => sum + answer.routes, 0);
    const failed = [...new Set(answers.flatMap((answer) => answer.failed))];
    const tail = failed.length > 0 ? `; failed: ${failed.join(", ")}` : "";
    await say(replyTo, `Reloaded webhooks on ${answers.length} gateway(s): ${routes} routes${tail}`);
  }

  /** The count where asked; the newest few in private, since they carry message text. */
  async #deadLetters(message: IncomingMessage, replyTo: string): Promise<void> {
    const { redis, keys, say } = this.#d;
    const [count, newest] = await Promise.all([countDeadLetters(redis, keys), listDeadLetters(redis, keys, DEAD_LETTERS_SHOWN)]);
    if (count === 0) return say(replyTo, "No dead letters");
    const shown = newest.length < count ? `the newest ${newest.length}` : newest.length === 1 ? "it" : "them";
    await say(replyTo, `${count} dead letter(s); ${shown} in private. Replay or discard: npm run deadletters -- replay|discard <id|all>, or the console`);
    for (const letter of newest) {
      const text = [...(letter.text ?? "")];
      const preview = text.length > DEAD_LETTER_TEXT_CHARS ? `${text.slice(0, DEAD_LETTER_TEXT_CHARS).join("")}…` : text.join("");
      const age = Math.max(0, Math.round((Date.now() - letter.failedAt) / 60_000));
      await say(message.nick, `${letter.id} ${letter.target ?? "?"} ${age} min ago: ${letter.reason}${preview ? ` — "${preview}"` : ""}`);
    }
  }

  async #status(): Promise<string> {
    const { redis, keys, irc } = this.#d;
    const [enabled, gateways, depth] = await Promise.all([webhooksEnabled(redis, keys), liveGateways(redis, keys), redis.xlen(keys.outbox)]);
    const channels = irc.channels.length > 0 ? irc.channels.join(", ") : "no channels";
    const failure = this.#d.lastFailure?.();
    const failed = failure ? `; last failure: ${failure.target} ${failure.code} ${failure.name}, ${ago(Date.now() - failure.at)}` : "";
    const active = this.#d.activeBot ? `; active bot: ${this.#d.activeBot()}` : "";
    // Each network's bot answers for its own network; the default one keeps helga's plain wording.
    const network = keys.network === DEFAULT_NETWORK ? "" : ` (${keys.network})`;
    return `IRC${network}: connected as ${irc.nick} in ${channels}; webhooks: ${enabled ? "on" : "off"}; gateways: ${gateways.length} live; outbox: ${depth} queued${active}${failed}`;
  }
}

/** "12 s ago", "2 min ago", "3 h ago". */
export function ago(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}
