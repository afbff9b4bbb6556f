import { BEARER_OR_BASIC_FAILURE, bearerOrBasic } from "../bearer-or-basic.js";
import { normaliseAlertGroup } from "../alert-group.js";
import { formatEvent } from "../format-event.js";
import type { SourceType } from "../source-type.js";

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
