-- wrk script for benchmarks/server_wrk.sh. WRK_MODE=search: POST /v1/search with a rotating set
-- of free-text needs (each request encodes its text). WRK_MODE=matches: GET
-- /v1/needs/{id}/matches over the catalog's needs (vectors already stored: no encoding).
local mode = os.getenv("WRK_MODE") or "search"
local k = os.getenv("WRK_K") or "10"
local key = os.getenv("WRK_KEY") or ""
local texts = {
  "Garbage overflows in narrow alleys before collection; trucks cannot enter. Korean-speaking vendor, under $200k.",
  "Buses bunch up and riders cannot tell when the next one comes.",
  "Street lights stay on all night in empty streets and the energy bill keeps rising.",
  "Flash floods close underpasses without warning; we need early alerts for drivers.",
  "Air quality near schools is unknown; parents ask for live readings.",
  "Water mains leak for weeks before anyone notices; we lose a third of treated water.",
  "Parking search clogs the old town; drivers circle for twenty minutes.",
  "Elderly residents living alone fall and nobody knows for hours.",
}
local needs = {}
for id in string.gmatch(os.getenv("WRK_NEEDS") or "", "[^,]+") do table.insert(needs, id) end
local i = 0
request = function()
  local headers = {["Authorization"] = "Bearer " .. key}
  if mode == "matches" then
    i = i % #needs + 1
    return wrk.format("GET", "/v1/needs/" .. needs[i] .. "/matches?k=" .. k, headers)
  end
  i = i % #texts + 1
  headers["Content-Type"] = "application/json"
  return wrk.format("POST", "/v1/search", headers, string.format('{"text": "%s", "k": %s}', texts[i], k))
end

done = function(summary, latency, requests)
  io.write(string.format("WRK_RESULT mode=%s requests=%d rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f errors=%d non2xx=%d\n",
    mode, summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
end
