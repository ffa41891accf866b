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
-- ARGV[5] newest event time in the batch, ARGV[6] dirty-set TTL ms, then operations:
--   C key field retention n (bucket amount)*n      counter merge
--   L key retentionMs cap n (score member)*n       event-log merge
--   H key version n (field value)*n                catalog record, latest version wins
--   D n member*n                                   items touched (for the snapshot publisher)
--   T key ttlMs                                    refresh a key's time to live
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

local i = 7
while i <= #ARGV do
  local op = ARGV[i]
  if op == 'C' then
    local key, field, retention, n = ARGV[i + 1], ARGV[i + 2], tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
    local increments = {}
    for j = 0, n - 1 do
      local bucket = tonumber(ARGV[i + 5 + 2 * j])
      increments[bucket] = (increments[bucket] or 0) + tonumber(ARGV[i + 6 + 2 * j])
    end
    merge_counter(key, field, retention, increments)
    i = i + 5 + 2 * n
  elseif op == 'L' then
    local key, retention, cap, n = ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
    for j = 0, n - 1 do
      redis.call('ZADD', key, 'GT', ARGV[i + 5 + 2 * j], ARGV[i + 6 + 2 * j])
    end
    local newest = redis.call('ZREVRANGE', key, 0, 0, 'WITHSCORES')
    if newest[2] then
      redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. tostring(tonumber(newest[2]) - retention))
    end
    redis.call('ZREMRANGEBYRANK', key, 0, -(cap + 1))
    i = i + 5 + 2 * n
  elseif op == 'H' then
    local key, version, n = ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
    local current = redis.call('HGET', key, 'v')
    if current == false or tonumber(current) <= version then
      for j = 0, n - 1 do
        redis.call('HSET', key, ARGV[i + 4 + 2 * j], ARGV[i + 5 + 2 * j])
      end
    end
    i = i + 4 + 2 * n
  elseif op == 'D' then
    local n = tonumber(ARGV[i + 1])
    for j = 0, n - 1 do
      redis.call('SADD', KEYS[3], ARGV[i + 2 + j])
    end
    if n > 0 then redis.call('PEXPIRE', KEYS[3], ARGV[6]) end
    i = i + 2 + n
  elseif op == 'T' then
    redis.call('PEXPIRE', ARGV[i + 1], ARGV[i + 2])
    i = i + 3
  else
    return redis.error_reply('apply-batch: unknown operation ' .. tostring(op) .. ' at argument ' .. i)
  end
end

redis.call('HSET', progress, 'offset', ARGV[2], 'watermark', ARGV[3], 'horizon', ARGV[4])
local clock = redis.call('HGET', KEYS[2], 'clock')
if clock == false or tonumber(clock) < tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[2], 'clock', ARGV[5])
end
return { 'applied', ARGV[2] }
