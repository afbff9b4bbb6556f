import { BEARER_OR_BASIC_FAILURE, bearerOrBasic } from "../core/bearer-or-basic.js";
import { announce } from "../core/source-event.js";
import type { SourceType } from "../core/source-type.js";

/**
 * Any JSON sender (Sentry, Jenkins, a cron job): the entry's mustache `template` makes the
 * lines; the sender authenticates with a bearer token or basic auth.
 */
export const jsonSource: SourceType = {
  name: "json",
  verify: bearerOrBasic,
  failure: BEARER_OR_BASIC_FAILURE,
  deliveryHeaders: [],
  normalise: () => announce({ kind: "other", name: "json" }),
  // The loader requires a template for json entries, so this is never reached with lines to say.
  format: () => [],
  defaultEvents: ["json"],
};
