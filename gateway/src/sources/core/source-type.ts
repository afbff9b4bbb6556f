import type { HandlerResult, WebhookRequest } from "../../api/types.js";
import type { Normalised, SourceEvent } from "./source-event.js";

/** One kind of sender: how its requests are checked, what its payloads mean, how they read on IRC. */
export interface SourceType {
  readonly name: SourceTypeName;
  /** True when the request carries the sender's proof (signature, token, bearer or basic auth) for one of `secrets`. */
  verify(request: WebhookRequest, secrets: readonly string[]): boolean;
  /** The 401 answer when verify fails: names the header the sender should have set. */
  readonly failure: string;
  /** Headers carrying the sender's delivery id, first present wins; none: no replay guard. */
  readonly deliveryHeaders: readonly string[];
  /** Payload (already JSON) → event, ping or ignored. */
  normalise(request: WebhookRequest, payload: unknown): Normalised;
  /** Event → lines (the entry's template, when given, is used instead). */
  format(event: SourceEvent, options: FormatOptions): string[];
  /** Announced when the entry has no `events:`: event names, or "name.action". */
  readonly defaultEvents: readonly string[];
  /** The secret may also be the URL's last segment after the entry's path, as Slack's and Discord's webhook URLs carry it. */
  readonly secretInPath?: boolean;
  /** The answer once the lines are queued, as the sender expects it (Slack's "ok"); default "Announced". */
  answer?(request: WebhookRequest): HandlerResult;
}

/** What an entry says about its lines: `max_lines` (chat senders; default 5). */
export interface FormatOptions {
  readonly maxLines: number | undefined;
}

export const SOURCE_TYPE_NAMES = ["github", "gitlab", "gitea", "alertmanager", "grafana", "json", "slack", "discord"] as const;
export type SourceTypeName = (typeof SOURCE_TYPE_NAMES)[number];
