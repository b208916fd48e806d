-- wrk script of ./course bench --peers, the same for every peer and test.
--   wrk ... -s peers.lua http://127.0.0.1:PORT/PATH -- DEPTH
-- DEPTH 1 leaves wrk's own precomputed request alone; DEPTH 16 sends 16
-- requests in one write (pipelining), and wrk counts each response.
-- done() prints one line the runner reads, so no wrk output is parsed by eye.

init = function(args)
  local depth = tonumber(args[1] or "1")
  if depth > 1 then
    local one = wrk.format(nil, wrk.path)
    local batch = {}
    for i = 1, depth do
      batch[i] = one
    end
    local all = table.concat(batch)
    request = function()
      return all
    end
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "peers-result requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.connect, errors.read, errors.write, errors.status, errors.timeout))
end
