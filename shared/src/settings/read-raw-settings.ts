import { readFileSync } from "node:fs";
import { readSettingFiles } from "./read-setting-files.js";

export type RawSettings = Readonly<Record<string, unknown>>;

/**
 * Merges the optional JSON file named by HELGA_SETTINGS with the environment and the
 * `NAME_FILE` secret files. The environment wins, so a container can override one value of
 * a mounted file. An unreadable `NAME_FILE` stops the service when `isSetting(NAME)`.
 */
export function readRawSettings(env: NodeJS.ProcessEnv = process.env, isSetting: (name: string) => boolean = () => true): RawSettings {
  const file = env.HELGA_SETTINGS;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new SettingsError([`HELGA_SETTINGS: cannot read ${file}: ${(error as Error).message}`]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new SettingsError([`HELGA_SETTINGS: ${file} is not valid JSON: ${(error as Error).message}`]);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SettingsError([`HELGA_SETTINGS: ${file} must hold a JSON object of settings`]);
    }
    fromFile = parsed as Record<string, unknown>;
  }
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ""));
  const secrets = readSettingFiles(env, isSetting);
  if (secrets.problems.length) throw new SettingsError(secrets.problems);
  return Object.freeze({ ...fromFile, ...fromEnv, ...secrets.values });
}

/** Invalid settings: each problem names the setting and what is wrong with it. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n  - ${problems.join("\n  - ")}`);
    this.name = "SettingsError";
  }
}
