import type { OutboxCommand } from "../protocol/outbox-command.js";

/** Characters of a message's text the trail keeps: enough to recognise it, not a copy of the payload. */
export const TRAIL_TEXT_CHARS = 100;

/** What the trail records of a command when it is accepted: its op, target and the start of its text. */
export interface TrailFields {
  readonly requestId: string;
  readonly webhook: string;
  readonly op: string;
  readonly target: string;
  readonly text: string;
}

export function trailFields(command: OutboxCommand): TrailFields {
  const target = "channel" in command ? command.channel : command.target;
  const text = "text" in command ? command.text : command.op === "leave" ? (command.reason ?? "") : "";
  return {
    requestId: command.requestId,
    webhook: command.webhook ?? "",
    op: command.op,
    target,
    text: [...text].slice(0, TRAIL_TEXT_CHARS).join(""),
  };
}
