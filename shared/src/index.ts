export { plainStreamId, redisKeys, sortableStreamId, type RedisKeys } from "./protocol/redis-keys.js";
export { DEFAULT_NETWORK, isNetworkName, NETWORK_NAME_RULE } from "./protocol/network-name.js";
export { parseServerList, type ServerAddress } from "./settings/server-list.js";
export { formatHostPort, parseHostPort, type HostPort } from "./settings/host-port.js";
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
export { addressMatcher, type RelayInputSettings } from "./settings/relay-input-settings.js";
export { readRawSettings, SettingsError, type RawSettings } from "./settings/read-raw-settings.js";
export { createLogger, type Logger } from "./create-logger.js";
export { createRedis, reconnectDelay, type Redis, type RedisTarget, type CreateRedisOptions } from "./create-redis.js";
export { list as listSetting, bool as boolSetting, credentials as credentialsSetting } from "./settings/setting-types.js";
export { createAdminServer, type AdminRoutes, type AdminServer, type AdminServerOptions, type MetricsSource, type ReadinessCheck } from "./admin/create-admin-server.js";
export { exitOnSignals } from "./exit-on-signals.js";
export { applyV8Flags, V8_FLAGS_VARIABLE } from "./settings/apply-v8-flags.js";
export { loadSettingsOrExit } from "./settings/load-settings-or-exit.js";
export { DELIVERY_STATUSES, type DeliveryRecord, type DeliveryStatus } from "./trail/delivery-record.js";
export { trailFields, type TrailFields } from "./trail/trail-fields.js";
export { appendCommand, loadAppendScript, queueAppend, type AppendInput, type TrailLimits } from "./trail/append-command.js";
export { createDeliveryTrail, type DeliveryTrail } from "./trail/delivery-trail.js";
export { readDeliveries, readMinuteCounts, type DeliveryPage, type DeliveryQuery, type MinuteCounts } from "./trail/read-deliveries.js";
export { countDeadLetters, listDeadLetters, type DeadLetter } from "./dead-letters/read-dead-letters.js";
export { replayDeadLetters } from "./dead-letters/replay-dead-letters.js";
export { discardDeadLetters } from "./dead-letters/discard-dead-letters.js";
export type { DeadLetterOutcome } from "./dead-letters/for-each-dead-letter.js";
export { switchWebhooks, webhooksEnabled } from "./control/webhooks-switch.js";
export { liveGateways, routeLines } from "./control/live-gateways.js";
export { readOutboxBacklog, type OutboxBacklog } from "./control/read-outbox-backlog.js";
export { redisScript, type RedisScript } from "./redis-script.js";
