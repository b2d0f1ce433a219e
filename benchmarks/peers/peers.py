"""FAISS IndexFlatIP and numpy (matmul + argpartition) on the vectors CityMatch wrote, side by side
with CityMatch's own figures (the JSON of `citymatch bench search`). Run by run.sh."""
import argparse, json, os, statistics, struct, sys, time

import numpy as np
import faiss


def read_cmvb(path):
    """CMVB v1: 'CMVB', u32 version, u64 N, u64 Q, u32 D, u32 0, then N*D and Q*D float32 (little-endian)."""
    with open(path, "rb") as f:
        magic, version, n, q, d, _ = struct.unpack("<4sIQQII", f.read(32))
    assert magic == b"CMVB", "not a CMVB file"
    assert version == 1, f"unknown version {version}"
    data = np.fromfile(path, dtype="<f4", offset=32)
    assert data.size == (n + q) * d, "size mismatch"
    return np.ascontiguousarray(data[: n * d].reshape(n, d)), np.ascontiguousarray(data[n * d :].reshape(q, d))


def timed(fn, runs):
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def numpy_topk(base, queries, k):
    scores = queries @ base.T  # Q x N
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    top = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -top), axis=1)
    return np.take_along_axis(part, order, axis=1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vectors", required=True)
    ap.add_argument("--k", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("citymatch", nargs="+", help="citymatch bench search JSON outputs, one per batch size")
    args = ap.parse_args()
    faiss.omp_set_num_threads(args.threads)
    base, all_queries = read_cmvb(args.vectors)
    n, d = base.shape
    print(f"vectors: {args.vectors}: N={n} D={d}, {all_queries.shape[0]} queries; k={args.k}; threads={args.threads}")
    print(f"numpy {np.__version__}, faiss {faiss.__version__}; "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    index = faiss.IndexFlatIP(d)
    index.add(base)
    default_threshold = faiss.cvar.distance_compute_blas_threshold
    rows = []
    for path in args.citymatch:
        with open(path) as f:
            cm = json.load(f)
        q = cm["queries"]
        queries = all_queries[:q]
        runs = args.runs if q < 1000 else min(args.runs, 3)
        faiss.cvar.distance_compute_blas_threshold = default_threshold
        f_ms, (_, f_ids) = timed(lambda: index.search(queries, args.k), runs)
        row = {"queries": q, "citymatch_ms": cm["median_ms"], "faiss_ms": f_ms}
        if "limit_ms" in cm:
            # CityMatch's own floor on the same vectors and threads (`bench search --limits`).
            row["limit_ms"] = cm["limit_ms"]
        if 1 < q < default_threshold:
            faiss.cvar.distance_compute_blas_threshold = 1
            row["faiss_blas_ms"], _ = timed(lambda: index.search(queries, args.k), runs)
            faiss.cvar.distance_compute_blas_threshold = default_threshold
        row["numpy_ms"], np_ids = timed(lambda: numpy_topk(base, queries, args.k), runs)
        # Same workload: CityMatch's top rows for query 0 against the peers'.
        cm_top = cm.get("top_rows_query0", [])
        row["agree_faiss"] = len(set(cm_top) & set(f_ids[0].tolist())) / args.k
        row["agree_numpy"] = len(set(cm_top) & set(np_ids[0].tolist())) / args.k
        rows.append(row)
        print(json.dumps(row), file=sys.stderr)

    print()
    print("| queries per batch | CityMatch flat (ms) | FAISS IndexFlatIP (ms) | ratio FAISS/CityMatch | FAISS, BLAS forced (ms) | ratio | numpy (ms) | ratio numpy/CityMatch | floor (ms) | CityMatch/floor | top-10 of query 0 agree (FAISS, numpy) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        c = r["citymatch_ms"]
        blas = r.get("faiss_blas_ms")
        floor = r.get("limit_ms")
        print(f"| {r['queries']} | {c:,.2f} | {r['faiss_ms']:,.2f} | {r['faiss_ms'] / c:.2f}x | "
              f"{'' if blas is None else f'{blas:,.1f}'} | {'' if blas is None else f'{blas / c:.2f}x'} | "
              f"{r['numpy_ms']:,.1f} | {r['numpy_ms'] / c:.2f}x | "
              f"{'' if floor is None else f'{floor:,.1f}'} | {'' if floor is None else f'{c / floor:.2f}x'} | "
              f"{r['agree_faiss']:.1f}, {r['agree_numpy']:.1f} |")
    print()
    print(json.dumps({"n": n, "d": d, "k": args.k, "threads": args.threads, "rows": rows}))


if __name__ == "__main__":
    main()
