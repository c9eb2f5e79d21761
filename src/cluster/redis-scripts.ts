/**
 * The Lua scripts of the Redis coordinator. Each runs atomically on the server, which is what makes a
 * claim exactly-once: reading the task's state, comparing the planned time with the last one claimed
 * and counting the run happen with no other client in between. Times come from Redis's `TIME`, and
 * every reply carries it: the instances plan on that clock (see `ClusterClock`).
 *
 * Keys (named by `RedisKeys`; one hash tag for all of a prefix's keys, so one Redis Cluster slot,
 * which is what lets one script claim for several tasks and read the membership):
 * - `<prefix>{<tag>}:task:<key>` hash: epoch, anchor, spec, status, last (latest planned time claimed
 *   or skipped), count (runs claimed in this epoch), lastRunAt, holders (` id id … `: the instances
 *   that registered the task), hv (bumped when holders change), leaseBy / leaseUntil (the instance
 *   whose exclusive run holds the task, until when)
 * - `<prefix>{<tag>}:members` sorted set: instance id → when its membership lapses (Redis ms)
 * Every value is passed and returned as a string: Lua would truncate numbers in replies to integers.
 */

/** The Redis clock in ms, as a Lua expression's prelude. */
const REDIS_NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** Replies with the task's state: epoch, anchor, spec, status, count, lastRunAt, last, hv, holders, now. */
const REPLY_STATE = `
local s = redis.call('HMGET', KEYS[1], 'epoch', 'anchor', 'spec', 'status', 'count', 'lastRunAt', 'last',
  'hv', 'holders')
return {s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8], s[9], tostring(now)}
`;

/**
 * Makes ARGV[3] a holder of task KEYS[1] and drops holders that are no longer members (KEYS[2]);
 * bumps `hv` when the list changed.
 */
const JOIN_HOLDERS = `
local kept, changed = {}, false
for id in string.gmatch(redis.call('HGET', KEYS[1], 'holders') or '', '%S+') do
  if id == ARGV[3] or redis.call('ZSCORE', KEYS[2], id) then kept[#kept + 1] = id else changed = true end
end
local list = ' ' .. table.concat(kept, ' ') .. ' '
if not string.find(list, ' ' .. ARGV[3] .. ' ', 1, true) then
  list = list .. ARGV[3] .. ' '
  changed = true
end
if changed then
  redis.call('HSET', KEYS[1], 'holders', list, 'hv', tostring((tonumber(redis.call('HGET', KEYS[1], 'hv')) or 0) + 1))
end
`;

/**
 * REGISTER: KEYS task, members; ARGV spec, firstRun ('' for none), instance id. The first
 * registration stores the anchor (like a SET NX); later ones read what is stored. A removed task (its
 * tombstone) starts afresh, in a new epoch so that instances still on the old one notice. The
 * instance becomes one of the task's holders, among which the task's owner is chosen.
 */
export const REGISTER_SCRIPT = `${REDIS_NOW}
local status = redis.call('HGET', KEYS[1], 'status')
if not status or status == 'removed' then
  local epoch = (tonumber(redis.call('HGET', KEYS[1], 'epoch')) or 0) + 1
  local anchor = ARGV[2]
  if anchor == '' then anchor = tostring(now) end
  redis.call('HSET', KEYS[1], 'epoch', tostring(epoch), 'anchor', anchor, 'spec', ARGV[1],
    'status', 'active', 'count', '0', 'lastRunAt', '', 'last', '', 'leaseUntil', '0')
  redis.call('PERSIST', KEYS[1])
end
${JOIN_HOLDERS}
${REPLY_STATE}`;

/**
 * RESTART: KEYS task, members; ARGV spec, firstRun, instance id. A new epoch anchored at `firstRun`
 * if it is still in the future (by Redis's clock), else now; the count starts over.
 */
export const RESTART_SCRIPT = `${REDIS_NOW}
local epoch = (tonumber(redis.call('HGET', KEYS[1], 'epoch')) or 0) + 1
local anchor = tostring(now)
if ARGV[2] ~= '' and tonumber(ARGV[2]) > now then anchor = ARGV[2] end
redis.call('HSET', KEYS[1], 'epoch', tostring(epoch), 'anchor', anchor, 'spec', ARGV[1],
  'status', 'active', 'count', '0', 'lastRunAt', '', 'last', '', 'leaseUntil', '0')
redis.call('PERSIST', KEYS[1])
${JOIN_HOLDERS}
${REPLY_STATE}`;

/** STATE: KEYS task. Reads the state (status 'removed' for a tombstone, all nil once forgotten). */
export const STATE_SCRIPT = `${REDIS_NOW}${REPLY_STATE}`;

