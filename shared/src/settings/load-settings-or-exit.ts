import { loadSettings, type Settings } from "./load-settings.js";
import { SettingsError } from "./read-raw-settings.js";

/** A service's start: the settings, or their problems on stderr and exit code 2. */
export function loadSettingsOrExit(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
