import { authoringServices } from "../api/authoring-services.js";

export interface SecretOptions {
  /**
   * Name of the setting that holds the secret, or several names for rotation
   * (a setting may also hold a JSON list of secrets in HELGA_SETTINGS).
   */
  readonly secret?: string | readonly string[];
  /** The secret itself, or several for rotation, when it does not come from settings. */
  readonly secretValue?: string | readonly string[];
}

const asList = (value: string | readonly string[]): readonly string[] => (typeof value === "string" ? [value] : value);

/**
 * Checks the options at declaration and returns a reader of the current secrets.
 * Settings are read per request, so the test kit and a reload see their own values.
 */
export function secretSource(who: string, options: SecretOptions): () => string[] {
  if ((options.secret === undefined) === (options.secretValue === undefined)) {
    throw new TypeError(`${who}: give either secret (setting names) or secretValue (the secrets), exactly one`);
  }
  const names = options.secret === undefined ? undefined : asList(options.secret);
  const values = options.secretValue === undefined ? undefined : asList(options.secretValue);
  for (const item of names ?? values ?? []) {
    if (typeof item !== "string" || item === "") throw new TypeError(`${who}: secrets and setting names must be non-empty strings`);
  }
  if (values) return () => [...values];
  const settingNames = names ?? [];
  return () => {
    const { settings } = authoringServices();
    const secrets = settingNames.flatMap((name) => secretsIn(settings[name]));
    if (secrets.length === 0) throw new Error(`${who}: setting ${settingNames.join(" or ")} is not set, so no request can be verified`);
    return secrets;
  };
}

function secretsIn(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string" && item !== "");
  return [];
}