/**
 * CLAIM: claims planned runs of several tasks in one call. KEYS: the n claimed tasks, then the m tasks
 * whose exclusive runs ended (their leases are released first). ARGV: instance id, n, m, then six per
 * claim: epoch, plannedAt, runs ('' = unlimited), exclusive ('1' or ''), lease ms, holders version the
 * instance knows. Replies {now, then five per claim: verdict, count, lastRunAt, hv, holders ('' when
 * the caller's version is current)}.
 *
 * No state at all is `lost` (Redis lost its data, or the tombstone of a removed task expired), not
 * `removed`. A planned time at or before the last one claimed is refused, which makes every planned
 * run claimable once and keeps the claim after the run (ShedLock's "lock at least for" without a ttl
 * to tune). An exclusive claim is `busy` while another instance's run holds the lease, and then moves
 * `last` too, so that no instance runs that planned time; the holder's own lease never blocks it (its
 * scheduler does not claim while its own run goes). A claimant that is not among the holders (Redis
 * pruned it while its membership lapsed) is put back.
 */
export const CLAIM_SCRIPT = `${REDIS_NOW}
local clock = tostring(now)
local me, n, m = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
for j = 1, m do
  local key = KEYS[n + j]
  if redis.call('HGET', key, 'leaseBy') == me then redis.call('HSET', key, 'leaseUntil', '0') end
end
local reply = {clock}
for i = 1, n do
  local key, a = KEYS[i], 3 + (i - 1) * 6
  local epoch, planned, runs, exclusive = ARGV[a + 1], tonumber(ARGV[a + 2]), ARGV[a + 3], ARGV[a + 4] ~= ''
  local s = redis.call('HMGET', key, 'epoch', 'status', 'count', 'lastRunAt', 'last', 'hv', 'holders',
    'leaseBy', 'leaseUntil')
  local verdict, count, hv, holders = nil, s[3], s[6] or '0', s[7] or ''
  if not s[1] then verdict, count, hv, holders = 'lost', '0', '0', ''
  elseif s[2] == 'removed' then verdict = 'removed'
  elseif s[1] ~= epoch then verdict = 'stale'
  elseif s[2] ~= 'active' then verdict = 'stopped'
  elseif runs ~= '' and tonumber(count) >= tonumber(runs) then verdict = 'exhausted'
  elseif s[5] ~= '' and tonumber(s[5]) >= planned then verdict = 'taken'
  elseif exclusive and s[8] and s[8] ~= me and tonumber(s[9] or '0') > now then
    redis.call('HSET', key, 'last', ARGV[a + 2])
    verdict = 'busy'
  else
    count = tostring(tonumber(count) + 1)
    redis.call('HSET', key, 'last', ARGV[a + 2], 'count', count, 'lastRunAt', clock)
    if exclusive then redis.call('HSET', key, 'leaseBy', me, 'leaseUntil', tostring(now + tonumber(ARGV[a + 5]))) end
    verdict = 'won'
  end
  if s[1] and not string.find(holders, ' ' .. me .. ' ', 1, true) then
    if holders == '' then holders = ' ' end
    holders = holders .. me .. ' '
    hv = tostring(tonumber(hv) + 1)
    redis.call('HSET', key, 'holders', holders, 'hv', hv)
  end
  if hv == ARGV[a + 6] then holders = '' end
  reply[#reply + 1] = verdict
  reply[#reply + 1] = count
  reply[#reply + 1] = s[4] or ''
  if verdict == 'won' then reply[#reply] = clock end
  reply[#reply + 1] = hv
  reply[#reply + 1] = holders
end
return reply
`;

/** RENEW: KEYS task; ARGV instance id, lease ms. Extends the lease if this instance's run holds it. */
export const RENEW_SCRIPT = `${REDIS_NOW}
if redis.call('HGET', KEYS[1], 'leaseBy') == ARGV[1] then
  redis.call('HSET', KEYS[1], 'leaseUntil', tostring(now + tonumber(ARGV[2])))
  return 1
end
return 0
`;

/**
 * HEARTBEAT: KEYS members; ARGV instance id, lease ms. Renews this instance's membership, forgets
 * the members whose lease lapsed, and replies {now, id, lapses at, id, lapses at, …}.
 */
export const HEARTBEAT_SCRIPT = `${REDIS_NOW}
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local reply = {tostring(now)}
local members = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
for i = 1, #members do reply[#reply + 1] = members[i] end
return reply
`;

/** LEAVE: KEYS members; ARGV instance id. Ends this instance's membership at once. */
export const LEAVE_SCRIPT = `
redis.call('ZREM', KEYS[1], ARGV[1])
return 1
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
