/**
 * The Lua scripts of the Redis coordinator. Each runs atomically on the server, which is what makes a
 * claim exactly-once: reading the task's state, comparing the planned time with the last one claimed
 * and counting the run happen with no other client in between. Times come from Redis's `TIME`, so
 * instances with skewed clocks still agree on "now" for anchors and `lastRunAt`.
 *
 * Keys (named by `RedisKeys`; one hash tag for all of a prefix's keys, so one Redis Cluster slot):
 * - `<prefix>{<tag>}:task:<key>`  hash: epoch, anchor, spec, status, last (latest planned time
 *   claimed or skipped), count (runs claimed in this epoch), lastRunAt
 * - `<prefix>{<tag>}:lease:<key>` string: the token of the run holding the task (exclusive runs only), PX ttl
 * Every value is passed and returned as a string: Lua would truncate numbers in replies to integers.
 */

/** The Redis clock in ms, as a Lua expression's prelude. */
const REDIS_NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** Replies with the task's state: epoch, anchor, spec, status, count, lastRunAt, last, now. */
const REPLY_STATE = `
local s = redis.call('HMGET', KEYS[1], 'epoch', 'anchor', 'spec', 'status', 'count', 'lastRunAt', 'last')
return {s[1], s[2], s[3], s[4], s[5], s[6], s[7], tostring(now)}
`;

/**
 * REGISTER: KEYS task; ARGV spec, firstRun ('' for none). The first registration stores the anchor
 * (like a SET NX); later ones read what is stored. A removed task (its tombstone) starts afresh, in a
 * new epoch so that instances still on the old one notice.
 */
export const REGISTER_SCRIPT = `${REDIS_NOW}
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'removed' then
  local epoch = (tonumber(redis.call('HGET', KEYS[1], 'epoch')) or 0) + 1
  local anchor = ARGV[2]
  if anchor == '' then anchor = tostring(now) end
  redis.call('HSET', KEYS[1], 'epoch', tostring(epoch), 'anchor', anchor, 'spec', ARGV[1],
    'status', 'active', 'count', '0', 'lastRunAt', '', 'last', '')
  redis.call('PERSIST', KEYS[1])
end
${REPLY_STATE}`;

/**
 * RESTART: KEYS task; ARGV spec, firstRun. A new epoch anchored at `firstRun` if it is still in the
 * future (by Redis's clock), else now; the count starts over.
 */
export const RESTART_SCRIPT = `${REDIS_NOW}
local epoch = (tonumber(redis.call('HGET', KEYS[1], 'epoch')) or 0) + 1
local anchor = tostring(now)
if ARGV[2] ~= '' and tonumber(ARGV[2]) > now then anchor = ARGV[2] end
redis.call('HSET', KEYS[1], 'epoch', tostring(epoch), 'anchor', anchor, 'spec', ARGV[1],
  'status', 'active', 'count', '0', 'lastRunAt', '', 'last', '')
redis.call('PERSIST', KEYS[1])
${REPLY_STATE}`;

/** STATE: KEYS task. Reads the state (status 'removed' for a tombstone, all nil once forgotten). */
export const STATE_SCRIPT = `${REDIS_NOW}${REPLY_STATE}`;

/**
 * CLAIM: KEYS task, lease; ARGV epoch, plannedAt, runs ('' = unlimited), lease token ('' = not
 * exclusive), lease ms. Replies {verdict, count, lastRunAt, now}. No state at all is `lost` (Redis
 * lost its data, or the tombstone of a removed task expired), not `removed`. A planned time at or
 * before the last one claimed is refused, which makes every planned run claimable once and keeps the
 * claim after the run (ShedLock's "lock at least for" without a ttl to tune). A claim refused because
 * another instance's run still holds the lease moves `last` too, so that no other instance runs that
 * planned time either. Every reply carries Redis's time, which the instances keep their clocks by.
 */
export const CLAIM_SCRIPT = `${REDIS_NOW}
local clock = tostring(now)
local s = redis.call('HMGET', KEYS[1], 'epoch', 'status', 'count', 'lastRunAt', 'last')
if not s[1] then return {'lost', '0', '', clock} end
if s[2] == 'removed' then return {'removed', s[3], s[4], clock} end
if s[1] ~= ARGV[1] then return {'stale', s[3], s[4], clock} end
if s[2] ~= 'active' then return {'stopped', s[3], s[4], clock} end
local count = tonumber(s[3])
if ARGV[3] ~= '' and count >= tonumber(ARGV[3]) then return {'exhausted', s[3], s[4], clock} end
local planned = tonumber(ARGV[2])
if s[5] ~= '' and tonumber(s[5]) >= planned then return {'taken', s[3], s[4], clock} end
if ARGV[4] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[1], 'last', ARGV[2])
  return {'busy', s[3], s[4], clock}
end
count = count + 1
redis.call('HSET', KEYS[1], 'last', ARGV[2], 'count', tostring(count), 'lastRunAt', clock)
if ARGV[4] ~= '' then redis.call('SET', KEYS[2], ARGV[4], 'PX', ARGV[5]) end
return {'won', tostring(count), clock, clock}
`;

/** RENEW: KEYS lease; ARGV token, ms. Extends the lease if this run still holds it. */
export const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
`;

/** RELEASE: KEYS lease; ARGV token. Ends the lease if this run still holds it. */
export const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/** STOP: KEYS task. Marks the task stopped, if it exists and was not removed. */
export const STOP_SCRIPT = `
local status = redis.call('HGET', KEYS[1], 'status')
if status and status ~= 'removed' then redis.call('HSET', KEYS[1], 'status', 'stopped') end
return 1
`;

/**
 * REMOVE: KEYS task; ARGV tombstone ms. Marks the task removed and lets the state expire: an instance
 * that missed the message learns it from its next claim, while a hash that vanished (Redis lost its
 * data) is told apart as `lost`. A later registration starts the task afresh.
 */
export const REMOVE_SCRIPT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'status', 'removed')
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return 1
`;
