import Dispatch

/// Exact maximum-inner-product top-k over a row-major base, split over threads
/// with the top-k selection fused into the scoring loop.
///
/// The base rows are cut into T contiguous slices, one per worker thread
/// (`DispatchQueue.concurrentPerform`). Each worker walks its slice in blocks
/// and keeps its own `TopKAccumulator`s; at the end the accumulators are merged
/// (ties broken by row, so the answer does not depend on T or on the blocking).
///
/// - One query (a matrix–vector product, bound by memory bandwidth): each block
///   is scored by `DotKernels.innerProducts` into a small L1-resident buffer and
///   folded at once. No BLAS is involved, so no global state is touched.
/// - A few queries (up to `fewQueriesLimit`): rows are scored eight at a time (in L1) by
///   every query, two queries per pass over a row, and each query's scores are folded every
///   `fewQueriesBlockRows` rows. The base is read from memory once for all of them, and every
///   score rounds exactly as in a one-query search, so each query's result is bit for bit the
///   one it would get alone. (A narrow `sgemm` spends most of its time packing the base,
///   reading and writing it once more than the product needs.)
/// - Several queries (compute bound): each block of `blockRows` base rows is
///   multiplied by every query tile with one single-threaded `sgemm` (OpenBLAS
///   is held at one thread inside the workers by `BLASThreading`), and the
///   `queryTile × blockRows` score tile, sized to stay in L2, is folded before
///   the next product. The base is read from memory once per search, the score
///   matrix is never materialised, and the fold rejects most scores sixteen at a
///   time against the current k-th best (`TopKAccumulator.fold`).
///
/// For cosine similarity, L2-normalise queries and rows first.
public enum ParallelSearch {
    /// Rows × queries × dimension below which a search stays on one thread
    /// (splitting costs a few microseconds).
    public static let minimumWorkPerThread = 1 << 21

    /// Rows per block for a single query: 4,096 scores (16 KiB) stay in L1/L2.
    public static let singleQueryBlockRows = 4096

    /// The most queries scanned with the one-query kernel together (beyond: `sgemm`).
    public static let fewQueriesLimit = 16

    /// Rows whose scores a few-query scan folds together, per query: 256 at 384 floats
    /// (16 to 1,024 measured alike at 100,000 × 384).
    ///
    /// - Complexity: O(1).
    public static func fewQueriesBlockRows(dimension: Int) -> Int {
        max(16, min(4096, (384 * 1024) / max(1, dimension * MemoryLayout<Float>.stride)) & ~15)
    }

    /// Rows a few-query scan scores with every query before moving on: eight rows of 384
    /// floats (12 KiB) stay in L1 beside up to 16 queries' worth of loads.
    public static let fewQueriesInnerRows = 8

    /// Queries multiplied together per `sgemm` call.
    public static let queryTile = 256

    /// Target size of one worker's score tile (`queryTile × blockRows` floats).
    public static let scoreTileBytes = 512 * 1024

    /// The worker count for a search of `rows × queries` at `dimension`: at most
    /// `requested` (default: `BLAS.threadCount`, i.e. `OPENBLAS_NUM_THREADS` or
    /// the core count, or `citymatch bench search --threads`), and fewer when
    /// the work is too small to be worth splitting.
    ///
    /// - Complexity: O(1).
    public static func threadCount(rows: Int, queries: Int, dimension: Int, requested: Int? = nil) -> Int {
        let wanted = max(1, requested ?? BLAS.threadCount)
        let work = rows.multipliedReportingOverflow(by: max(1, queries) * max(1, dimension))
        let byWork = work.overflow ? wanted : max(1, work.partialValue / minimumWorkPerThread)
        return max(1, min(wanted, byWork, rows / 64))
    }

    /// Rows per `sgemm` block for tiles of `queryCount` queries.
    ///
    /// - Complexity: O(1).
    public static func blockRows(queryCount: Int) -> Int {
        let q = max(1, min(queryCount, queryTile))
        return min(max(scoreTileBytes / MemoryLayout<Float>.stride / q, 64), 8192) & ~15
    }

