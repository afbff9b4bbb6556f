import {
  createLogger,
  createRedis,
  discardDeadLetters,
  listDeadLetters,
  loadSettingsOrExit,
  redisKeys,
  replayDeadLetters,
  countDeadLetters,
  type DeadLetterOutcome,
} from "@helga/shared";

/**
 * `npm run deadletters -- list [count] | replay <id…|all> | discard <id…|all>`, with the
 * services' settings (REDIS_URL, REDIS_PREFIX, TRAIL_*), so `docker compose exec bot npm run
 * deadletters -- list` works as it is. Exit codes: 0 done, 1 something not done, 2 bad usage.
 */

const USAGE = "usage: npm run deadletters -- list [count] | replay <id…|all> | discard <id…|all>";
const [action, ...rest] = process.argv.slice(2);
const out = (line: string) => process.stdout.write(`${line}\n`);

if (action !== "list" && action !== "replay" && action !== "discard") usage();
if (action !== "list" && rest.length === 0) usage();

const settings = loadSettingsOrExit();
const keys = redisKeys(settings.redis.prefix);
const redis = createRedis(settings.redis.url, { name: "deadletters-cli", logger: createLogger("deadletters", "silent"), failFast: true });

try {
  await redis.connect();
  let failed = false;
  if (action === "list") {
    const count = rest[0] === undefined ? 20 : Number(rest[0]);
    if (!Number.isInteger(count) || count < 1) usage();
    const [total, letters] = await Promise.all([countDeadLetters(redis, keys), listDeadLetters(redis, keys, count)]);
    out(`${total} dead letter(s)${total > letters.length ? `, newest ${letters.length} shown` : ""}`);
    for (const letter of letters) {
      const when = new Date(letter.failedAt).toISOString();
      const attempts = letter.attempts === undefined ? "" : ` after ${letter.attempts} attempt(s)`;
      out(`${letter.id}  ${when}  ${letter.target ?? "?"}  ${letter.requestId ?? "-"}  ${letter.reason}${attempts}${letter.text ? `  "${letter.text}"` : ""}`);
    }
  } else {
    const which = rest.includes("all") ? "all" : rest;
    const outcome: DeadLetterOutcome = action === "replay" ? await replayDeadLetters(redis, keys, settings.trail, which) : await discardDeadLetters(redis, keys, which);
    const verb = action === "replay" ? "replayed" : "discarded";
    for (const done of outcome.done) out(`${verb} ${done.id}${done.outboxId ? ` as outbox entry ${done.outboxId}` : ""}`);
    for (const id of outcome.missing) out(`not found: ${id}`);
    for (const { id, reason } of outcome.refused) out(`not ${verb}: ${id}: ${reason}`);
    out(`${outcome.done.length} ${verb}`);
    failed = outcome.missing.length + outcome.refused.length > 0;
  }
  redis.disconnect();
  process.exit(failed ? 1 : 0);
} catch (error) {
  process.stderr.write(`deadletters: Redis at ${new URL(settings.redis.url).host} (REDIS_URL): ${error instanceof Error ? error.message : String(error)}\n`);
  redis.disconnect();
  process.exit(1);
}

function usage(): never {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
