import type { OutboxCommand } from "@helga/shared";

/** The channel or nick a command is for: its queue, and what a server's refusal names. */
export function commandTarget(command: OutboxCommand): string {
  return command.op === "join" || command.op === "leave" ? command.channel : command.target;
}
