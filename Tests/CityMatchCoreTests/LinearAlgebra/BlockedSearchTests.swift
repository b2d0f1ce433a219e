import Testing
@testable import CityMatchCore

@Suite struct BlockedSearchTests {
    /// Scores by triple loop; exact when inputs are small integers.
    private func naiveScores(_ queries: Matrix, _ base: Matrix) -> [[Float]] {
        (0..<queries.rows).map { q in
            (0..<base.rows).map { r in
                var sum: Float = 0
                for c in 0..<base.columns { sum += queries[q, c] * base[r, c] }
                return sum
            }
        }
    }

    /// (Q, N, d, k, blockRows), including k > N, N = 0, Q = 1, ragged last blocks.
    static let shapes: [(Int, Int, Int, Int, Int?)] = [
        (1, 0, 8, 5, nil), (3, 0, 8, 5, 4), (0, 10, 8, 5, nil),
        (1, 1, 1, 1, nil), (1, 10, 4, 20, 3), (2, 10, 4, 20, 3),
        (1, 100, 16, 10, 7), (5, 100, 16, 10, 7), (5, 100, 16, 10, 100), (5, 100, 16, 10, 1000),
        (4, 257, 8, 1, 64), (4, 257, 8, 0, 64), (4, 257, 8, -1, 64),
        (7, 1000, 32, 25, nil), (1, 1000, 32, 25, nil), (3, 513, 5, 513, 128),
        (300, 150, 12, 4, 16),  // more queries than one tile
        (3, 50, 0, 4, 8),       // empty vectors: every score is 0
    ]

    @Test(arguments: shapes)
    func matchesNaiveOnQuantisedData(shape: (Int, Int, Int, Int, Int?)) {
        let (q, n, d, k, block) = shape
        var rng = SplitMix64(seed: UInt64(q * 1_000_003 + n * 1009 + d * 31 + k + 7))
        for spread in [1, 3, 50] { // spread 1 ⇒ massive ties
            let queries = rng.quantizedMatrix(rows: q, columns: d, spread: spread)
            let base = rng.quantizedMatrix(rows: n, columns: d, spread: spread)
            let expected = naiveScores(queries, base).map { naiveTopK($0, k: k) }
            let got = blockedInnerProductTopK(queries: queries, base: base, k: k, blockRows: block)
            #expect(got.count == q)
            #expect(got == (q == 0 ? [] : expected), "Q=\(q) N=\(n) d=\(d) k=\(k) block=\(String(describing: block)) spread=\(spread)")

            let mask = RowFilter(count: n) { _ in rng.nextInt(below: 3) == 0 }
            let expectedFiltered = naiveScores(queries, base).map { naiveTopK($0, k: k, allowed: mask.contains) }
            let gotFiltered = blockedInnerProductTopK(queries: queries, base: base, k: k, filter: mask, blockRows: block)
            #expect(gotFiltered == (q == 0 ? [] : expectedFiltered), "filtered Q=\(q) N=\(n) k=\(k) spread=\(spread)")
        }
    }

    @Test func matchesNaiveOnRandomFloatsWithinRounding() {
        var rng = SplitMix64(seed: 99)
        for trial in 0..<40 {
            let q = 1 + rng.nextInt(below: 6), n = rng.nextInt(below: 400), d = 1 + rng.nextInt(below: 48)
            let k = rng.nextInt(below: 30), block = 1 + rng.nextInt(below: 90)
            let queries = rng.matrix(rows: q, columns: d).rowNormalized()
            let base = rng.matrix(rows: n, columns: d).rowNormalized()
            let scores = naiveScores(queries, base)
            let got = blockedInnerProductTopK(queries: queries, base: base, k: k, blockRows: block)
            for (qi, row) in got.enumerated() {
                let expected = naiveTopK(scores[qi], k: k)
                #expect(row.count == expected.count)
                for (rank, hit) in row.enumerated() {
                    // BLAS may sum in another order: compare rank by rank with a tolerance.
                    #expect(abs(hit.score - expected[rank].score) < 1e-5, "trial \(trial) q=\(qi) rank=\(rank)")
                    #expect(abs(hit.score - scores[qi][hit.index]) < 1e-5)
                }
                #expect(Set(row.map(\.index)).count == row.count)
            }
        }
    }

    @Test func nanRowsAreNeverReturned() {
        var rng = SplitMix64(seed: 5)
        var base = rng.quantizedMatrix(rows: 60, columns: 6, spread: 2)
        let poisoned = [0, 7, 31, 59]
        for r in poisoned { base[r, 2] = .nan }
        let queries = rng.quantizedMatrix(rows: 3, columns: 6, spread: 2)
        for k in [1, 10, 56, 60, 100] {
            for block in [1, 8, 64] {
                let got = blockedInnerProductTopK(queries: queries, base: base, k: k, blockRows: block)
                for row in got {
                    #expect(row.count == min(k, 56))
                    #expect(row.allSatisfy { !$0.score.isNaN && !poisoned.contains($0.index) })
                }
            }
        }
    }

    @Test func emptyFilterAndBufferEntryPoint() {
        var rng = SplitMix64(seed: 6)
        let base = rng.quantizedMatrix(rows: 40, columns: 4, spread: 3)
        let queries = rng.quantizedMatrix(rows: 2, columns: 4, spread: 3)
        let none = RowFilter(count: 40)
        #expect(blockedInnerProductTopK(queries: queries, base: base, k: 5, filter: none) == [[], []])
        // Only the first 25 rows of the buffer are searched when count says so.
        let partial = base.storage.withUnsafeBufferPointer {
            blockedInnerProductTopK(queries: queries, base: $0, count: 25, k: 50, blockRows: 8)
        }
        #expect(partial.allSatisfy { $0.count == 25 && $0.allSatisfy { $0.index < 25 } })
    }

    @Test func partitionedAccumulationMergesToTheSequentialAnswer() {
        var rng = SplitMix64(seed: 8)
        let (q, n, d, k) = (4, 500, 8, 12)
        let queries = rng.quantizedMatrix(rows: q, columns: d, spread: 1)
        let base = rng.quantizedMatrix(rows: n, columns: d, spread: 1)
        let whole = blockedInnerProductTopK(queries: queries, base: base, k: k)
        // Pretend three threads each own a slice of the base.
        let cuts = [0, 123, 377, n]
        var partials: [[TopKAccumulator]] = []
        queries.storage.withUnsafeBufferPointer { qs in
            base.storage.withUnsafeBufferPointer { bs in
                for p in 0..<3 {
                    var accumulators = BlockedSearch.makeAccumulators(queryCount: q, k: k)
                    var scratch = [Float](repeating: 0, count: q * 32)
                    scratch.withUnsafeMutableBufferPointer { s in
                        BlockedSearch.accumulate(queries: qs, queryCount: q, dimension: d, base: bs,
                                                 rows: cuts[p] ..< cuts[p + 1], blockRows: 32,
                                                 scratch: s, into: &accumulators)
                    }
                    partials.append(accumulators)
                }
            }
        }
        #expect(BlockedSearch.merge(partials.reversed()).map { $0.sorted() } == whole)
    }

    @Test func defaultBlockRowsStaysInRange() {
        for q in [0, 1, 2, 16, 255, 256, 10_000] {
            let rows = BlockedSearch.defaultBlockRows(queryCount: q)
            #expect(rows >= 64 && rows <= 8192 && rows % 16 == 0)
        }
    }
}
