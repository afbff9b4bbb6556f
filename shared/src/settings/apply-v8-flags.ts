import { setFlagsFromString } from "node:v8";
import { SettingsError } from "./read-raw-settings.js";

/** runtime.env's variable for the V8 flags node refuses in NODE_OPTIONS (e.g. --heap-growing-percent). */
export const V8_FLAGS_VARIABLE = "HELGA_V8_FLAGS";

const FLAG = /^--[a-z][a-z0-9-]*(?:=[\w.]+)?$/;

/**
 * Applies HELGA_V8_FLAGS: first thing at each service's start (loadSettingsOrExit), so the one file of runtime flags
 * can hold V8 flags that NODE_OPTIONS may not. Only flags that V8 reads as it runs belong there
 * (GC heuristics such as --heap-growing-percent, read at each collection); flags that size the
 * heap at start go in NODE_OPTIONS. Returns the flags applied; anything that is not `--name` or
 * `--name=value` is a SettingsError naming the variable.
 */
export function applyV8Flags(env: NodeJS.ProcessEnv = process.env): readonly string[] {
  const flags = (env[V8_FLAGS_VARIABLE] ?? "").split(/\s+/).filter(Boolean);
  const bad = flags.find((flag) => !FLAG.test(flag));
  if (bad !== undefined) throw new SettingsError([`${V8_FLAGS_VARIABLE}: ${JSON.stringify(bad)} is not a V8 flag (--name or --name=value)`]);
  if (flags.length > 0) setFlagsFromString(flags.join(" "));
  return flags;
}
