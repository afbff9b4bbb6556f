import { parseBasicAuthorization } from "../../api/basic-authorization.js";
import type { WebhookRequest } from "../../api/types.js";
import { equalsAny } from "../../signing/constant-time-equal.js";

/**
 * Alertmanager's and Grafana's `http_config`: `Authorization: Bearer <secret>`, or basic
 * auth whose "user:password" is the secret. Compared in constant time.
 */
export function bearerOrBasic(request: WebhookRequest, secrets: readonly string[]): boolean {
  const header = request.headers.authorization ?? "";
  const bearer = /^bearer +(\S+) *$/i.exec(header)?.[1];
  if (bearer !== undefined) return equalsAny(bearer, secrets);
  const basic = parseBasicAuthorization(header);
  return basic !== undefined && equalsAny(`${basic.user}:${basic.password}`, secrets);
}

export const BEARER_OR_BASIC_FAILURE = "Invalid or missing Authorization (Bearer token or basic auth)";
