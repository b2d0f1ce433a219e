import Testing
@testable import CityMatchCore

/// The 8-bit statement sketch must bracket the evidence the float path computes, or the
/// bound in `MatchEngine.best` could drop a candidate that belongs in the top k.
@Suite struct StatementSketchTests {
    /// The evidence value exactly as `MatchEngine.evidenceAlignment` computes it.
    static func exactEvidence(clauses: Matrix, statements: Matrix, rows: Range<Int>) -> Double {
        let d = clauses.columns, width = rows.count
        var out = [Float](repeating: 0, count: clauses.rows * width)
        clauses.storage.withUnsafeBufferPointer { c in
            statements.storage.withUnsafeBufferPointer { s in
                out.withUnsafeMutableBufferPointer { o in
                    ClauseSimilarity.compute(clauses: c.baseAddress!, clauseCount: clauses.rows, statements: s.baseAddress! + rows.lowerBound * d,
                                             statementCount: width, dimension: d, into: o.baseAddress!)
                }
            }
        }
        var sum = 0.0
        for c in 0..<clauses.rows {
            var top = -Float.infinity
            for j in 0..<width where out[c * width + j] > top { top = out[c * width + j] }
            sum += Double(max(0, top))
        }
        return sum / Double(clauses.rows)
    }

    static func bounds(_ sketch: StatementSketch, clauses: Matrix, rows: Range<Int>) -> (lower: Double, upper: Double)? {
        let prepared = StatementSketch.Clauses(clauses, paddedDimension: sketch.paddedDimension)
        var scratch = [Float](repeating: 0, count: 2 * prepared.norms.count)
        return scratch.withUnsafeMutableBufferPointer { sketch.evidenceBounds(prepared, rows: rows, best: $0.baseAddress!) }
    }

    static func randomMatrix(rows: Int, columns: Int, unit: Bool, rng: inout SplitMix64) -> Matrix {
        var storage = (0..<rows * columns).map { _ in Float(rng.nextUnitDouble() * 2 - 1) }
        if unit {
            for r in 0..<rows {
                let norm = storage[r * columns ..< (r + 1) * columns].reduce(0) { $0 + $1 * $1 }.squareRoot()
                for j in r * columns ..< (r + 1) * columns { storage[j] /= norm }
            }
        }
        return Matrix(rows: rows, columns: columns, storage: storage)
    }

    @Test(arguments: [(384, true), (384, false), (37, true), (8, false), (3, true)])
    func boundsBracketTheExactEvidence(dimension: Int, unit: Bool) {
        var rng = SplitMix64(seed: UInt64(dimension) &* 7 &+ (unit ? 1 : 0))
        let statements = Self.randomMatrix(rows: 60, columns: dimension, unit: unit, rng: &rng)
        let sketch = StatementSketch(statements)
        for trial in 0..<40 {
            let clauses = Self.randomMatrix(rows: 1 + trial % 9, columns: dimension, unit: unit, rng: &rng)
            let start = trial % 50, rows = start ..< start + 1 + trial % 10
            let exact = Self.exactEvidence(clauses: clauses, statements: statements, rows: rows)
            guard let bounds = Self.bounds(sketch, clauses: clauses, rows: rows) else {
                Issue.record("statements present, so bounds exist")
                return
            }
            #expect(bounds.lower <= exact && exact <= bounds.upper, "trial \(trial): \(bounds.lower) ≤ \(exact) ≤ \(bounds.upper)")
            if unit && dimension == 384 {
                // Tight enough to prune with: MiniLM-sized unit vectors quantise to ~0.002 per pair.
                #expect(bounds.upper - bounds.lower < 0.02, "trial \(trial): width \(bounds.upper - bounds.lower)")
            }
        }
    }

    /// Rows the quantiser treats specially: an outlier component (a coarse scale), a zero row,
    /// and a statement equal to the clause (similarity ≈ 1, past which evidence clamps).
    @Test func boundsHoldForAwkwardRows() {
        let d = 24
        var rows = [Float](repeating: 0.01, count: d)
        rows[5] = 40
        rows += [Float](repeating: 0, count: d)
        let unit = (0..<d).map { Float($0 % 5) - 2 }
        let norm = unit.reduce(0) { $0 + $1 * $1 }.squareRoot()
        rows += unit.map { $0 / norm }
        let statements = Matrix(rows: 3, columns: d, storage: rows)
        let sketch = StatementSketch(statements)
        let clauses = Matrix(rows: 2, columns: d, storage: unit.map { $0 / norm } + (0..<d).map { Float($0) / 50 })
        for range in [0..<1, 1..<2, 2..<3, 0..<3] {
            let exact = Self.exactEvidence(clauses: clauses, statements: statements, rows: range)
            let bounds = Self.bounds(sketch, clauses: clauses, rows: range)
            #expect(bounds != nil)
            if let bounds { #expect(bounds.lower <= exact && exact <= bounds.upper, "\(range): \(bounds) vs \(exact)") }
        }
        #expect(Self.bounds(sketch, clauses: clauses, rows: 1..<1) == nil)
    }

    @Test func sketchStoresOneByteAComponent() {
        var rng = SplitMix64(seed: 3)
        let statements = Self.randomMatrix(rows: 10_000, columns: 16, unit: true, rng: &rng)
        let sketch = StatementSketch(statements)
        #expect(sketch.count == 10_000)
        #expect(sketch.rows.count == 10_000 * (16 + StatementSketch.header))
        #expect(StatementSketch(Self.randomMatrix(rows: 3, columns: 37, unit: true, rng: &rng)).stride == 40 + StatementSketch.header)
        #expect((0..<10_000).allSatisfy { sketch.slack(ofRow: $0) > 0 && sketch.slack(ofRow: $0) < 0.05 })
        #expect((0..<10_000).allSatisfy { sketch.scale(ofRow: $0) > 0 })
    }
}
