import { createAdminServer, createLogger, exitOnSignals, isChannel, loadSettingsOrExit } from "@helga/shared";
import { createBot } from "./create-bot.js";
import { ircLower } from "./irc/irc-lower.js";
import { serverLabel } from "./irc/reconnect/server-list.js";

const settings = loadSettingsOrExit();

const logger = createLogger("bot", settings.logLevel);
const consumerName = settings.bot.id;
/** EX_TEMPFAIL: not an error in the bot; the orchestrator's restart brings it back as a standby. */
const LEASE_LOST_EXIT_CODE = 75;
const bot = createBot(settings, {
  logger,
  consumerName,
  metricLabels: { bot: consumerName, network: settings.network },
  // Exiting closes the IRC socket at once, with no QUIT or any other line, and drops every
  // timer and queue of the lost term (as Kubernetes' own controllers do on losing leadership).
  onLeaseLost: () => process.exit(LEASE_LOST_EXIT_CODE),
});

/** Default 9091, apart from the gateway's 9090, so both can run on one host. */
const ADMIN_PORT = 9091;
/** Ready: registered on IRC and in every configured channel — or a standby, ready to take over. */
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
  checks: { irc: () => !bot.lease.held || bot.irc.registered, channels: () => !bot.lease.held || inAllChannels() },
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
