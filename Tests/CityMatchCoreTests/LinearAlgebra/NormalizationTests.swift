import Testing
@testable import CityMatchCore

@Suite struct NormalizationTests {
    @Test func vectorBecomesUnitLengthAndKeepsDirection() {
        var v: [Float] = [3, 4]
        let norm = L2.normalize(&v)
        #expect(norm == 5)
        #expect(v == [0.6, 0.8])
        #expect(L2.normalized([0, 0, 0]) == [0, 0, 0])
        #expect(L2.normalized([]) == [])
    }

    @Test func randomRowsAreUnitLength() {
        var rng = SplitMix64(seed: 1)
        var m = rng.matrix(rows: 50, columns: 37, in: -10 ..< 10)
        let original = m
        let norms = m.normalizeRows()
        for r in 0..<m.rows {
            var expected = 0.0
            for c in 0..<m.columns { expected += Double(original[r, c]) * Double(original[r, c]) }
            #expect(abs(Double(norms[r]) - expected.squareRoot()) <= 1e-4 * expected.squareRoot())
            #expect(abs(m.rowNorms()[r] - 1) < 1e-5)
            for c in 0..<m.columns {
                #expect(abs(m[r, c] - original[r, c] / norms[r]) < 1e-6)
            }
        }
    }

    @Test func degenerateRowsNeverBecomeNaN() {
        var m = Matrix(rowVectors: [
            [0, 0, 0],
            [Float.leastNormalMagnitude / 1024, 0, 0], // subnormal: 1/norm overflows Float
            [3e38, 3e38, 0],            // squared norm overflows Float
            [.nan, 1, 2],
            [.infinity, 1, 2],
            [1, 2, 2],
        ])
        let norms = m.normalizeRows()
        #expect(m.storage.allSatisfy { !$0.isNaN })
        #expect(m.row(0) == [0, 0, 0])
        #expect(m.row(1) == [1, 0, 0])
        #expect(abs(m[2, 0] - 0.70710677) < 1e-6 && abs(m[2, 1] - 0.70710677) < 1e-6)
        #expect(m.row(3) == [0, 0, 0] && norms[3].isNaN)
        #expect(m.row(4) == [0, 0, 0] && norms[4] == .infinity)
        #expect(abs(m[5, 0] - 1.0 / 3) < 1e-7 && norms[5] == 3)
        #expect(norms[0] == 0)
    }

    @Test func emptyShapes() {
        var noColumns = Matrix(rows: 3, columns: 0)
        #expect(noColumns.normalizeRows() == [0, 0, 0])
        var noRows = Matrix(rows: 0, columns: 4)
        #expect(noRows.normalizeRows() == [])
        #expect(noRows.rowNormalized() == noRows)
    }

    @Test func innerProductOfNormalizedRowsIsCosine() {
        var rng = SplitMix64(seed: 2)
        let a = rng.floats(64), b = rng.floats(64)
        let dot = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let na = a.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let nb = b.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        let unit = Matrix(rowVectors: [a, b]).rowNormalized()
        let gram = unit.multiplied(by: unit, transposeOther: true)
        #expect(abs(Double(gram[0, 1]) - dot / (na * nb)) < 1e-5)
    }
}
