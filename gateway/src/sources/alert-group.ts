import { list, optionalNumber, optionalText, stringRecord, text } from "./payload-fields.js";
import { announce, ignored, type Normalised } from "./source-event.js";

/**
 * An Alertmanager-shaped alert group (Alertmanager's webhook v4, Grafana's unified alerting)
 * → one event: status, alert name, severity, summary, the group's count, a link.
 * @throws MalformedPayload when status or alerts are missing.
 */
export function normaliseAlertGroup(payload: unknown, name: string): Normalised {
  const status = text(payload, "status");
  if (status !== "firing" && status !== "resolved") return ignored(`status ${status} is not announced`);
  const alerts = list(payload, "alerts").filter((alert) => optionalText(alert, "status") === status);
  const first = alerts[0] ?? list(payload, "alerts")[0];
  const common = stringRecord(payload, "commonLabels");
  const annotations = { ...stringRecord(first, "annotations"), ...stringRecord(payload, "commonAnnotations") };
  const labels = { ...stringRecord(first, "labels"), ...common };
  const items = alerts.map((alert) => {
    const own = stringRecord(alert, "labels");
    const notes = stringRecord(alert, "annotations");
    const distinct = Object.entries(own).filter(([key]) => key !== "alertname" && common[key] === undefined).map(([key, value]) => `${key}=${value}`).join(" ");
    return { id: own.alertname, text: [distinct, notes.summary ?? notes.description].filter(Boolean).join(": ") || "(no summary)" };
  });
  const count = alerts.length + (status === "firing" ? (optionalNumber(payload, "truncatedAlerts") ?? 0) : 0);
  return announce({
    kind: "alert",
    name,
    action: status,
    title: labels.alertname ?? optionalText(payload, "receiver") ?? "alert",
    severity: labels.severity,
    detail: annotations.summary ?? annotations.description,
    labels: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
    url: optionalText(first, "generatorURL") ?? optionalText(first, "silenceURL") ?? optionalText(payload, "externalURL"),
    items,
    total: Math.max(count, items.length),
  });
}
