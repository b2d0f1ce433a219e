import Testing
@testable import CityMatchCore

@Suite struct DotKernelsTests {
    /// Every dimension around the 8-lane boundary and every row count around the 4-row boundary.
    @Test func floatKernelMatchesNaiveOnQuantisedData() {
        var rng = SplitMix64(seed: 11)
        for d in [1, 3, 7, 8, 9, 15, 16, 17, 33, 384] {
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

    /// A row gets the same bits whether it goes through the 4-row path or the tail path.
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
        for d in [1, 7, 8, 9, 17, 384] {
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
