import { list, optionalNumber, optionalText, stringRecord, text } from "../core/payload-fields.js";
import { announce, ignored, type Normalised } from "../core/source-event.js";

/**
 * An Alertmanager-shaped alert group (Alertmanager's webhook v4, Grafana's unified alerting)
 * → one event: status, alert name, severity, summary, the group's count, a link. What the
 * line says of the whole group comes from what its alerts share (commonLabels,
 * commonAnnotations); each alert's own labels and summary go into the listed items.
 * @throws MalformedPayload when status or alerts are missing.
 */
export function normaliseAlertGroup(payload: unknown, name: string): Normalised {
  const status = text(payload, "status");
  if (status !== "firing" && status !== "resolved") return ignored(`status ${status} is not announced`);
  const all = list(payload, "alerts");
  const alerts = all.filter((alert) => optionalText(alert, "status") === status);
  const first = alerts[0] ?? all[0];
  const single = alerts.length <= 1;
  const labels = single ? { ...stringRecord(payload, "commonLabels"), ...stringRecord(first, "labels") } : { ...stringRecord(payload, "groupLabels"), ...stringRecord(payload, "commonLabels") };
  const annotations = single ? { ...stringRecord(payload, "commonAnnotations"), ...stringRecord(first, "annotations") } : stringRecord(payload, "commonAnnotations");
  const alertNames = [...new Set(alerts.map((alert) => stringRecord(alert, "labels").alertname).filter((value): value is string => value !== undefined))];
  const items = alerts.map((alert) => {
    const own = stringRecord(alert, "labels");
    const notes = stringRecord(alert, "annotations");
    const distinct = Object.entries(own).filter(([key]) => key !== "alertname" && labels[key] === undefined).map(([key, value]) => `${key}=${value}`).join(" ");
    return { id: alertNames.length > 1 ? own.alertname : undefined, text: [distinct, notes.summary ?? notes.description].filter(Boolean).join(": ") || "(no summary)" };
  });
  const count = alerts.length + (optionalNumber(payload, "truncatedAlerts") ?? 0);
  const sameRule = labels.alertname !== undefined || alertNames.length <= 1;
  return announce({
    kind: "alert",
    name,
    action: status,
    title: labels.alertname ?? (alertNames.length > 0 ? alertNames.join(", ") : (optionalText(payload, "receiver") ?? "alert")),
    severity: labels.severity,
    detail: annotations.summary ?? annotations.description,
    labels: Object.entries(labels).map(([key, value]) => `${key}=${value}`),
    url: (sameRule ? optionalText(first, "generatorURL") : undefined) ?? optionalText(payload, "externalURL") ?? optionalText(first, "silenceURL"),
    items,
    total: Math.max(count, items.length),
  });
}
