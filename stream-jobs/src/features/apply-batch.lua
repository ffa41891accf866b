-- Applies one batch of feature-state writes from one source partition,
-- atomically with the partition's progress, so a batch is applied exactly once
-- however often the job retries or replays it.
--
-- The merges are the twins of shared/src/features (state/counter.ts,
-- state/event-log.ts, memory-store.ts): a conformance test keeps the two
-- byte-for-byte equal. Numbers are Lua doubles: exact for counts, event times in
-- milliseconds and offsets below 2^53.
--
-- KEYS[1] partition progress hash, KEYS[2] region meta hash, KEYS[3] dirty-items set
-- ARGV[1] first offset, ARGV[2] last offset, ARGV[3] watermark, ARGV[4] horizon offset,
-- ARGV[5] newest event time in the batch, ARGV[6] dirty-set TTL ms, ARGV[7] progress TTL ms,
-- ARGV[8] the operations as one JSON array (one argument: far cheaper for the client to send
-- than thousands), grouped by key so each hash is read and written once:
--   ["K", key, ttlMs, [field, retention, [bucket, amount, ...], ...]]  counter merges (buckets ascending)
--   ["L", key, ttlMs, retentionMs, cap, [score, member, ...]]        event-log merge
--   ["H", key, version, [field, value, ...]]                         catalog record, latest version wins
--   ["D", [member, ...]]                                             items touched (for the snapshot publisher)
-- Returns {'applied', lastOffset} or {'skipped', storedOffset} when already applied.

local progress = KEYS[1]
local stored = redis.call('HGET', progress, 'offset')
if stored and tonumber(stored) >= tonumber(ARGV[1]) then
  return { 'skipped', stored }
end

local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local function base36(n)
  if n == 0 then return '0' end
  local s = ''
  while n > 0 do
    local r = n % 36
    s = string.sub(DIGITS, r + 1, r + 1) .. s
    n = math.floor(n / 36)
  end
  return s
end

-- The general merge: parse every bucket, add, keep the `retention` newest, re-encode.
local function merge_full(current, retention, incs)
  local buckets = {}
  if current then
    for b, c in string.gmatch(current, '([0-9a-z]+):(%-?%d+)') do
      buckets[tonumber(b, 36)] = tonumber(c)
    end
  end
  for j = 1, #incs, 2 do
    buckets[incs[j]] = (buckets[incs[j]] or 0) + incs[j + 1]
  end
  local newest = nil
  for bucket in pairs(buckets) do
    if newest == nil or bucket > newest then newest = bucket end
  end
  local kept = {}
  for bucket in pairs(buckets) do
    if bucket > newest - retention then kept[#kept + 1] = bucket end
  end
  table.sort(kept)
  local parts = {}
  for i, bucket in ipairs(kept) do
    parts[i] = base36(bucket) .. ':' .. tostring(buckets[bucket])
  end
  return table.concat(parts, ',')
end

-- The common case, in time order: every increment is for the newest bucket or a newer one.
-- Touches only the end of the string (and drops expired entries from its front). Returns nil
-- when an increment is older than the newest bucket: merge_full handles that.
local function merge_tail(current, retention, incs)
  local s = current
  for j = 1, #incs, 2 do
    local bucket, amount = incs[j], incs[j + 1]
    local cut = string.find(s, ',[^,]*$')
    local lastStart = cut and cut + 1 or 1
    local colon = string.find(s, ':', lastStart, true)
    local lastBucket = tonumber(string.sub(s, lastStart, colon - 1), 36)
    if bucket == lastBucket then
      s = string.sub(s, 1, colon) .. tostring(tonumber(string.sub(s, colon + 1)) + amount)
    elseif bucket > lastBucket then
      s = s .. ',' .. base36(bucket) .. ':' .. tostring(amount)
    else
      return nil
    end
  end
  local newest = incs[#incs - 1]
  while true do
    local colon = string.find(s, ':', 1, true)
    if tonumber(string.sub(s, 1, colon - 1), 36) > newest - retention then break end
    local comma = string.find(s, ',', colon, true)
    s = string.sub(s, comma + 1)
  end
  return s
end

for index, op in ipairs(cjson.decode(ARGV[8])) do
  local kind = op[1]
  if kind == 'K' then
    local key, ttl, list = op[2], op[3], op[4]
    local fields = {}
    for j = 1, #list, 3 do fields[#fields + 1] = list[j] end
    local current = redis.call('HMGET', key, unpack(fields))
    local updates = {}
    for n = 1, #fields do
      local j = 3 * (n - 1) + 1
      local retention, incs = list[j + 1], list[j + 2]
      local value = current[n] and merge_tail(current[n], retention, incs) or nil
      if value == nil then value = merge_full(current[n], retention, incs) end
      updates[#updates + 1] = fields[n]
      updates[#updates + 1] = value
    end
    redis.call('HSET', key, unpack(updates))
    redis.call('PEXPIRE', key, ttl)
  elseif kind == 'L' then
    local key, ttl, retention, cap, entries = op[2], op[3], op[4], op[5], op[6]
    for j = 1, #entries, 2 do
      redis.call('ZADD', key, 'GT', entries[j], entries[j + 1])
    end
    local newest = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
    if newest[2] then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. tostring(tonumber(newest[2]) - retention))
    end
    redis.call('ZREMRANGEBYRANK', key, 0, -(cap + 1))
    redis.call('PEXPIRE', key, ttl)
  elseif kind == 'H' then
    local key, version, fields = op[2], op[3], op[4]
    local current = redis.call('HGET', key, 'v')
    if current == false or tonumber(current) <= version then
      redis.call('HSET', key, unpack(fields))
    end
  elseif kind == 'D' then
    local members = op[2]
    -- unpack() takes a few thousand values at most: add in chunks.
    for from = 1, #members, 1000 do
      redis.call('SADD', KEYS[3], unpack(members, from, math.min(from + 999, #members)))
    end
    if #members > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
  else
    return redis.error_reply('apply-batch: unknown operation ' .. tostring(kind) .. ' at position ' .. index)
  end
end

redis.call('HSET', progress, 'offset', ARGV[2], 'watermark', ARGV[3], 'horizon', ARGV[4])
redis.call('PEXPIRE', progress, ARGV[7])
local clock = redis.call('HGET', KEYS[2], 'clock')
if clock == false or tonumber(clock) < tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[2], 'clock', ARGV[5])
end
return { 'applied', ARGV[2] }
