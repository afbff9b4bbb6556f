import { createAdminServer, createLogger, exitOnSignals, isChannel, loadSettingsOrExit } from "@helga/shared";
import { createBot } from "./create-bot.js";
import { ircLower } from "./irc/irc-lower.js";
import { serverLabel } from "./irc/server-list.js";

const settings = loadSettingsOrExit();

const logger = createLogger("bot", settings.logLevel);
const consumerName = process.env.BOT_ID || "bot";
const bot = createBot(settings, { logger, consumerName, metricLabels: { bot: consumerName, network: settings.network } });

/** Default 9091, apart from the gateway's 9090, so both can run on one host. */
const ADMIN_PORT = 9091;
/** Ready: registered on IRC and in every configured channel. */
const inAllChannels = () => {
  const lower = (name: string) => ircLower(name, bot.irc.casemapping);
  const joined = new Set(bot.irc.channels.map(lower));
  return settings.channels.filter(isChannel).every((channel) => joined.has(lower(channel)));
};
// Before start(): /healthz answers while the bot connects and while IRC is down.
const admin = await createAdminServer({
  port: settings.adminPort ?? ADMIN_PORT,
  logger,
  metrics: bot.metrics.registry,
  checks: { irc: () => bot.irc.registered, channels: inAllChannels },
}).catch((error: unknown) => {
  logger.fatal({ err: error }, "admin port could not open");
  process.exit(1);
});

exitOnSignals(logger, () => Promise.all([bot.stop(), admin.close()]));

try {
  await bot.start();
  logger.info({ network: settings.network, servers: settings.server.servers.map(serverLabel), nick: settings.nick }, "bot started");
} catch (error) {
  logger.fatal({ err: error }, "bot failed to start");
  process.exit(1);
}
