/**
 * The Lua scripts behind `RedisRateStore`. Each runs atomically on the server (EVAL/EVALSHA, which
 * Valkey runs the same way) against two keys of one model: KEYS[1] a hash holding both token
 * buckets and both adaptive controllers, KEYS[2] a sorted set of leases scored by expiry.
 * Time is the server's (`TIME`), so machines with skewed clocks still share one timeline.
 *
 * Pacing arguments, the same for every script but the lease renewal (ARGV[1..25]):
 *  1 rpm  2 tpm  3 maxConcurrency (each -1 when unknown)  4 headroom  5 tokenBurstSeconds
 *  6 adaptive (1/0)  7 initialRequestsPerSecond (-1: Infinity, no slow start)
 *  8..15 request controller: growth beta burstBeta scale timeScaleMs minCycleSends cooldownMs minRate
 *  16..23 token controller: the same eight; 24 smoothing; 25 strayThrottleWindowMs
 * The controllers follow `AdaptiveRate` (slow start, then CUBIC around the last throttle, capped at
 * twice the measured aggregate send rate); a rate of -1 stands for unlimited (idle).
 */
const common = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local P = {}
for i = 1, 25 do P[i] = tonumber(ARGV[i]) end
local nextArg = 26
local fields = {'r_lv','r_bt','t_lv','t_bt','r_ph','r_ra','r_up','r_wm','r_pl','r_cy','r_ld','r_kn',
  't_ph','t_ra','t_up','t_wm','t_pl','t_cy','t_ld','t_kn','r_aa','r_ia','r_ls','t_aa','t_ia','t_ls','r_sa','t_sa'}
local S = {}
local raw = redis.call('HMGET', KEYS[1], unpack(fields))
for i, name in ipairs(fields) do S[name] = tonumber(raw[i]) end
local function tune(p, name)
  local base = (p == 'r') and 8 or 16
  local index = {growth=0, beta=1, burstBeta=2, scale=3, timeScale=4, minCycle=5, cooldown=6, minRate=7}
  return P[base + index[name]]
end
local function known_per_second(p)
  local perMinute = (p == 'r') and P[1] or P[2]
  if perMinute < 0 then return nil end
  return perMinute / 60
end
local function ensure_controller(p, now)
  local known = known_per_second(p) ~= nil and 1 or 0
  if P[6] == 0 then S[p..'_ph'] = 0; S[p..'_ra'] = -1; return end
  if S[p..'_ph'] ~= nil and S[p..'_kn'] == known then return end
  S[p..'_kn'] = known; S[p..'_up'] = now; S[p..'_wm'] = nil; S[p..'_ld'] = nil
  if p == 'r' and known == 0 and P[7] >= 0 then
    S.r_ph = 1; S.r_ra = math.max(tune('r', 'minRate'), P[7])
  else
    S[p..'_ph'] = 0; S[p..'_ra'] = -1
  end
end
local function measured(p)
  local aa, ia = S[p..'_aa'], S[p..'_ia']
  if aa == nil or ia == nil or ia <= 0 then return nil end
  return aa / ia * 1000
end
local function record_send(p, amount, now)
  local w = P[24]
  if S[p..'_aa'] == nil then S[p..'_aa'] = amount else S[p..'_aa'] = w * amount + (1 - w) * S[p..'_aa'] end
  local ls = S[p..'_ls']
  if ls ~= nil then
    local interval = math.min(1000, math.max(0, now - ls))
    if S[p..'_ia'] == nil then S[p..'_ia'] = interval else S[p..'_ia'] = w * interval + (1 - w) * S[p..'_ia'] end
    S[p..'_ls'] = math.max(now, ls)
  else
    S[p..'_ls'] = now
  end
