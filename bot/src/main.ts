import { createLogger, loadSettings, SettingsError, type Settings } from "@helga/shared";
import { createBot } from "./create-bot.js";

let settings: Settings;
try {
  settings = loadSettings();
} catch (error) {
  if (!(error instanceof SettingsError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const logger = createLogger("bot", settings.logLevel);
const bot = createBot(settings, { logger, consumerName: process.env.BOT_ID || "bot" });

let stopping = false;
const shutdown = (signal: NodeJS.Signals) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  bot.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

try {
  await bot.start();
  logger.info({ server: `${settings.server.host}:${settings.server.port}`, nick: settings.nick }, "bot started");
} catch (error) {
  logger.fatal({ err: error }, "bot failed to start");
  process.exit(1);
}
