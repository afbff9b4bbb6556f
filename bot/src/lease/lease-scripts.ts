import { redisScript } from "@helga/shared";

/**
 * Takes the lease when nobody holds it (SET NX PX, with the fencing token from INCR in the
 * same atomic step). KEYS: lease, token counter. ARGV: holder id, ttl ms.
 * Reply: [token, 0, value] when taken; [0, ms left, holder's value] when someone holds it.
 */
export const acquireLease = redisScript(`
local current = redis.call('GET', KEYS[1])
if current then return {0, redis.call('PTTL', KEYS[1]), current} end
local token = redis.call('INCR', KEYS[2])
local value = token .. ' ' .. ARGV[1]
redis.call('SET', KEYS[1], value, 'NX', 'PX', ARGV[2])
return {token, 0, value}
`);

/** Extends the lease only while it is still ours (check-and-extend). KEYS: lease. ARGV: our value, ttl ms. Reply: 1 or 0. */
export const renewLease = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** Gives the lease up at a clean stop, so a standby takes over at once. KEYS: lease. ARGV: our value. */
export const releaseLease = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`);

/**
 * Acks outbox entries (XACK + XDEL), first appending the one entry to the dead-letter stream
 * when given its fields, only while the fencing token is current: a holder that lost the lease
 * cannot mark an entry done that the new holder still has to send.
 * KEYS: lease, outbox, dead letters. ARGV: our value, group, dead-letter maxlen, n, n ids, dead-letter fields…
 * Reply: 1, or 0 when the lease is not ours.
 */
export const fencedAck = redisScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local n = tonumber(ARGV[4])
local ids = {}
for i = 1, n do ids[i] = ARGV[4 + i] end
if #ARGV > 4 + n then
  local fields = {}
  for i = 5 + n, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[3], '*', unpack(fields))
end
redis.call('XACK', KEYS[2], ARGV[2], unpack(ids))
redis.call('XDEL', KEYS[2], unpack(ids))
return 1
`);
