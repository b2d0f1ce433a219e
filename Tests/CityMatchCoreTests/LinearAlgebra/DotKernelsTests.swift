import Testing
@testable import CityMatchCore

@Suite struct DotKernelsTests {
    /// Every dimension around the 8- and 32-lane boundaries, several row counts.
    @Test func floatKernelMatchesNaiveOnQuantisedData() {
        var rng = SplitMix64(seed: 11)
        for d in [1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 384] {
            for rows in [0, 1, 3, 4, 5, 9] {
                let base = rng.quantizedMatrix(rows: rows, columns: d, spread: 9)
                let query = rng.quantized(d, spread: 9)
                var out = [Float](repeating: .nan, count: rows)
                base.storage.withUnsafeBufferPointer { b in
                    query.withUnsafeBufferPointer { q in
                        out.withUnsafeMutableBufferPointer { o in
                            guard rows > 0 else { return }
                            DotKernels.innerProducts(query: q.baseAddress!, rows: b.baseAddress!, count: rows, dimension: d, into: o.baseAddress!)
                        }
                    }
                }
                let expected = (0..<rows).map { r in (0..<d).reduce(Float(0)) { $0 + query[$1] * base[r, $1] } }
                #expect(out == expected, "d=\(d) rows=\(rows)")
            }
        }
    }

    /// Every entry point rounds exactly as `dot` (the block scan, the four gathered rows), on
    /// unquantised data where the order of the partial sums shows, around the 8- and 32-lane boundaries.
    @Test func everyEntryPointRoundsLikeDot() {
        var rng = SplitMix64(seed: 14)
        for d in [1, 7, 8, 9, 31, 32, 33, 40, 383, 384, 385] {
            let rows = Matrix(rowVectors: (0..<6).map { _ in rng.floats(d) })
            let query = rng.floats(d)
            rows.storage.withUnsafeBufferPointer { b in
                query.withUnsafeBufferPointer { q in
                    let base = b.baseAddress!, qp = q.baseAddress!
                    var out = [Float](repeating: .nan, count: 6)
                    out.withUnsafeMutableBufferPointer { DotKernels.innerProducts(query: qp, rows: base, count: 6, dimension: d, into: $0.baseAddress!) }
                    let single = (0..<6).map { DotKernels.dot(qp, base + $0 * d, d) }
                    #expect(out.map(\.bitPattern) == single.map(\.bitPattern), "d=\(d)")
                    let gathered = DotKernels.dot4(qp, base + 5 * d, base + 2 * d, base, base + 3 * d, d)
                    #expect([gathered[0], gathered[1], gathered[2], gathered[3]].map(\.bitPattern)
                            == [single[5], single[2], single[0], single[3]].map(\.bitPattern), "d=\(d)")
                    let other = rng.floats(d)
                    other.withUnsafeBufferPointer { o in
                        var first = [Float](repeating: .nan, count: 6), second = first
                        first.withUnsafeMutableBufferPointer { f in
                            second.withUnsafeMutableBufferPointer { s in
                                DotKernels.innerProducts2(query0: qp, query1: o.baseAddress!, rows: base, count: 6, dimension: d,
                                                          into: f.baseAddress!, s.baseAddress!)
                            }
                        }
                        #expect(first.map(\.bitPattern) == single.map(\.bitPattern), "d=\(d)")
                        #expect(second.map(\.bitPattern) == (0..<6).map { DotKernels.dot(o.baseAddress!, base + $0 * d, d).bitPattern }, "d=\(d)")
                    }
                    let naive = (0..<d).reduce(Double(0)) { $0 + Double(query[$1]) * Double(rows[1, $1]) }
                    #expect(abs(Double(single[1]) - naive) < 1e-4, "d=\(d)")
                }
            }
        }
    }

    /// Equal rows get the same bits wherever they sit in a block.
    @Test func equalRowsGetBitIdenticalScores() {
        var rng = SplitMix64(seed: 12)
        for d in [5, 13, 384] {
            let row = rng.floats(d)
            let query = rng.floats(d)
            let rows = Matrix(rowVectors: Array(repeating: row, count: 7))
            var out = [Float](repeating: 0, count: 7)
            rows.storage.withUnsafeBufferPointer { b in
                query.withUnsafeBufferPointer { q in
                    out.withUnsafeMutableBufferPointer { o in
                        DotKernels.innerProducts(query: q.baseAddress!, rows: b.baseAddress!, count: 7, dimension: d, into: o.baseAddress!)
                    }
                }
            }
            #expect(Set(out.map(\.bitPattern)).count == 1, "d=\(d)")
            let naive = (0..<d).reduce(Double(0)) { $0 + Double(query[$1]) * Double(row[$1]) }
            #expect(abs(Double(out[0]) - naive) < 1e-4, "d=\(d)")
        }
    }

    @Test func int8KernelIsExact() {
        var rng = SplitMix64(seed: 13)
        for d in [1, 7, 8, 9, 17, 31, 32, 33, 40, 384, 385] {
            for rows in [1, 4, 6] {
                let codes = (0..<(rows * d)).map { _ in Int8(rng.nextInt(below: 255) - 127) }
                let query = (0..<d).map { _ in Int16(rng.nextInt(below: 65535) - 32767) }
                var out = [Int32](repeating: 0, count: rows)
                codes.withUnsafeBufferPointer { c in
                    query.withUnsafeBufferPointer { q in
                        out.withUnsafeMutableBufferPointer { o in
                            DotKernels.int8InnerProducts(query: q.baseAddress!, codes: c.baseAddress!, count: rows, dimension: d, into: o.baseAddress!)
                        }
                    }
                }
                let expected = (0..<rows).map { r in (0..<d).reduce(Int32(0)) { $0 + Int32(query[$1]) * Int32(codes[r * d + $1]) } }
                #expect(out == expected, "d=\(d) rows=\(rows)")
            }
        }
    }
}
