import { isChannel, isIrcTarget, type OutboxCommand } from "@helga/shared";
import { sanitizeLine, textToLines } from "./sanitize-text.js";
import { splitUtf8, utf8Length } from "./split-utf8.js";

/** RFC 1459 line limit, CR LF included. */
export const IRC_LINE_BYTES = 512;
/** Room for the `:nick!~user@host ` prefix the server adds when it relays our line. */
export const SERVER_PREFIX_BYTES = 100;
const CRLF_BYTES = 2;
/** Below this many bytes of text per line, a target is too long to be worth sending to. */
const MIN_TEXT_BYTES = 32;

/** A command we will never be able to send as it stands; it goes to the dead-letter stream. */
export class UnsendableCommandError extends Error {
  override name = "UnsendableCommandError";
}

/** Chat commands (a message, an action or a notice) as the raw lines to write, long text split. */
export function chatLines(kind: "msg" | "me" | "notice", target: string, text: string): string[] {
  if (!isIrcTarget(target)) throw new UnsendableCommandError(`not a valid IRC target: ${JSON.stringify(target)}`);
  const verb = kind === "notice" ? "NOTICE" : "PRIVMSG";
  const [open, close] = kind === "me" ? ["\x01ACTION ", "\x01"] : ["", ""];
  const head = `${verb} ${target} :${open}`;
  const budget = IRC_LINE_BYTES - SERVER_PREFIX_BYTES - CRLF_BYTES - utf8Length(head) - utf8Length(close);
  if (budget < MIN_TEXT_BYTES) throw new UnsendableCommandError(`target ${JSON.stringify(target)} is too long to send to`);
  return textToLines(text).flatMap((line) => splitUtf8(line, budget).map((chunk) => `${head}${chunk}${close}`));
}

/** The raw IRC lines for one outbox command. Throws UnsendableCommandError when it cannot be sent. */
export function commandLines(command: OutboxCommand): string[] {
  switch (command.op) {
    case "msg":
    case "me":
    case "notice":
      return chatLines(command.op, command.target, command.text);
    case "join": {
      if (!isChannel(command.channel)) throw new UnsendableCommandError(`not a valid channel: ${JSON.stringify(command.channel)}`);
      if (command.key === undefined || command.key === "") return [`JOIN ${command.channel}`];
      if (!/^[^\s,\x00-\x1f\x7f]+$/u.test(command.key)) throw new UnsendableCommandError("channel key contains a space, comma or control character");
      return [`JOIN ${command.channel} ${command.key}`];
    }
    case "leave": {
      if (!isChannel(command.channel)) throw new UnsendableCommandError(`not a valid channel: ${JSON.stringify(command.channel)}`);
      const reason = sanitizeLine((command.reason ?? "").replace(/\r\n|\r|\n/g, " "));
      if (reason === "") return [`PART ${command.channel}`];
      const head = `PART ${command.channel} :`;
      const budget = IRC_LINE_BYTES - SERVER_PREFIX_BYTES - CRLF_BYTES - utf8Length(head);
      const [first = ""] = splitUtf8(reason, Math.max(budget, 4));
      return [`${head}${first}`];
    }
  }
}
