#!/usr/bin/env bash
# Sentence-encoder throughput: the Swift encoder (`citymatch bench encode`, release
# build) against the numpy reference (scripts/minilm_reference.py, batched float32)
# on the same texts file, in one run. Prints both throughputs and their ratio.
#
# Usage: benchmarks/encode_vs_numpy.sh [TEXTS_FILE] [RUNS]
#   TEXTS_FILE: one text per line (default: the sample catalog's need and startup texts, as
#               `citymatch bench encode` uses them, written to a temporary file).
# Needs: the model files (`citymatch model fetch`), python3 with numpy and
# tokenizers (`python3 -m pip install numpy tokenizers`; PYTHON=path picks another interpreter).
# CITYMATCH_BIN=path skips the build.
# Threading is left to the environment (OPENBLAS_NUM_THREADS etc.), for both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${2:-5}"
BIN="${CITYMATCH_BIN:-}"
if [[ -z "$BIN" ]]; then
  export CITYMATCH_TARGET_CPU="${CITYMATCH_TARGET_CPU-native}"
  swift build -c release --product citymatch >&2
  BIN="$(swift build -c release --show-bin-path)/citymatch"
fi
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
if [[ $# -ge 1 && -n "$1" ]]; then
  TEXTS="$1"
else
  TEXTS="$TMP/texts.txt"
  "$BIN" bench encode --dump-texts > "$TEXTS"
fi
echo "texts: $TEXTS ($(wc -l < "$TEXTS") lines), runs: $RUNS" >&2
SWIFT_JSON="$("$BIN" bench encode --file "$TEXTS" --format json --runs "$RUNS")"
NUMPY_JSON="$("${PYTHON:-python3}" scripts/minilm_reference.py --bench "$TEXTS" --runs "$RUNS")"
python3 - "$SWIFT_JSON" "$NUMPY_JSON" <<'PY'
import json, sys
s, n = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"swift (OpenBLAS): {s['tokens_per_s']:>10.0f} tokens/s  {s['texts_per_s']:>8.1f} texts/s  ({s['tokens']} tokens, {s['texts']} texts)")
print(f"numpy float32:    {n['tokens_per_s']:>10.0f} tokens/s  {n['texts_per_s']:>8.1f} texts/s  ({n['tokens']} tokens, {n['texts']} texts)")
print(f"ratio swift/numpy: {s['tokens_per_s'] / n['tokens_per_s']:.2f}x")
print(json.dumps({"swift": s, "numpy": n, "ratio": s['tokens_per_s'] / n['tokens_per_s']}))
PY
