import { z } from "zod";
import { InputRefusal } from "../input-refusal.js";
import { networkFor, parseIrkerTarget, type IrkerTarget } from "./irker-target.js";

const requestSchema = z.object({
  to: z.union([z.string(), z.array(z.string()).min(1)]),
  privmsg: z.string(),
});

export interface IrkerRequest {
  readonly targets: ReadonlyArray<IrkerTarget & { readonly network: string }>;
  readonly privmsg: string;
}

/** One irker JSON object, checked whole: any bad or unknown target refuses the request, so nothing half-sends. */
export function parseIrkerRequest(json: string, networks: ReadonlyMap<string, string>): IrkerRequest {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new InputRefusal("malformed", "not valid JSON");
  }
  const result = requestSchema.safeParse(value);
  if (!result.success) throw new InputRefusal("malformed", 'expected {"to": "irc://host/#chan" or a list of them, "privmsg": "text"}');
  const { to, privmsg } = result.data;
  if (privmsg.trim() === "") throw new InputRefusal("malformed", "privmsg is empty");
  const targets = (Array.isArray(to) ? to : [to]).map((url) => {
    const target = parseIrkerTarget(url);
    return { ...target, network: networkFor(target.host, networks) };
  });
  return { targets, privmsg };
}
