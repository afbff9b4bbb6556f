import { createTestKit } from "../../src/testing/index.js";
import { sourceEntrySchema } from "../../src/sources/loading/source-entry.js";
import { sourceRoute } from "../../src/sources/core/source-route.js";
import { SOURCE_TYPES } from "../../src/sources/source-types.js";
import { captureLogger } from "../helpers/capture-logger.js";

/** A slack or discord entry's route with a test kit; only_changes never applies to chat messages. */
export function chatRoute(entry: Record<string, unknown>) {
  const parsed = sourceEntrySchema.parse({ channels: ["#dev", "#ops"], secret: "s3cret", ...entry });
  const { logger } = captureLogger();
  const ciStates = { swap: () => Promise.reject(new Error("chat messages have no CI state")) };
  return { route: sourceRoute(parsed, SOURCE_TYPES[parsed.type], { logger, ciStates }), kit: createTestKit() };
}

/** The text of each message the route queued, with its target. */
export const said = (calls: ReadonlyArray<{ op: string; target?: string; text?: string }>) => calls.map((call) => `${call.target ?? ""} ${call.text ?? ""}`);
