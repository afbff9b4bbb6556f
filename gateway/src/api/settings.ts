import { boolSetting, listSetting, type RawSettings } from "@helga/shared";
import { authoringServices } from "./authoring-services.js";

/** Unset, or set to nothing: the environment cannot tell the two apart, so neither can settings. */
const isUnset = (value: unknown) => value === undefined || value === null || value === "";

function get(name: string): unknown {
  const value = authoringServices().settings[name];
  return isUnset(value) ? undefined : value;
}

function string(name: string): string | undefined;
function string(name: string, fallback: string): string;
function string(name: string, fallback?: string): string | undefined {
  const value = get(name);
  if (value === undefined) return fallback;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return String(value);
  throw new TypeError(`Setting ${name} must be text, got ${Array.isArray(value) ? "a list" : typeof value}`);
}

function list(name: string, fallback: readonly string[] = []): string[] {
  const value = get(name);
  if (value === undefined) return [...fallback];
  const parsed = listSetting.safeParse(value);
  if (!parsed.success) throw new TypeError(`Setting ${name} must be a list (comma-separated or JSON)`);
  return parsed.data;
}

function bool(name: string): boolean | undefined;
function bool(name: string, fallback: boolean): boolean;
function bool(name: string, fallback?: boolean): boolean | undefined {
  const value = get(name);
  if (value === undefined) return fallback;
  const parsed = boolSetting.safeParse(value);
  if (!parsed.success) throw new TypeError(`Setting ${name} must be true or false (also 1/0, yes/no, on/off)`);
  return parsed.data;
}

function number(name: string): number | undefined;
function number(name: string, fallback: number): number;
function number(name: string, fallback?: number): number | undefined {
  const value = get(name);
  if (value === undefined) return fallback;
  const parsed = typeof value === "string" ? Number(value.trim()) : value;
  if (typeof parsed !== "number" || !Number.isFinite(parsed)) throw new TypeError(`Setting ${name} must be a number`);
  return parsed;
}

/** The setting's text; throws naming it when it is unset. */
function required(name: string): string {
  const value = string(name);
  if (value === undefined) throw new Error(`Setting ${name} is required`);
  return value;
}

/**
 * Read settings from webhook code: the environment, merged over the JSON file named by
 * `HELGA_SETTINGS`. Typed readers throw a TypeError naming a setting that is set but of the
 * wrong shape. To skip your package when a setting is missing, export `requires`.
 *
 * @example
 * export const requires = ["SHOP_URL"];
 * const channel = settings.string("SHOP_CHANNEL", "#shop");
 * const admins = settings.list("SHOP_ADMINS");
 */
export const settings = Object.freeze({ get, string, list, bool, number, required });

/**
 * The settings a webhook module requires (`export const requires = ["NAME", …]`) that are
 * unset. The loader skips a package when this is not empty.
 * @throws TypeError when `requires` is not a list of setting names.
 */
export function missingSettings(moduleExports: Readonly<Record<string, unknown>>, available: RawSettings): string[] {
  const declared = moduleExports.requires;
  if (declared === undefined) return [];
  if (!Array.isArray(declared) || !declared.every((name): name is string => typeof name === "string" && name !== "")) {
    throw new TypeError("`export const requires` must be a list of setting names");
  }
  return declared.filter((name) => isUnset(available[name]));
}
