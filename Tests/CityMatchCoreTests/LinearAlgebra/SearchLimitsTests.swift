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

    /// The product floor multiplies every query by every row: with an all-ones base and query
    /// 0 summing to s, the first score of each block is s, so the checksum is s × blocks × tiles.
    @Test func productsOnlyMultipliesEveryBlock() {
        let d = 8, n = 4096 * 2 + 100
        let base = [Float](repeating: 1, count: n * d)
        let queries = Matrix(rowVectors: [[Float](repeating: 0.5, count: d), [Float](repeating: 2, count: d)])
        let checksum = base.withUnsafeBufferPointer { SearchLimits.productsOnly(queries: queries, base: $0, count: n, threads: 2) }
        // Two workers (n / 4096 = 2), each with one 4096-row block and a remainder block of 50 rows: four blocks of one tile.
        #expect(checksum == 4 * Float(d) * 0.5)
    }
}
