-- Paces wrk to a fixed rate of requests per second (open loop, as far as wrk allows): appended to a request script and
-- given the rate per wrk thread after `--`. Each send claims the next slot of a schedule (one every 1/rate s) and waits
-- for it, so a slow answer does not slow the rate as long as a connection is free; a send that finds no free connection
-- at its slot goes late, and the late sends are counted (wrk times a request from its actual send, so many late sends
-- would hide waiting that a real caller sees). wrk's timers have millisecond resolution: sends keep to their slots
-- within 1 ms. Written here because wrk2 (a constant-rate wrk) is not packaged for Debian.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } paced_timespec;
  int clock_gettime(int clock, paced_timespec *now);
]]
local clock = ffi.new("paced_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local interval, next_slot
late, latest, sends = 0, 0, 0

function init(args)
  interval = 1000 / tonumber(args[1])
end

function delay()
  local now = now_ms()
  next_slot = next_slot or now
  local wait = next_slot - now
  next_slot = next_slot + interval
  sends = sends + 1
  if wait >= 0 then
    return math.floor(wait)
  end
  if wait < -1 then
    late = late + 1
  end
  latest = math.max(latest, -wait)
  return 0
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local all_late, all_sends, all_latest = 0, 0, 0
  for _, thread in ipairs(threads) do
    all_late = all_late + thread:get("late")
    all_sends = all_sends + thread:get("sends")
    all_latest = math.max(all_latest, thread:get("latest"))
  end
  io.write(string.format("Paced sends: %d, late by over 1 ms: %d, latest by %.1f ms\n", all_sends, all_late, all_latest))
end
