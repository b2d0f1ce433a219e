import Testing
@testable import CityMatchCore

/// The 8-bit sketch must bracket the evidence the float path computes, or the
/// bound in `MatchEngine.best` could drop a candidate that belongs in the top k.
@Suite struct VectorSketchTests {
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

    static func bounds(_ sketch: VectorSketch, clauses: Matrix, rows: Range<Int>) -> (lower: Double, upper: Double)? {
        let prepared = VectorSketch.Queries(clauses, paddedDimension: sketch.paddedDimension)
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
        let sketch = VectorSketch(statements)
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
        let sketch = VectorSketch(statements)
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
        let sketch = VectorSketch(statements)
        #expect(sketch.count == 10_000)
        #expect(sketch.rows.count == 10_000 * (16 + VectorSketch.header))
        #expect(VectorSketch(Self.randomMatrix(rows: 3, columns: 37, unit: true, rng: &rng)).stride == 40 + VectorSketch.header)
        #expect((0..<10_000).allSatisfy { sketch.slack(ofRow: $0) > 0 && sketch.slack(ofRow: $0) < 0.05 })
        #expect((0..<10_000).allSatisfy { sketch.scale(ofRow: $0) > 0 })
    }

    /// Both layouts hold the same quantisation: per row the same scale, slack and codes.
    @Test(arguments: [(13, 37), (16, 384), (1, 3), (0, 8)])
    func groupsOfEightHoldTheRowsCodes(rowCount: Int, dimension: Int) {
        var rng = SplitMix64(seed: UInt64(rowCount * 100 + dimension))
        let vectors = Self.randomMatrix(rows: rowCount, columns: dimension, unit: true, rng: &rng)
        let byRow = VectorSketch(vectors), grouped = VectorSketch(vectors, layout: .groupsOfEight)
        #expect(grouped.count == rowCount)
        #expect(grouped.stride == 8 * (VectorSketch.header + dimension))
        #expect(grouped.rows.count == (rowCount + 7) / 8 * grouped.stride)
        for r in 0..<rowCount {
            #expect(grouped.scale(ofRow: r) == byRow.scale(ofRow: r) && grouped.slack(ofRow: r) == byRow.slack(ofRow: r))
            let codes = (0..<dimension).map { j in Int8(bitPattern: grouped.rows[(r / 8) * grouped.stride + 8 * VectorSketch.header + 8 * j + r % 8]) }
            #expect(codes == (0..<dimension).map { Int8(bitPattern: byRow.rows[r * byRow.stride + VectorSketch.header + $0]) })
        }
    }

    /// Each kernel width gives every query's inner products with a group's eight rows of codes.
    @Test(arguments: [1, 2, 4, 8])
    func groupKernelsMultiplyEveryQueryByEveryRow(queries: Int) {
        var rng = SplitMix64(seed: UInt64(queries))
        let d = 37
        let vectors = Self.randomMatrix(rows: 8, columns: d, unit: true, rng: &rng)
        let sketch = VectorSketch(vectors, layout: .groupsOfEight)
        let query = Self.randomMatrix(rows: queries, columns: d, unit: true, rng: &rng)
        let blocks = VectorSketch.KernelBlocks(query, 0..<queries)
        #expect(blocks.blocks.count == 1 && blocks.blocks[0].width == queries)
        var sums = [SIMD8<Float>](repeating: .zero, count: 8)
        sketch.rows.withUnsafeBytes { bytes in
            blocks.values.withUnsafeBufferPointer { q in
                VectorSketch.groupInnerProducts(bytes.baseAddress! + 8 * VectorSketch.header, q.baseAddress!, queries: queries,
                                                dimension: d, into: &sums)
            }
        }
        for i in 0..<queries {
            for r in 0..<8 {
                let exact = (0..<d).reduce(0.0) { total, j in
                    total + Double(query.storage[i * d + j]) * Double(Int8(bitPattern: sketch.rows[8 * VectorSketch.header + 8 * j + r]))
                }
                #expect(abs(Double(sums[i][r]) - exact) <= 1e-4 * max(1, abs(exact)), "query \(i) row \(r)")
            }
        }
        #expect(VectorSketch.kernelWidth(remaining: 7) == 8 && VectorSketch.kernelWidth(remaining: 5) == 8)
        #expect(VectorSketch.kernelWidth(remaining: 4) == 4 && VectorSketch.kernelWidth(remaining: 3) == 4)
        #expect(VectorSketch.kernelWidth(remaining: 2) == 2 && VectorSketch.kernelWidth(remaining: 1) == 1)
    }

