import { randomUUID } from "node:crypto";
import type { CoreRequest } from "./core-types.js";

/** Ids a proxy or sender may set: short, printable, nothing that could break a log line or a Redis field. */
const SANE_ID = /^[A-Za-z0-9._:@+=/-]{1,128}$/;

/** The caller's X-Request-Id when it is sane, else a new UUID. */
export function requestIdFrom(headers: CoreRequest["headers"]): string {
  const given = headers["x-request-id"];
  return typeof given === "string" && SANE_ID.test(given) ? given : randomUUID();
}
