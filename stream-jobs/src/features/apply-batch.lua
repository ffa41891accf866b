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
-- ARGV[5] newest event time in the batch, ARGV[6] dirty-set TTL ms,
-- ARGV[7] the operations as one JSON array (one argument: far cheaper for the client to send
-- than thousands), each an array:
--   ["C", key, field, retention, [bucket, amount, ...]]   counter merge
--   ["L", key, retentionMs, cap, [score, member, ...]]    event-log merge
--   ["H", key, version, [field, value, ...]]              catalog record, latest version wins
--   ["D", [member, ...]]                                  items touched (for the snapshot publisher)
--   ["T", key, ttlMs]                                     refresh a key's time to live
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

local function merge_counter(key, field, retention, increments)
  local buckets = {}
  local current = redis.call('HGET', key, field)
  if current then
    for b, c in string.gmatch(current, '([0-9a-z]+):(%-?%d+)') do
      buckets[tonumber(b, 36)] = tonumber(c)
    end
  end
  for bucket, amount in pairs(increments) do
    buckets[bucket] = (buckets[bucket] or 0) + amount
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
  if #parts == 0 then
    redis.call('HDEL', key, field)
  else
    redis.call('HSET', key, field, table.concat(parts, ','))
  end
end

for index, op in ipairs(cjson.decode(ARGV[7])) do
  local kind = op[1]
  if kind == 'C' then
    local increments = {}
    local pairs_ = op[5]
    for j = 1, #pairs_, 2 do
      local bucket = pairs_[j]
      increments[bucket] = (increments[bucket] or 0) + pairs_[j + 1]
    end
    merge_counter(op[2], op[3], op[4], increments)
  elseif kind == 'L' then
    local key, retention, cap, entries = op[2], op[3], op[4], op[5]
    for j = 1, #entries, 2 do
      redis.call('ZADD', key, 'GT', entries[j], entries[j + 1])
    end
    local newest = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
    if newest[2] then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. tostring(tonumber(newest[2]) - retention))
    end
    redis.call('ZREMRANGEBYRANK', key, 0, -(cap + 1))
  elseif kind == 'H' then
    local key, version, fields = op[2], op[3], op[4]
    local current = redis.call('HGET', key, 'v')
    if current == false or tonumber(current) <= version then
      for j = 1, #fields, 2 do
        redis.call('HSET', key, fields[j], fields[j + 1])
      end
    end
  elseif kind == 'D' then
    local members = op[2]
    for j = 1, #members do
      redis.call('SADD', KEYS[3], members[j])
    end
    if #members > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
  elseif kind == 'T' then
    redis.call('PEXPIRE', op[2], op[3])
  else
    return redis.error_reply('apply-batch: unknown operation ' .. tostring(kind) .. ' at position ' .. index)
  end
end

redis.call('HSET', progress, 'offset', ARGV[2], 'watermark', ARGV[3], 'horizon', ARGV[4])
local clock = redis.call('HGET', KEYS[2], 'clock')
if clock == false or tonumber(clock) < tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[2], 'clock', ARGV[5])
end
return { 'applied', ARGV[2] }
