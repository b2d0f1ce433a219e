#!/usr/bin/env bash
# Exact top-k inner-product search: CityMatch (`citymatch bench search --index flat`) against
# FAISS IndexFlatIP and numpy (matmul + argpartition), on the same seeded vectors, in one run.
#
# Usage: benchmarks/peers/run.sh [--tiny] [--runs R] [--threads T] [--no-install]
#   --tiny        N=5,000, D=64, Q in 1 10 100: checks the whole pipeline in seconds
#                 (the default is the issue's N=1,000,000, D=384, Q in 1 100 1000).
#   --runs R      timed batches per row after one warm-up (default 5; 3 for Q >= 1000).
#   --threads T   threads for every side (default 2): CityMatch --threads, OMP/OpenBLAS for the peers.
#   --no-install  reuse benchmarks/peers/.venv as it is (no pip).
# CITYMATCH_BIN=path skips the release build (default: swift build -c release --scratch-path .build-perf-rel).
#
# CityMatch writes the base and query vectors once (--write-vectors, CMVB format, docs/indexes.md)
# to benchmarks/out/; the peers read that file, so all three search exactly the same vectors. The
# FAISS 100-query row is also run with BLAS forced (faiss.cvar.distance_compute_blas_threshold = 1).
# CityMatch also times its floors on the same vectors (`--limits`: one read of the base for one
# query, the bare sgemm products for a batch), printed as the "floor" column.
# The OpenBLAS environment (OPENBLAS_CORETYPE etc.) is left as it is for every side and printed.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=1000000; D=384; QS="1 100 1000"; RUNS=5; THREADS=2; INSTALL=1; K=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tiny) N=5000; D=64; QS="1 10 100"; RUNS=2 ;;
    --runs) RUNS="$2"; shift ;;
    --threads) THREADS="$2"; shift ;;
    --no-install) INSTALL=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
VENV=benchmarks/peers/.venv
if [[ $INSTALL == 1 ]]; then
  [[ -x "$VENV/bin/python" ]] || python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --upgrade pip >&2
  "$VENV/bin/pip" install --quiet faiss-cpu numpy >&2
fi
BIN="${CITYMATCH_BIN:-}"
if [[ -z "$BIN" ]]; then
  # The core compiled for this CPU, as the peers' wheels dispatch to AVX2/AVX-512 at run time.
  export CITYMATCH_TARGET_CPU="${CITYMATCH_TARGET_CPU-native}"
  swift build -c release --scratch-path .build-perf-rel --product citymatch >&2
  BIN="$(swift build -c release --scratch-path .build-perf-rel --show-bin-path)/citymatch"
fi
OUT=benchmarks/out
mkdir -p "$OUT"
VECTORS="$OUT/vectors-n$N-d$D.cmvb"
QMAX=$(echo $QS | tr ' ' '\n' | sort -n | tail -1)
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-unset}" >&2
JSONS=()
for Q in $QS; do
  R=$RUNS; [[ $Q -ge 1000 && $RUNS -gt 3 ]] && R=3
  EXTRA=()
  [[ $Q == "$QMAX" ]] && EXTRA=(--write-vectors "$VECTORS")
  echo "citymatch: Q=$Q ..." >&2
  # Queries are generated row by row from one seed, so the first Q rows of the QMAX file are this run's queries.
  "$BIN" bench search --n "$N" --dim "$D" --queries "$Q" --k "$K" --threads "$THREADS" --runs "$R" \
    --index flat --limits --format json "${EXTRA[@]}" > "$OUT/citymatch-q$Q.json"
  JSONS+=("$OUT/citymatch-q$Q.json")
done
OMP_NUM_THREADS="$THREADS" OPENBLAS_NUM_THREADS="$THREADS" \
  "$VENV/bin/python" benchmarks/peers/peers.py --vectors "$VECTORS" --k "$K" --runs "$RUNS" --threads "$THREADS" "${JSONS[@]}"
