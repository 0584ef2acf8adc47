-- The capacity run of `make bench` (benchmarks/run.py, measure_capacity): wrk sends every
-- request with the clerk's session, made by run.py before the clock started (none for
-- /healthz, the ceiling, which load balancers call without one).
--
-- done() writes the figures as one JSON line after wrk's own summary: exact counts and
-- microseconds, so run.py reads numbers rather than wrk's rounded text ("545.12ms", "1.02s").
-- There is no response() function on purpose: with one, wrk copies every body into Lua,
-- which costs the client CPU that the server shares on this machine.

local session = os.getenv("BENCH_SESSION") or ""
if session ~= "" then
  wrk.headers["Cookie"] = "sessionid=" .. session
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'capacity-figures {"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, '
      .. '"status_errors": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout
  ))
end
