import type { WebhookRequest } from "../../api/types.js";
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
  format(event: SourceEvent): string[];
  /** Announced when the entry has no `events:`: event names, or "name.action". */
  readonly defaultEvents: readonly string[];
}

export const SOURCE_TYPE_NAMES = ["github", "gitlab", "gitea", "alertmanager", "grafana", "json"] as const;
export type SourceTypeName = (typeof SOURCE_TYPE_NAMES)[number];
