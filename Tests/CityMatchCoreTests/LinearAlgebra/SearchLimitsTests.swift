import Testing
@testable import CityMatchCore

@Suite struct SearchLimitsTests {
    /// The read floor touches every float exactly once, whatever the thread count and tail.
    @Test func readOnceSumsEveryFloat() {
        for (count, threads) in [(0, 2), (5, 1), (4096 * 3 + 17, 2), (100_003, 3)] {
            let values = (0..<count).map { Float($0 % 5) }
            let expected = values.reduce(0, +)
            let sum = values.withUnsafeBufferPointer { SearchLimits.readOnce($0, threads: threads) }
            #expect(sum == expected, "count \(count), threads \(threads)")
        }
    }

    /// The product floor multiplies every query by every row in ParallelSearch's blocks: with an
    /// all-ones base and query 0 summing to s, the first score of each block is s, so the
    /// checksum is s × (number of blocks) for one query tile.
    @Test func productsOnlyMultipliesEveryBlock() {
        let d = 8, n = 20_000
        let base = [Float](repeating: 1, count: n * d)
        let queries = Matrix(rowVectors: [[Float](repeating: 0.5, count: d), [Float](repeating: 2, count: d)])
        let workers = ParallelSearch.threadCount(rows: n, queries: 2, dimension: d, requested: 2)
        let slice = ((n + workers - 1) / workers + 15) & ~15
        let height = ParallelSearch.blockRows(queryCount: 2)
        let blocks = (0..<workers).reduce(0) { total, w in
            let rows = max(0, min(n, (w + 1) * slice) - min(n, w * slice))
            return total + (rows + height - 1) / height
        }
        let checksum = base.withUnsafeBufferPointer { SearchLimits.productsOnly(queries: queries, base: $0, count: n, threads: 2) }
        #expect(checksum == Float(blocks) * Float(d) * 0.5)
        #expect(blocks >= 2)
    }
}
