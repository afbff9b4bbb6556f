import Mustache from "mustache";
import type { SourceEntry } from "../loading/source-entry.js";
import type { SourceEvent } from "./source-event.js";

/** Most lines one template may produce: a template is a one-liner or close to it. */
const MAX_LINES = 4;

/**
 * The entry's template for this event: a single template, or the one its map gives for
 * "name.action", else "name", else "default". Undefined: use the type's own formatter.
 */
export function templateFor(template: SourceEntry["template"], event: Pick<SourceEvent, "name" | "action">): string | undefined {
  if (template === undefined || typeof template === "string") return template;
  return (event.action !== undefined ? template[`${event.name}.${event.action}`] : undefined) ?? template[event.name] ?? template.default;
}

/**
 * Renders a mustache template over the payload, without HTML escaping (IRC is not HTML);
 * each non-blank line becomes one message, control characters other than IRC formatting removed.
 * An empty list means the template rendered nothing.
 */
export function renderTemplate(template: string, payload: unknown): string[] {
  const view = typeof payload === "object" && payload !== null ? payload : { payload };
  const text = Mustache.render(template, view, {}, { escape: (value: unknown) => String(value) });
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/[\u0000-\u0001\u0004-\u000e\u0010-\u001c\u007f]/g, "").trim())
    .filter((line) => line !== "")
    .slice(0, MAX_LINES);
}