    /// A pass's queries split into kernel blocks: widths 8, then 4, 2 or 1; spare lanes zero.
    @Test func kernelBlocksCoverThePassInOrder() {
        var rng = SplitMix64(seed: 5)
        let queries = Self.randomMatrix(rows: 20, columns: 3, unit: true, rng: &rng)
        let blocks = VectorSketch.KernelBlocks(queries, 2..<16)
        #expect(blocks.blocks.map(\.first) == [0, 8] && blocks.blocks.map(\.width) == [8, 8])
        let three = VectorSketch.KernelBlocks(queries, 0..<11)
        #expect(three.blocks.map(\.width) == [8, 4] && three.values.count == 12 * 3)
        // Query 9 of the pass is lane 1 of the second block; lane 3 of it is padding.
        #expect((0..<3).allSatisfy { three.values[three.blocks[1].offset + $0 * 4 + 1] == queries.storage[9 * 3 + $0] })
        #expect((0..<3).allSatisfy { three.values[three.blocks[1].offset + $0 * 4 + 3] == 0 })
        #expect(VectorSketch.KernelBlocks(queries, 0..<2).blocks.map(\.width) == [2])
        #expect(VectorSketch.KernelBlocks(queries, 0..<10).blocks.map(\.width) == [8, 2])
    }
}

/// The sketched search must leave out only rows it can prove are below what it returns, or
/// `MatchEngine.semanticPools` could certify a pool that misses a row.
@Suite struct VectorSketchSearchTests {
    static func exactDot(_ query: ArraySlice<Float>, _ rows: Matrix, _ r: Int) -> Float {
        let d = rows.columns
        return Array(query).withUnsafeBufferPointer { q in
            rows.storage.withUnsafeBufferPointer { DotKernels.dot(q.baseAddress!, $0.baseAddress! + r * d, d) }
        }
    }

    @Test(arguments: [(1, 384), (2, 384), (3, 384), (8, 384), (11, 384), (21, 384), (5, 37), (1, 3)])
    func rowsLeftOutAreBelowTheLastBoundFetched(queryCount: Int, dimension: Int) {
        var rng = SplitMix64(seed: UInt64(queryCount * 1_000 + dimension))
        let rows = VectorSketchTests.randomMatrix(rows: 3_003, columns: dimension, unit: true, rng: &rng)
        let queries = VectorSketchTests.randomMatrix(rows: queryCount, columns: dimension, unit: true, rng: &rng)
        let sketch = VectorSketch(rows, layout: .groupsOfEight)
        let norms = VectorSketch.Queries.normBounds(queries)
        let best = sketch.bestUpperBounds(queries, count: 50, threads: 2)
        #expect(best.count == queryCount)
        #expect(sketch.bestUpperBounds(queries, count: 50, threads: 1).map { $0.map(\.index) } == best.map { $0.map(\.index) })
        for j in 0..<queryCount {
            let query = queries.storage[j * dimension ..< (j + 1) * dimension]
            #expect(best[j].count == 50)
            #expect(zip(best[j], best[j].dropFirst()).allSatisfy { $0.score >= $1.score })
            for hit in best[j] {
                let exact = Self.exactDot(query, rows, hit.index)
                #expect(exact <= hit.score, "query \(j) row \(hit.index): \(exact) above its bound \(hit.score)")
                // Tight: within twice the row's slack (the approximation errs by at most one).
                #expect(hit.score - exact <= 2 * norms[j] * sketch.slack(ofRow: hit.index) + 1e-6, "query \(j) row \(hit.index)")
            }
            guard let last = best[j].last else { continue }
            let fetched = Set(best[j].map(\.index))
            for r in 0..<rows.rows where !fetched.contains(r) {
                #expect(Self.exactDot(query, rows, r) <= last.score, "query \(j): row \(r) left out above the last bound")
            }
        }
    }

    @Test func emptyInputsGiveEmptyResults() {
        var rng = SplitMix64(seed: 9)
        let rows = VectorSketchTests.randomMatrix(rows: 10, columns: 16, unit: true, rng: &rng)
        let sketch = VectorSketch(rows, layout: .groupsOfEight)
        let one = VectorSketchTests.randomMatrix(rows: 1, columns: 16, unit: true, rng: &rng)
        #expect(sketch.bestUpperBounds(one, count: 0).map(\.count) == [0])
        #expect(sketch.bestUpperBounds(one, count: 20).map(\.count) == [10])
        #expect(sketch.bestUpperBounds(Matrix(rows: 0, columns: 16, storage: []), count: 5).isEmpty)
    }
}
