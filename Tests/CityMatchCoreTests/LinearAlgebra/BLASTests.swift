import Testing
@testable import CityMatchCore

@Suite struct BLASTests {
    /// op(X)[i, j] for a row-major matrix with the given column count.
    private func element(_ x: [Float], columns: Int, transposed: Bool, _ i: Int, _ j: Int) -> Double {
        Double(transposed ? x[j * columns + i] : x[i * columns + j])
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 7), (17, 4, 33), (64, 65, 9), (2, 130, 1), (5, 3, 0)])
    func sgemmMatchesTripleLoop(m: Int, n: Int, k: Int) {
        var rng = SplitMix64(seed: UInt64(m * 10_007 + n * 101 + k))
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = rng.floats(m * k), b = rng.floats(k * n)
            let c0 = rng.floats(m * n)
            let lda = ta ? m : k, ldb = tb ? k : n
            let alpha: Float = 0.75, beta: Float = 0.5
            var c = c0
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        // Empty operands still need an address for the wrapper's signature.
                        var dummy: Float = 0
                        withUnsafeMutablePointer(to: &dummy) { d in
                            BLAS.sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha,
                                       a: pa.baseAddress ?? UnsafePointer(d), lda: max(lda, 1),
                                       b: pb.baseAddress ?? UnsafePointer(d), ldb: max(ldb, 1),
                                       beta: beta, c: pc.baseAddress!, ldc: n)
                        }
                    }
                }
            }
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        sum += element(a, columns: lda, transposed: ta, i, p) * element(b, columns: ldb, transposed: tb, p, j)
                    }
                    let expected = Double(alpha) * sum + Double(beta) * Double(c0[i * n + j])
                    #expect(abs(Double(c[i * n + j]) - expected) <= 1e-5 * Double(k + 1), "m=\(m) n=\(n) k=\(k) ta=\(ta) tb=\(tb) at (\(i), \(j))")
                }
            }
        }
    }

    @Test(arguments: [(1, 1), (7, 3), (40, 129), (300, 17)])
    func sgemvMatchesDoubleLoop(rows: Int, columns: Int) {
        var rng = SplitMix64(seed: UInt64(rows * 31 + columns))
        let a = rng.matrix(rows: rows, columns: columns)
        for transposed in [false, true] {
            let x = rng.floats(transposed ? rows : columns)
            let y = a.multiplied(by: x, transposeSelf: transposed)
            let outCount = transposed ? columns : rows
            #expect(y.count == outCount)
            for i in 0..<outCount {
                var sum = 0.0
                for j in 0..<x.count {
                    sum += Double(transposed ? a[j, i] : a[i, j]) * Double(x[j])
                }
                #expect(abs(Double(y[i]) - sum) <= 1e-5 * Double(x.count), "rows=\(rows) columns=\(columns) t=\(transposed) i=\(i)")
            }
        }
    }

    @Test func matrixProductMatchesTripleLoopExactlyOnIntegers() {
        var rng = SplitMix64(seed: 42)
        let a = rng.quantizedMatrix(rows: 13, columns: 29, spread: 5)
        let b = rng.quantizedMatrix(rows: 29, columns: 11, spread: 5)
        let c = a.multiplied(by: b)
        let ct = b.multiplied(by: a, transposeSelf: true, transposeOther: true) // (AB)ᵀ = BᵀAᵀ
        for i in 0..<13 {
            for j in 0..<11 {
                var sum: Float = 0
                for p in 0..<29 { sum += a[i, p] * b[p, j] }
                #expect(c[i, j] == sum)
                #expect(ct[j, i] == sum)
            }
        }
    }

    @Test func dotMatchesLoop() {
        var rng = SplitMix64(seed: 7)
        let x = rng.floats(1000), y = rng.floats(1000)
        let expected = zip(x, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let d = x.withUnsafeBufferPointer { px in y.withUnsafeBufferPointer { BLAS.dot(px.baseAddress!, $0.baseAddress!, count: 1000) } }
        #expect(abs(Double(d) - expected) < 1e-3)
    }
}