    /// The `k` rows of `base` (row-major `n × queries.columns`) with the
    /// largest inner product for every query, best first; ties list the lower
    /// row first; NaN scores are never returned; rows outside `filter` are
    /// skipped (blocks with no allowed row are not scored at all). Same
    /// contract as `blockedInnerProductTopK`, which it replaces for large bases.
    ///
    /// - Parameter threads: worker threads (default: see `threadCount`).
    /// - Complexity: O(Q · n · d) arithmetic split over the workers, plus O(Q · n)
    ///   threshold tests (vectorised) and O(Q · m · log k) heap work for the `m`
    ///   scores that beat the running k-th best; memory
    ///   O(T · (min(Q, 256) · blockRows + Q · k)), independent of n.
    public static func innerProductTopK(
        queries: Matrix, base: UnsafeBufferPointer<Float>, count n: Int,
        k: Int, filter: RowFilter? = nil, threads: Int? = nil
    ) -> [[ScoredIndex]] {
        let queryCount = queries.rows, d = queries.columns
        precondition(n >= 0 && base.count >= n * d, "base holds \(base.count) floats, expected \(n) × \(d)")
        if let filter { precondition(filter.count == n, "filter ranges over \(filter.count) rows, base has \(n)") }
        guard queryCount > 0 else { return [] }
        guard n > 0, k > 0 else { return [[ScoredIndex]](repeating: [], count: queryCount) }
        guard d > 0, base.baseAddress != nil else {
            return blockedInnerProductTopK(queries: queries, base: base, count: n, k: k, filter: filter)
        }

        let workers = threadCount(rows: n, queries: queryCount, dimension: d, requested: threads)
        // Slice boundaries on multiples of 16 rows.
        let slice = ((n + workers - 1) / workers + 15) & ~15
        let partials = PartialResults(count: workers)
        queries.storage.withUnsafeBufferPointer { q in
            let job = Job(queries: q, queryCount: queryCount, dimension: d, base: base, k: k, filter: filter)
            let work: @Sendable (Int) -> Void = { w in
                let rows = min(n, w * slice) ..< min(n, (w + 1) * slice)
                partials.store(w, queryCount == 1 ? job.scanOneQuery(rows: rows)
                                  : queryCount <= fewQueriesLimit ? job.scanFewQueries(rows: rows) : job.scanManyQueries(rows: rows))
            }
            if workers == 1 {
                work(0)
            } else if queryCount <= fewQueriesLimit {
                DispatchQueue.concurrentPerform(iterations: workers, execute: work)
            } else {
                BLASThreading.withSingleThreadedBLAS {
                    DispatchQueue.concurrentPerform(iterations: workers, execute: work)
                }
            }
        }
        return BlockedSearch.merge(partials.take()).map { $0.sorted() }
    }

    /// One search's read-only inputs, shared by the workers.
    struct Job: @unchecked Sendable {
        let queries: UnsafeBufferPointer<Float>
        let queryCount: Int
        let dimension: Int
        let base: UnsafeBufferPointer<Float>
        let k: Int
        let filter: RowFilter?

        /// One query over `rows`: SIMD dot products per block, folded at once.
        ///
        /// - Complexity: O(|rows| · d).
        func scanOneQuery(rows: Range<Int>) -> [TopKAccumulator] {
            var accumulator = TopKAccumulator(k: k, expectedCandidates: rows.count)
            guard !rows.isEmpty, let q = queries.baseAddress, let b = base.baseAddress else { return [accumulator] }
            let height = ParallelSearch.singleQueryBlockRows
            let scratch = UnsafeMutablePointer<Float>.allocate(capacity: height)
            defer { scratch.deallocate() }
            var start = rows.lowerBound
            while start < rows.upperBound {
                let h = min(height, rows.upperBound - start)
                defer { start += h }
                if let filter, !filter.containsAny(in: start ..< start + h) { continue }
                DotKernels.innerProducts(query: q, rows: b + start * dimension, count: h, dimension: dimension, into: scratch)
                accumulator.fold(scores: UnsafeBufferPointer(start: scratch, count: h), firstIndex: start, filter: filter)
            }
            return [accumulator]
        }

