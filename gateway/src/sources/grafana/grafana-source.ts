import { BEARER_OR_BASIC_FAILURE, bearerOrBasic } from "../core/bearer-or-basic.js";
import { normaliseAlertGroup } from "../alerts/alert-group.js";
import { formatEvent } from "../irc/format-event.js";
import type { SourceType } from "../core/source-type.js";

/** Grafana unified alerting's webhook contact point: Alertmanager's shape, one line per group. */
export const grafanaSource: SourceType = {
  name: "grafana",
  verify: bearerOrBasic,
  failure: BEARER_OR_BASIC_FAILURE,
  deliveryHeaders: [],
  normalise: (_request, payload) => normaliseAlertGroup(payload, "alert"),
  format: formatEvent,
  defaultEvents: ["alert.firing", "alert.resolved"],
};