end
-- The pacing rate (units/s, -1 unlimited), the burst and the starting level of a dimension.
local function bucket_shape(p)
  local perSecond = known_per_second(p)
  local known = perSecond and perSecond * (1 - P[4]) or nil
  local adaptive = S[p..'_ra']
  if adaptive ~= nil and adaptive < 0 then adaptive = nil end
  local rate
  if known and adaptive then rate = math.min(known, adaptive) else rate = known or adaptive end
  if rate == nil then return -1, 0, 0 end
  local ceiling
  if known and (adaptive == nil or known <= adaptive) then ceiling = perSecond else ceiling = adaptive end
  local burstSeconds = (p == 'r') and P[4] or P[5]
  local burst = math.max(1, burstSeconds * ceiling)
  -- As RateLimiter: the request bucket keeps half a unit more (at most half the headroom's share),
  -- so the refill of a late wake-up is not cut off at a full bucket.
  if p == 'r' then burst = burst + math.min(1, burstSeconds * ceiling) / 2 end
  local initial = math.min(burst, math.max(1, P[4] * ceiling))
  return rate, burst, initial
end
local function refill(p, now)
  local rate, burst, initial = bucket_shape(p)
  if rate < 0 then S[p..'_lv'] = nil; S[p..'_bt'] = nil; return rate, burst end
  if S[p..'_lv'] == nil then S[p..'_lv'] = initial; S[p..'_bt'] = now end
  if now > S[p..'_bt'] then
    S[p..'_lv'] = math.min(burst, S[p..'_lv'] + (now - S[p..'_bt']) * rate / 1000)
    S[p..'_bt'] = now
  end
  S[p..'_lv'] = math.min(S[p..'_lv'], burst)
  return rate, burst
end
local function wait_ms(p, amount, now)
  local rate, burst = refill(p, now)
  if rate < 0 then return 0 end
  local deficit = math.min(amount, burst) - S[p..'_lv']
  if deficit <= 1e-9 * math.max(1, burst) then return 0 end
  return deficit / rate * 1000
end
local function save()
  local args = {}
  for _, name in ipairs(fields) do
    if S[name] ~= nil then table.insert(args, name); table.insert(args, string.format('%.17g', S[name])) end
  end
  if #args > 0 then redis.call('HSET', KEYS[1], unpack(args)) end
  for _, name in ipairs(fields) do
    if S[name] == nil then redis.call('HDEL', KEYS[1], name) end
  end
  redis.call('PEXPIRE', KEYS[1], 3600000)
end
local function phase_name(p)
  local ph = S[p..'_ph']
  if P[6] == 0 then return '' end
  if ph == 1 then return 'slow-start' elseif ph == 2 then return 'cubic' else return 'idle' end
end
`;

/**
 * Admits one request or says how long to wait. ARGV after pacing: tokens, leaseId, leaseMs, lookaheadMs.
 * Returns {1, dueAt, delayMs} (send at `dueAt`, `delayMs` from now) or {0, waitMs}.
 */
export const acquireScript = `${common}
local tokens = tonumber(ARGV[nextArg])
local leaseId = ARGV[nextArg + 1]
local leaseMs = tonumber(ARGV[nextArg + 2])
local lookaheadMs = tonumber(ARGV[nextArg + 3])
local now = now_ms()
ensure_controller('r', now); ensure_controller('t', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if P[3] > 0 then
  local held = redis.call('ZCARD', KEYS[2])
  if held >= P[3] then
    local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
    save()
    return {0, tostring(math.max(1, tonumber(first[2]) - now))}
  end
end
-- A permit due within the lookahead is granted now for its due time (the caller sleeps until then),
-- so a caller's late timer never loses quota: the schedule, not the wake-up, paces the sends.
local wait = math.max(wait_ms('r', 1, now), wait_ms('t', tokens, now))
if wait > lookaheadMs then save(); return {0, tostring(wait - lookaheadMs)} end
if S.r_lv ~= nil then S.r_lv = S.r_lv - 1 end
if S.t_lv ~= nil then S.t_lv = S.t_lv - tokens end
record_send('r', 1, now); record_send('t', tokens, now)
redis.call('ZADD', KEYS[2], now + wait + leaseMs, leaseId)
redis.call('PEXPIRE', KEYS[2], 3600000)
save()
return {1, tostring(now + wait), tostring(wait)}
`;

/**
 * Ends a lease and applies its outcome. ARGV after pacing: leaseId, reserved tokens, actual tokens
 * (-1 unknown), outcome (success/throttled/error), throttle kind (requests/tokens/burst), sentAt.
 */
export const releaseScript = `${common}
local leaseId = ARGV[nextArg]
local reserved = tonumber(ARGV[nextArg + 1])
local actual = tonumber(ARGV[nextArg + 2])
local outcome = ARGV[nextArg + 3]
local kind = ARGV[nextArg + 4]
local sentAt = tonumber(ARGV[nextArg + 5])
local now = now_ms()
ensure_controller('r', now); ensure_controller('t', now)
redis.call('ZREM', KEYS[2], leaseId)
local tokenRate, tokenBurst = refill('t', now)
refill('r', now)
if actual >= 0 and tokenRate >= 0 then
  if actual < reserved then S.t_lv = math.min(tokenBurst, S.t_lv + reserved - actual)
  else S.t_lv = S.t_lv - (actual - reserved) end
end
local function on_success(p)
  local ph = S[p..'_ph']
  if ph == 0 then return end
  local nextRate
  if ph == 1 then
    local elapsed = math.min(1000, math.max(0, now - S[p..'_up'])) / 1000
    nextRate = S[p..'_ra'] * math.pow(tune(p, 'growth'), elapsed)
  else
    local offset = (now - S[p..'_pl']) / S[p..'_cy']
    nextRate = S[p..'_wm'] * (1 + tune(p, 'scale') * offset * offset * offset)
  end
  local m = measured(p)
  nextRate = math.min(nextRate, 2 * (m or S[p..'_ra']))
  S[p..'_ra'] = math.max(tune(p, 'minRate'), nextRate)
  S[p..'_up'] = math.max(S[p..'_up'], now)
end
local function decrease(p, factor)
  if P[6] == 0 then return end
  local ld = S[p..'_ld']
  if ld ~= nil and sentAt < ld + tune(p, 'cooldown') then return end
  local current = bucket_shape(p)
  local candidates = {}
  if S[p..'_ra'] >= 0 then table.insert(candidates, S[p..'_ra']) end
  local m = measured(p)
  if m and S[p..'_ph'] ~= 1 then table.insert(candidates, m) end
  if current >= 0 then table.insert(candidates, current) end
  local minRate = tune(p, 'minRate')
  local lastMax = minRate
  if #candidates > 0 then lastMax = math.max(minRate, math.min(unpack(candidates))) end
  S[p..'_wm'] = lastMax
  S[p..'_ra'] = math.max(minRate, factor * lastMax)
  S[p..'_cy'] = math.max(tune(p, 'timeScale'), tune(p, 'minCycle') * (S[p..'_ia'] or 0))
  S[p..'_pl'] = now + S[p..'_cy'] * math.pow((1 - factor) / tune(p, 'scale'), 1 / 3)
  S[p..'_ph'] = 2
  S[p..'_ld'] = now
  S[p..'_up'] = math.max(S[p..'_up'] or now, now)
end
-- As RateLimiter: a throttle against a known, idle limit is a stray (the bucket is emptied, the rate
-- kept) unless "tolerated" other throttle events came within the stray window: two, plus for requests
-- one per beat of the pacing against 1-second windows while headroom * RPS < 1, floor(headroom * RPS *
-- window / 1000), capped at floor(window / cooldown) - 3 so a real excess still cuts (never below two). Those within
-- the cooldown of a stray belong to it. _sa is the last stray event; _sl lists the events still in the
-- window (comma-separated, oldest first; at most "tolerated" entries).
local function is_stray(p)
  local window = P[25]
  if P[6] == 0 or window == 0 or known_per_second(p) == nil or S[p..'_ph'] ~= 0 then return false end
  local last = S[p..'_sa']
  if last ~= nil and sentAt < last + tune(p, 'cooldown') then return true end
  local tolerated = 2
  local share = P[4] * known_per_second(p)
  if p == 'r' and share < 1 then tolerated = 2 + math.floor(share * window / 1000 + 1e-9) end
  tolerated = math.max(2, math.min(tolerated, math.floor(window / math.max(tune(p, 'cooldown'), 1)) - 3))
  local recent = {}
  local listed = redis.call('HGET', KEYS[1], p..'_sl')
  if listed then
    for at in string.gmatch(listed, '[^,]+') do
      if now - tonumber(at) < window then table.insert(recent, at) end
    end
  end
  if #recent >= tolerated then
    S[p..'_sa'] = nil
    redis.call('HDEL', KEYS[1], p..'_sl')
    return false
  end
  table.insert(recent, string.format('%.17g', now))
  redis.call('HSET', KEYS[1], p..'_sl', table.concat(recent, ','))
  S[p..'_sa'] = now
  return true
end
if outcome == 'success' then
  on_success('r'); on_success('t')
elseif outcome == 'throttled' then
  if kind == 'burst' then decrease('r', tune('r', 'burstBeta'))
  else
    local p = (kind == 'tokens') and 't' or 'r'
    if is_stray(p) then
      if S[p..'_lv'] ~= nil and S[p..'_lv'] > 0 then S[p..'_lv'] = 0 end
    else
      decrease(p, tune(p, 'beta'))
    end
  end
end
save()
return 1
`;

/** Extends a lease still held. ARGV: leaseId, leaseMs (no pacing). Returns 1, or 0 when it had expired. */
export const renewScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local score = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not score or tonumber(score) <= now then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
return 1
`;

/** The shared state. Returns {requestRate, tokenRate, inFlight, requestPhase, tokenPhase}; rates '-1' when unlimited. */
export const statsScript = `${common}
local now = now_ms()
ensure_controller('r', now); ensure_controller('t', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local requestRate = bucket_shape('r')
local tokenRate = bucket_shape('t')
return {tostring(requestRate), tostring(tokenRate), redis.call('ZCARD', KEYS[2]), phase_name('r'), phase_name('t')}
`;