        /// A few queries over `rows`: eight rows at a time (in L1) scored by every query, two
        /// queries per pass over a row (`DotKernels.innerProducts2`, rounding exactly as the
        /// one-query kernel), each query's scores folded per block of `fewQueriesBlockRows`;
        /// the same scores, bit for bit, as `scanOneQuery`.
        ///
        /// - Complexity: O(Q · |rows| · d).
        func scanFewQueries(rows: Range<Int>) -> [TopKAccumulator] {
            let height = ParallelSearch.fewQueriesBlockRows(dimension: dimension)
            let inner = ParallelSearch.fewQueriesInnerRows
            // One row of scores per query for the block: rows are scored a few at a time by
            // every query (so they stay in L1), then each query's scores are folded.
            return eachBlock(of: rows, height: height, scratch: queryCount * height) { start, h, rowsOfBlock, q, scores, accs in
                var offset = 0
                while offset < h {
                    let count = min(inner, h - offset)
                    let block = rowsOfBlock + offset * dimension
                    var i = 0
                    while i + 1 < queryCount {
                        DotKernels.innerProducts2(query0: q + i * dimension, query1: q + (i + 1) * dimension,
                                                  rows: block, count: count, dimension: dimension,
                                                  into: scores + i * height + offset, scores + (i + 1) * height + offset)
                        i += 2
                    }
                    if i < queryCount {
                        DotKernels.innerProducts(query: q + i * dimension, rows: block, count: count, dimension: dimension,
                                                 into: scores + i * height + offset)
                    }
                    offset += count
                }
                for i in 0..<queryCount {
                    accs[i].fold(scores: UnsafeBufferPointer(start: scores + i * height, count: h), firstIndex: start, filter: filter)
                }
            }
        }

        /// Every query over `rows`: one `sgemm` per (row block, query tile), folded at once.
        /// The row block is the outer loop, so it is read from memory once and
        /// stays in cache while every query tile is multiplied by it.
        ///
        /// - Complexity: O(Q · |rows| · d).
        func scanManyQueries(rows: Range<Int>) -> [TopKAccumulator] {
            let tile = min(queryCount, ParallelSearch.queryTile)
            let height = ParallelSearch.blockRows(queryCount: tile)
            return eachBlock(of: rows, height: height, scratch: tile * height) { start, h, block, q, scores, accs in
                var first = 0
                while first < queryCount {
                    let count = min(tile, queryCount - first)
                    defer { first += count }
                    BLAS.sgemm(transposeB: true, m: count, n: h, k: dimension,
                               a: q + first * dimension, lda: dimension,
                               b: block, ldb: dimension,
                               c: scores, ldc: h)
                    for i in 0..<count {
                        accs[first + i].fold(scores: UnsafeBufferPointer(start: scores + i * h, count: h),
                                             firstIndex: start, filter: filter)
                    }
                }
            }
        }

        /// One accumulator per query, and `scoreAndFold(start, h, block, queries, scratch,
        /// accumulators)` for each block of `height` rows of `rows` (`h` rows from row `start`,
        /// at `block`) that the filter does not exclude entirely; `scratch` holds `scratch` floats.
        ///
        /// - Complexity: O(|rows| / height) calls plus theirs.
        @inline(__always)
        private func eachBlock(
            of rows: Range<Int>, height: Int, scratch: Int,
            _ scoreAndFold: (Int, Int, UnsafePointer<Float>, UnsafePointer<Float>, UnsafeMutablePointer<Float>,
                             UnsafeMutableBufferPointer<TopKAccumulator>) -> Void
        ) -> [TopKAccumulator] {
            var accumulators = BlockedSearch.makeAccumulators(queryCount: queryCount, k: k, expectedCandidates: rows.count)
            guard !rows.isEmpty, let q = queries.baseAddress, let b = base.baseAddress else { return accumulators }
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: scratch)
            defer { scores.deallocate() }
            accumulators.withUnsafeMutableBufferPointer { accs in
                var start = rows.lowerBound
                while start < rows.upperBound {
                    let h = min(height, rows.upperBound - start)
                    defer { start += h }
                    if let filter, !filter.containsAny(in: start ..< start + h) { continue }
                    scoreAndFold(start, h, b + start * dimension, q, scores, accs)
                }
            }
            return accumulators
        }
    }

    /// One slot per worker for its accumulators; each worker writes only its own slot.
    final class PartialResults: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<[TopKAccumulator]>
        private let count: Int

        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: [], count: count)
        }

        deinit {
            slots.deinitialize(count: count)
            slots.deallocate()
        }

        func store(_ worker: Int, _ value: [TopKAccumulator]) { slots[worker] = value }

        func take() -> [[TopKAccumulator]] { Array(UnsafeBufferPointer(start: slots, count: count)) }
    }
}
