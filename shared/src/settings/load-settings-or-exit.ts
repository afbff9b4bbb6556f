import { applyV8Flags } from "./apply-v8-flags.js";
import { loadSettings, type Settings } from "./load-settings.js";
import { SettingsError } from "./read-raw-settings.js";

/** A service's start: runtime.env's V8 flags applied and the settings, or their problems on stderr and exit code 2. */
export function loadSettingsOrExit(env: NodeJS.ProcessEnv = process.env): Settings {
  try {
    applyV8Flags(env);
    return loadSettings(env);
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
}
