import { InputRefusal } from "../input-refusal.js";

/** Where an irccat line goes: its own targets, every channel the bot is in (`#*`), or the default channel. */
export type IrccatTargets = { readonly kind: "list"; readonly targets: readonly string[] } | { readonly kind: "all" } | { readonly kind: "default" };

export interface IrccatLine {
  readonly to: IrccatTargets;
  readonly text: string;
}

/**
 * Reads one irccat line: `#chan text`, `#a,@nick text`, `#* text`, or plain text for the
 * default channel. `%TOPIC` (irccat's topic command) is refused: the inputs only speak.
 */
export function parseIrccatLine(line: string): IrccatLine {
  if (line.startsWith("%TOPIC ")) throw new InputRefusal("malformed", "%TOPIC is not supported; only messages are relayed");
  if (!line.startsWith("#") && !line.startsWith("@")) return { to: { kind: "default" }, text: line };
  const space = line.indexOf(" ");
  const head = space === -1 ? line : line.slice(0, space);
  const text = space === -1 ? "" : line.slice(space + 1);
  if (text.trim() === "") throw new InputRefusal("malformed", `no text after the target ${JSON.stringify(head.slice(0, 100))}`);
  if (head === "#*") return { to: { kind: "all" }, text };
  const targets = head.split(",").map((target) => (target.startsWith("@") ? target.slice(1) : target));
  if (targets.some((target) => target === "" || target === "#")) throw new InputRefusal("malformed", `empty target in ${JSON.stringify(head.slice(0, 100))}`);
  return { to: { kind: "list", targets }, text };
}
