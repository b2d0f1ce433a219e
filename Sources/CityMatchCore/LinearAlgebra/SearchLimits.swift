import Dispatch

/// The two floors under exact search, as work the benchmark can time on the same vectors with
/// the same threads: one read of the whole base (what a single query cannot go below: it is a
/// matrix–vector product, bound by memory bandwidth), and the bare products of every query with
/// every row (what a batch cannot go below: `sgemm` with nothing else done with the scores).
/// `citymatch bench search --limits` reports both next to the search, so a search's distance to
/// its floor is measured in the same run on the same machine, not quoted from elsewhere.
public enum SearchLimits {
    /// Sums every float of `base` (`count` floats) over `threads` workers, each reading one
    /// contiguous slice once with vector loads: the least work that touches every byte.
    /// Returns the sum so that the reads cannot be optimised away.
    ///
    /// - Complexity: O(count), reading `4 · count` bytes once.
    public static func readOnce(_ base: UnsafeBufferPointer<Float>, threads: Int) -> Float {
        guard let start = base.baseAddress, !base.isEmpty else { return 0 }
        let workers = max(1, min(threads, base.count / 4096))
        let slice = (base.count + workers - 1) / workers
        let sums = PartialSums(count: workers)
        let job = Slices(base: start, count: base.count, slice: slice)
        let work: @Sendable (Int) -> Void = { w in sums.store(w, job.sum(slice: w)) }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        return sums.total()
    }

    /// Multiplies every query by every base row with exactly the blocks, query tiles and
    /// threads `ParallelSearch` uses, but does nothing with the scores: the arithmetic floor of
    /// a batch, so search ÷ this is the cost of the top-k fold and merge.
    /// Returns one score so that the products cannot be optimised away.
    ///
    /// - Complexity: O(Q · n · d) arithmetic; memory O(T · min(Q, 256) · blockRows) floats.
    public static func productsOnly(queries: Matrix, base: UnsafeBufferPointer<Float>, count n: Int, threads: Int) -> Float {
        let q = queries.rows, d = queries.columns
        guard q > 0, n > 0, d > 0, let b = base.baseAddress else { return 0 }
        let workers = ParallelSearch.threadCount(rows: n, queries: q, dimension: d, requested: threads)
        let slice = ((n + workers - 1) / workers + 15) & ~15
        let sums = PartialSums(count: workers)
        queries.storage.withUnsafeBufferPointer { queryBuffer in
            let job = Products(queries: queryBuffer.baseAddress!, queryCount: q, dimension: d, base: b, count: n, slice: slice)
            BLASThreading.withSingleThreadedBLAS {
                let work: @Sendable (Int) -> Void = { w in sums.store(w, job.multiply(slice: w)) }
                if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            }
        }
        return sums.total()
    }

    struct Slices: @unchecked Sendable {
        let base: UnsafePointer<Float>
        let count: Int
        let slice: Int

        func sum(slice w: Int) -> Float {
            let lower = min(count, w * slice), upper = min(count, (w + 1) * slice)
            let raw = UnsafeRawPointer(base + lower)
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            let vectorBytes = ((upper - lower) & ~31) * 4
            var j = 0
            while j < vectorBytes {
                a0 += raw.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self)
                a1 += raw.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self)
                a2 += raw.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self)
                a3 += raw.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self)
                j += 128
            }
            var total = ((a0 + a1) + (a2 + a3)).sum()
            var t = lower + vectorBytes / 4
            while t < upper { total += base[t]; t += 1 }
            return total
        }
    }

    struct Products: @unchecked Sendable {
        let queries: UnsafePointer<Float>
        let queryCount: Int
        let dimension: Int
        let base: UnsafePointer<Float>
        let count: Int
        let slice: Int

        func multiply(slice w: Int) -> Float {
            let lower = min(count, w * slice), upper = min(count, (w + 1) * slice)
            let tile = min(queryCount, ParallelSearch.queryTile), height = ParallelSearch.blockRows(queryCount: tile)
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: tile * height)
            defer { scores.deallocate() }
            var checksum: Float = 0
            var start = lower
            while start < upper {
                let h = min(height, upper - start)
                var first = 0
                while first < queryCount {
                    let m = min(tile, queryCount - first)
                    BLAS.sgemm(transposeB: true, m: m, n: h, k: dimension,
                               a: queries + first * dimension, lda: dimension,
                               b: base + start * dimension, ldb: dimension, c: scores, ldc: h)
                    checksum += scores[0]
                    first += m
                }
                start += h
            }
            return checksum
        }
    }

    /// One slot per worker; each worker writes only its own.
    final class PartialSums: @unchecked Sendable {
        private let slots: UnsafeMutablePointer<Float>
        private let count: Int
        init(count: Int) {
            self.count = count
            slots = .allocate(capacity: count)
            slots.initialize(repeating: 0, count: count)
        }
        deinit { slots.deallocate() }
        func store(_ worker: Int, _ value: Float) { slots[worker] = value }
        func total() -> Float { UnsafeBufferPointer(start: slots, count: count).reduce(0, +) }
    }
}
