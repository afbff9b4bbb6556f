export { redisKeys, type RedisKeys } from "./protocol/redis-keys.js";
export { DEFAULT_NETWORK, isNetworkName, NETWORK_NAME_RULE } from "./protocol/network-name.js";
export { parseServerList, type ServerAddress } from "./settings/server-list.js";
export { isChannel, isIrcTarget, describeBadTarget } from "./protocol/irc-target.js";
export { outboxCommandSchema, encodeOutboxCommand, decodeOutboxCommand, OUTBOX_FIELD, type OutboxCommand } from "./protocol/outbox-command.js";
export { botStateSchema, type BotState } from "./protocol/bot-state.js";
export {
  gatewayReportSchema,
  routeSummarySchema,
  GATEWAY_HEARTBEAT_MS,
  GATEWAY_STALE_MS,
  type GatewayReport,
  type RouteSummary,
} from "./protocol/gateway-report.js";
export { controlEventSchema, encodeControlEvent, decodeControlEvent, type ControlEvent } from "./protocol/control-event.js";
export { loadSettings, type RedisSettings, type Settings } from "./settings/load-settings.js";
export { readRawSettings, SettingsError, type RawSettings } from "./settings/read-raw-settings.js";
export { createLogger, type Logger } from "./create-logger.js";
export { createRedis, reconnectDelay, type Redis, type RedisTarget, type CreateRedisOptions } from "./create-redis.js";
export { list as listSetting, bool as boolSetting, credentials as credentialsSetting } from "./settings/setting-types.js";
export { createAdminServer, type AdminServer, type AdminServerOptions, type MetricsSource, type ReadinessCheck } from "./admin/create-admin-server.js";
export { exitOnSignals } from "./exit-on-signals.js";
export { loadSettingsOrExit } from "./settings/load-settings-or-exit.js";
export { redisScript, type RedisScript } from "./redis-script.js";
