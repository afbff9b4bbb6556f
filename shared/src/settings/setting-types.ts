import { z } from "zod";
import { parseHostPort } from "./host-port.js";

/** Settings arrive as strings from the environment or as JSON values from HELGA_SETTINGS. */

/** A list: a JSON array, or comma-separated text. */
export const list = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const text = value.trim();
  if (text.startsWith("[")) {
    try {
      return JSON.parse(text);
    } catch {
      return value; // left as a string so the error says "expected array"
    }
  }
  return text === "" ? [] : text.split(",").map((item) => item.trim()).filter(Boolean);
}, z.array(z.string().min(1)));

export const bool = z.preprocess((value) => {
  if (typeof value !== "string") return value;
  const text = value.trim().toLowerCase();
  if (["1", "true", "yes", "on"].includes(text)) return true;
  if (["0", "false", "no", "off"].includes(text)) return false;
  return value;
}, z.boolean({ error: "must be true or false" }));

const toNumber = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? Number(value) : value);

export const int = (min: number, max: number) => {
  const error = `must be a whole number from ${min} to ${max}`;
  return z.preprocess(toNumber, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
};

export const num = (min: number, max: number) => {
  const error = `must be a number from ${min} to ${max}`;
  return z.preprocess(toNumber, z.number({ error }).min(min, { error }).max(max, { error }));
};

export const port = int(0, 65535);

/** `true`/`false` or a list of names, as helga's ENABLED_WEBHOOKS. */
export const namesOrAll = z.preprocess((value) => {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === "true";
  return value;
}, z.union([z.boolean(), list]));

/** `user:pass,user2:pass2`, a JSON object {user: pass} or a JSON array of [user, pass] pairs (helga's form). */
export const credentials = z.preprocess((value) => {
  let parsed = value;
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("[") || text.startsWith("{")) {
      try {
        parsed = JSON.parse(text);
      } catch {
        return value;
      }
    } else {
      return text === "" ? [] : text.split(",").map((pair) => {
        const at = pair.indexOf(":");
        return at > 0 ? [pair.slice(0, at).trim(), pair.slice(at + 1)] : pair;
      });
    }
  }
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return Object.entries(parsed);
  return parsed;
}, z.array(z.tuple([z.string().min(1), z.string().min(1)], { error: "must be user:pass pairs" }), { error: "must be user:pass pairs" }));

/** `host:port,host:port` (IPv6 as `[::1]:26379`), or a JSON array of such strings; each port is required. */
export const hostPorts = list.pipe(
  z.array(
    z.string().transform((entry, context) => {
      try {
        return parseHostPort(entry);
      } catch (error) {
        context.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  ),
);
