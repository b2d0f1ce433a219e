import Testing
@testable import CityMatchCore

/// CityMatch splits large products over its own threads and keeps OpenBLAS single-threaded,
/// because OpenBLAS 0.3.21's own threads deadlock under concurrent callers (a CI run hung).
@Suite struct BLASThreadingTests {
    private func random(_ count: Int, seed: UInt64) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(rng.nextUnitDouble()) - 0.5 }
    }

    private func product(_ a: [Float], _ b: [Float], m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool) -> [Float] {
        var c = [Float](repeating: 0, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                               a: pa.baseAddress!, lda: transposeA ? m : k, b: pb.baseAddress!, ldb: transposeB ? k : n,
                               c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    /// Split products (tall and wide, every transpose) equal the unsplit single-threaded product.
    @Test(arguments: [(512, 96, 384), (40, 3000, 384), (700, 700, 64)])
    func splitProductsEqualOneCall(shape: (Int, Int, Int)) {
        let (m, n, k) = shape
        #expect(m * n * k >= BLAS.minimumParallelWork, "large enough to be split")
        let a = random(m * k, seed: 1), b = random(k * n, seed: 2)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let split = product(a, b, m: m, n: n, k: k, transposeA: ta, transposeB: tb)
            let whole = BLASThreading.withSingleThreadedBLAS { product(a, b, m: m, n: n, k: k, transposeA: ta, transposeB: tb) }
            let worst = zip(split, whole).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-4, "transposeA \(ta), transposeB \(tb): max difference \(worst)")
        }
    }

    /// Many tasks multiplying at once all finish, with the same results as one at a time.
    @Test func concurrentCallersFinishAndAgree() async {
        let (m, n, k) = (256, 1536, 384)
        let a = random(m * k, seed: 3), b = random(n * k, seed: 4)
        let expected = product(a, b, m: m, n: n, k: k, transposeA: false, transposeB: true)
        let results = await withTaskGroup(of: [Float].self) { group in
            for _ in 0..<8 { group.addTask { product(a, b, m: m, n: n, k: k, transposeA: false, transposeB: true) } }
            return await group.reduce(into: [[Float]]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        for result in results { #expect(result == expected) }
    }

    @Test func threadCountIsConfigurableAndRestored() {
        let before = BLAS.threadCount
        BLAS.setThreadCount(3)
        #expect(BLAS.threadCount == 3)
        #expect(BLASThreading.withSingleThreadedBLAS { BLASThreading.productThreads } == 1)
        BLAS.setThreadCount(before)
        #expect(BLAS.threadCount == before)
    }
}
