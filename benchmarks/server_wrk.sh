#!/usr/bin/env bash
# Load test of `citymatch serve` on loopback with wrk (Debian's `wrk`, installed when missing).
#
#   benchmarks/server_wrk.sh [--db PATH] [--connections 32] [--duration 30s] [--threads 2] [--k 10]
#
# Two runs against one server: GET /v1/needs/{id}/matches (stored need vectors: search and
# scoring without any encoding) and POST /v1/search (free text: the same plus encoding the
# query). The difference between the two is the query-encoding cost. Without --db it imports
# the bundled sample into a temporary store. Prints wrk's summaries and one RESULT line per run
# (with the vector-search batches the run caused, their mean size and the queries the 8-bit
# sketch could not certify, from the server's
# metrics, and the server's CPU time per request, from /proc: steadier than requests/s on a
# shared machine, where other work takes cores); exits 1 if any request failed or answered
# other than 200.
set -euo pipefail
cd "$(dirname "$0")/.."

db="" connections=32 duration=30s threads=2 k=10
while [ $# -gt 0 ]; do
  case "$1" in
    --db) db="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --k) k="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done

if ! command -v wrk >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk curl >/dev/null
fi
bin="${CITYMATCH_BIN:-}"
[ -n "$bin" ] || bin="$(scripts/setup release)"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ -z "$db" ]; then
  db="$work/sample.sqlite"
  "$bin" import datasets/sample --db "$db" >/dev/null
fi
key="$("$bin" keys create --role secretariat --db "$db" 2>/dev/null | tail -1)"
needs="$(python3 -c 'import sqlite3, sys; print(",".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("SELECT id FROM need ORDER BY rowid LIMIT 200")))' "$db")"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"$bin" serve --db "$db" --port "$port" --log-level warning 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 1 3600); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "the server did not start" >&2; exit 1; }
  sleep 0.5
done
echo "server: $(curl -fsS "http://127.0.0.1:$port/healthz")"

# Vector-search batches so far, the queries in them and those the 8-bit sketch could not
# certify (searched again over the floats), from the server's metrics: "batches queries rescans".
batch_counters() {
  curl -fsS -H "Authorization: Bearer $key" "http://127.0.0.1:$port/metrics" |
    awk '/^citymatch_search_batches_total /{b=$2} /^citymatch_search_batch_queries_total /{q=$2}
         /^citymatch_search_rescans_total /{r=$2} END{printf "%d %d %d\n", b, q, r}'
}

# The server's user + system CPU time so far, in clock ticks ("0" where /proc is missing).
cpu_ticks() {
  if [ -r "/proc/$server_pid/stat" ]; then awk '{print $14 + $15}' "/proc/$server_pid/stat"; else echo 0; fi
}
ticks_per_second="$(getconf CLK_TCK 2>/dev/null || echo 100)"

failed=0
for mode in matches search; do
  echo "wrk: $threads threads, $connections connections, $duration, mode $mode (k=$k)"
  read -r batches_before queries_before rescans_before < <(batch_counters)
  ticks_before="$(cpu_ticks)"
  WRK_MODE="$mode" WRK_K="$k" WRK_KEY="$key" WRK_NEEDS="$needs" \
    wrk -t"$threads" -c"$connections" -d"$duration" --latency -s benchmarks/wrk/search.lua "http://127.0.0.1:$port" | tee "$work/wrk.out"
  ticks_after="$(cpu_ticks)"
  read -r batches_after queries_after rescans_after < <(batch_counters)
  # Searches run only for catalogs larger than the candidate pool (1,000 startups).
  batches=$((batches_after - batches_before)) queries=$((queries_after - queries_before))
  mean_batch="$(awk -v b="$batches" -v q="$queries" 'BEGIN{printf "%.2f", (b > 0 ? q / b : 0)}')"
  requests="$(sed -n 's/^WRK_RESULT .*requests=\([0-9]*\).*/\1/p' "$work/wrk.out")"
  cpu_ms="$(awk -v t="$((ticks_after - ticks_before))" -v hz="$ticks_per_second" -v n="${requests:-0}" \
    'BEGIN{if (t > 0 && n > 0) printf "%.2f", 1000 * t / hz / n; else printf "n/a"}')"
  line="$(grep '^WRK_RESULT' "$work/wrk.out" | sed 's/^WRK_RESULT /RESULT /') search_batches=$batches mean_batch=$mean_batch rescans=$((rescans_after - rescans_before)) cpu_ms_per_request=$cpu_ms"
  echo "$line"
  case "$line" in *" errors=0 non2xx=0"*) ;; *) failed=1 ;; esac
done
if [ "$failed" -ne 0 ]; then echo "FAILED: some requests failed or were not 200" >&2; exit 1; fi
echo "zero errors"
