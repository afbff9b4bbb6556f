import type { Logger, OutboxCommand } from "@helga/shared";

/** Request ids named one by one in a summary; past this, the first and last stand for the rest. */
const LISTED_IDS = 50;

/**
 * What the bot sent, logged without an info line per command: each command at debug (stream
 * id, request id), and at most once every `intervalMs` one info line summing up the commands
 * sent since the last: how many, per webhook, and their request ids (the first and the last
 * only, past LISTED_IDS), so a request id from the gateway's access log can be followed to
 * the bot at the default LOG_LEVEL. An info line per command cost about a tenth of the bot's
 * CPU under load (BENCHMARKS.md); LOG_LEVEL=debug gives the line per command back.
 */
export class SentSummary {
  readonly #logger: Logger;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #count = 0;
  #byWebhook = new Map<string, number>();
  #requestIds: string[] = [];
  #lastRequestId = "";

  constructor(logger: Logger, intervalMs = 1_000) {
    this.#logger = logger;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer ??= setInterval(() => this.flush(), this.#intervalMs).unref();
  }

  /** One command sent (its lines written). */
  sent(id: string, command: OutboxCommand): void {
    this.#logger.debug({ id, requestId: command.requestId, op: command.op, webhook: command.webhook }, "outbox command sent");
    this.#count++;
    const webhook = command.webhook ?? "";
    this.#byWebhook.set(webhook, (this.#byWebhook.get(webhook) ?? 0) + 1);
    if (this.#requestIds.length < LISTED_IDS) this.#requestIds.push(command.requestId);
    this.#lastRequestId = command.requestId;
  }

  /** Logs what was sent since the last summary, if anything was. */
  flush(): void {
    if (this.#count === 0) return;
    const requestIds = this.#count <= LISTED_IDS ? this.#requestIds : [this.#requestIds[0]!, this.#lastRequestId];
    const listed = this.#count <= LISTED_IDS ? "" : ` (request ids: the first and the last of them)`;
    this.#logger.info({ sent: this.#count, webhooks: Object.fromEntries(this.#byWebhook), requestIds }, `outbox commands sent: ${this.#count}${listed}`);
    this.#count = 0;
    this.#byWebhook = new Map();
    this.#requestIds = [];
  }

  /** Stops the timer and logs what is left. Safe to call twice. */
  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.flush();
  }
}
