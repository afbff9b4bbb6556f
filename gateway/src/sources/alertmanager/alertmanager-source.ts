import { BEARER_OR_BASIC_FAILURE, bearerOrBasic } from "../core/bearer-or-basic.js";
import { normaliseAlertGroup } from "../alerts/alert-group.js";
import { formatEvent } from "../irc/format-event.js";
import { field } from "../core/payload-fields.js";
import { ignored } from "../core/source-event.js";
import type { SourceType } from "../core/source-type.js";

/** Prometheus Alertmanager's webhook receiver (payload version 4): one line per alert group. */
export const alertmanagerSource: SourceType = {
  name: "alertmanager",
  verify: bearerOrBasic,
  failure: BEARER_OR_BASIC_FAILURE,
  deliveryHeaders: [],
  normalise: (_request, payload) => (field(payload, "version") === "4" ? normaliseAlertGroup(payload, "alert") : ignored(`payload version ${String(field(payload, "version"))} is not Alertmanager's version 4`)),
  format: formatEvent,
  defaultEvents: ["alert.firing", "alert.resolved"],
};
