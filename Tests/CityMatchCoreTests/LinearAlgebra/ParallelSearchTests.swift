import Testing
@testable import CityMatchCore

@Suite struct ParallelSearchTests {
    private func naive(_ queries: Matrix, _ base: Matrix, k: Int, filter: RowFilter? = nil) -> [[ScoredIndex]] {
        (0..<queries.rows).map { q in
            let scores = (0..<base.rows).map { r in (0..<base.columns).reduce(Float(0)) { $0 + queries[q, $1] * base[r, $1] } }
            return naiveTopK(scores, k: k, allowed: { filter?.contains($0) ?? true })
        }
    }

    /// (Q, N, d, k); N large enough that several workers run.
    static let shapes: [(Int, Int, Int, Int)] = [
        (1, 0, 8, 5), (1, 1, 3, 4), (1, 5000, 24, 10), (1, 4099, 9, 1), (3, 5000, 24, 10),
        (2, 3000, 7, 3000), (300, 2000, 16, 5), (1, 70_000, 40, 7), (5, 70_000, 40, 7),
    ]

    @Test(arguments: shapes)
    func matchesNaiveWithAnyThreadCountOnQuantisedData(shape: (Int, Int, Int, Int)) {
        let (q, n, d, k) = shape
        var rng = SplitMix64(seed: UInt64(q * 7919 + n * 31 + d))
        for spread in [1, 20] { // spread 1 ⇒ massive ties across worker boundaries
            let queries = rng.quantizedMatrix(rows: q, columns: d, spread: spread)
            let base = rng.quantizedMatrix(rows: n, columns: d, spread: spread)
            let expected = naive(queries, base, k: k)
            let mask = RowFilter(count: n) { _ in rng.nextInt(below: 4) == 0 }
            let expectedFiltered = naive(queries, base, k: k, filter: mask)
            for threads in [1, 2, 3] {
                base.storage.withUnsafeBufferPointer { b in
                    let got = ParallelSearch.innerProductTopK(queries: queries, base: b, count: n, k: k, threads: threads)
                    #expect(got == expected, "Q=\(q) N=\(n) d=\(d) k=\(k) spread=\(spread) threads=\(threads)")
                    let filtered = ParallelSearch.innerProductTopK(queries: queries, base: b, count: n, k: k, filter: mask, threads: threads)
                    #expect(filtered == expectedFiltered, "filtered Q=\(q) N=\(n) spread=\(spread) threads=\(threads)")
                }
            }
        }
    }

    /// Up to `fewQueriesLimit` queries are scanned with the one-query kernel: each query's
    /// hits and score bits equal its own one-query search (not merely the same top k).
    @Test(arguments: [2, 3, ParallelSearch.fewQueriesLimit])
    func fewQueriesGetTheirOneQuerySearchBitForBit(queryCount: Int) {
        var rng = SplitMix64(seed: UInt64(100 + queryCount))
        for d in [33, 384] {
            let queries = Matrix(rowVectors: (0..<queryCount).map { _ in rng.floats(d) })
            let base = Matrix(rowVectors: (0..<3_000).map { _ in rng.floats(d) })
            let mask = RowFilter(count: base.rows) { _ in rng.nextInt(below: 3) > 0 }
            for threads in [1, 2] {
                for filter in [nil, mask] {
                    base.storage.withUnsafeBufferPointer { b in
                        let together = ParallelSearch.innerProductTopK(queries: queries, base: b, count: base.rows, k: 40,
                                                                       filter: filter, threads: threads)
                        for q in 0..<queryCount {
                            let alone = ParallelSearch.innerProductTopK(queries: Matrix(rowVectors: [queries.row(q)]), base: b, count: base.rows,
                                                                        k: 40, filter: filter, threads: threads)[0]
                            #expect(together[q].map(\.index) == alone.map(\.index), "Q=\(queryCount) d=\(d) threads=\(threads)")
                            #expect(together[q].map(\.score.bitPattern) == alone.map(\.score.bitPattern))
                        }
                    }
                }
            }
        }
    }

    @Test func threadCountFollowsWorkAndRequest() {
        #expect(ParallelSearch.threadCount(rows: 100, queries: 1, dimension: 8, requested: 4) == 1)
        #expect(ParallelSearch.threadCount(rows: 1_000_000, queries: 1, dimension: 384, requested: 2) == 2)
        #expect(ParallelSearch.threadCount(rows: 1_000_000, queries: 1, dimension: 384, requested: 1) == 1)
        #expect(ParallelSearch.blockRows(queryCount: 1) == 8192)
        #expect(ParallelSearch.blockRows(queryCount: 100_000) % 16 == 0)
    }

    /// A parallel many-query search holds OpenBLAS at one thread and restores the setting.
    @Test func blasThreadCountIsRestored() {
        let before = BLAS.threadCount
        var rng = SplitMix64(seed: 5)
        let base = rng.matrix(rows: 20_000, columns: 32)
        let queries = rng.matrix(rows: 8, columns: 32)
        _ = base.storage.withUnsafeBufferPointer { ParallelSearch.innerProductTopK(queries: queries, base: $0, count: 20_000, k: 3, threads: 2) }
        #expect(BLAS.threadCount == before)
        let inside = BLASThreading.withSingleThreadedBLAS { BLASThreading.withSingleThreadedBLAS { BLAS.threadCount } }
        #expect(inside == before)
        #expect(BLAS.threadCount == before)
    }
}
