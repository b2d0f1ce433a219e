import COpenBLAS
import Dispatch

/// Thin, typed wrappers over the OpenBLAS routines CityMatch uses.
///
/// Every hot loop in the project that multiplies matrices goes through here, so
/// there is exactly one place where CityMatch talks to CBLAS. OpenBLAS runs
/// single-threaded and large products are split across CityMatch's own threads
/// (see `BLASThreading` for why); the core type stays the environment's
/// (`OPENBLAS_CORETYPE`).
public enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` on raw row-major buffers.
    ///
    /// `op(A)` is `m × k`, `op(B)` is `k × n`, `C` is `m × n`. Leading dimensions
    /// are row strides.
    ///
    /// - Complexity: O(m · n · k) floating-point operations.
    @inlinable
    public static func sgemm(
        transposeA: Bool = false, transposeB: Bool = false,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            // BLAS leaves C scaled by beta when k == 0; make that explicit.
            for i in 0..<m { for j in 0..<n { c[i * ldc + j] *= beta } }
            return
        }
        let threads = parallelThreads(m: m, n: n, k: k)
        if threads == 1 {
            cblasSgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                       a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        // Split the longer side of C into one contiguous slab per thread; each slab is an
        // independent single-threaded product on offset pointers (each element still sums
        // over the whole of k, as in one call).
        let splitRows = m >= n
        let length = splitRows ? m : n
        let step = (length + threads - 1) / threads
        let slabs = (length + step - 1) / step
        let (aAddress, bAddress, cAddress) = (UInt(bitPattern: a), UInt(bitPattern: b), UInt(bitPattern: c))
        DispatchQueue.concurrentPerform(iterations: slabs) { slab in
            let start = slab * step, count = min(step, length - start)
            let a = UnsafePointer<Float>(bitPattern: aAddress)!, b = UnsafePointer<Float>(bitPattern: bAddress)!
            let c = UnsafeMutablePointer<Float>(bitPattern: cAddress)!
            if splitRows {
                // Rows of op(A): rows of A, or columns of Aᵀ.
                let aOffset = transposeA ? start : start * lda
                cblasSgemm(transposeA: transposeA, transposeB: transposeB, m: count, n: n, k: k, alpha: alpha,
                           a: a + aOffset, lda: lda, b: b, ldb: ldb, beta: beta, c: c + start * ldc, ldc: ldc)
            } else {
                // Columns of op(B): columns of B, or rows of Bᵀ.
                let bOffset = transposeB ? start * ldb : start
                cblasSgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: count, k: k, alpha: alpha,
                           a: a, lda: lda, b: b + bOffset, ldb: ldb, beta: beta, c: c + start, ldc: ldc)
            }
        }
    }

    /// Multiply-adds below which one product stays on one thread (a split costs microseconds).
    public static let minimumParallelWork = 1 << 23

    /// Threads for an `m × n × k` product: the configured count, fewer for small products.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func parallelThreads(m: Int, n: Int, k: Int) -> Int {
        let work = m.multipliedReportingOverflow(by: n).partialValue.multipliedReportingOverflow(by: k)
        if !work.overflow && work.partialValue < minimumParallelWork { return 1 }
        let threads = BLASThreading.productThreads
        guard threads > 1 else { return 1 }
        let byWork = work.overflow ? threads : work.partialValue / (minimumParallelWork / 2)
        return max(1, min(threads, byWork, max(m, n) / 16))
    }

    /// One single-threaded `cblas_sgemm` call (OpenBLAS pinned to one thread first).
    @inlinable
    static func cblasSgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                           a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                           beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        BLASThreading.pinOpenBLAS()
        cblas_sgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// `y = alpha · op(A) · x + beta · y` on a raw row-major `rows × columns` buffer.
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public static func sgemv(
        transposeA: Bool = false,
        rows: Int, columns: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>,
        beta: Float = 0,
        y: UnsafeMutablePointer<Float>
    ) {
        guard rows > 0, columns > 0 else {
            let outCount = transposeA ? columns : rows
            for i in 0..<outCount { y[i] *= beta }
            return
        }
        BLASThreading.pinOpenBLAS()
        cblas_sgemv(
            CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
            Int32(rows), Int32(columns), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }

    /// Dot product of two equally long vectors.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count n: Int) -> Float {
        guard n > 0 else { return 0 }
        BLASThreading.pinOpenBLAS()
        return cblas_sdot(Int32(n), x, 1, y, 1)
    }
}

extension Matrix {
    /// The product `op(self) · op(other)`, one `sgemm` call.
    ///
    /// - Complexity: O(m · n · k) for an `m × k` by `k × n` product.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows
        let k = transposeSelf ? rows : columns
        let kOther = transposeOther ? other.columns : other.rows
        let n = transposeOther ? other.rows : other.columns
        precondition(k == kOther, "inner dimensions differ: \(k) vs \(kOther)")
        var result = Matrix(rows: m, columns: n)
        storage.withUnsafeBufferPointer { a in
            other.storage.withUnsafeBufferPointer { b in
                result.storage.withUnsafeMutableBufferPointer { c in
                    guard let pa = a.baseAddress, let pb = b.baseAddress, let pc = c.baseAddress else { return }
                    BLAS.sgemm(transposeA: transposeSelf, transposeB: transposeOther,
                               m: m, n: n, k: k,
                               a: pa, lda: columns, b: pb, ldb: other.columns,
                               c: pc, ldc: n)
                }
            }
        }
        return result
    }

    /// The product `self · vector` (or `selfᵀ · vector`), one `sgemv` call.
    ///
    /// - Complexity: O(rows · columns).
    public func multiplied(by vector: [Float], transposeSelf: Bool = false) -> [Float] {
        let expected = transposeSelf ? rows : columns
        precondition(vector.count == expected, "vector has \(vector.count) elements, expected \(expected)")
        var y = [Float](repeating: 0, count: transposeSelf ? columns : rows)
        storage.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { x in
                y.withUnsafeMutableBufferPointer { out in
                    guard let pa = a.baseAddress, let px = x.baseAddress, let py = out.baseAddress else { return }
                    BLAS.sgemv(transposeA: transposeSelf, rows: rows, columns: columns,
                               a: pa, lda: columns, x: px, y: py)
                }
            }
        }
        return y
    }
}

extension BLAS {
    /// Threads CityMatch uses for one product or search (from `OPENBLAS_NUM_THREADS` or the
    /// core count; OpenBLAS itself stays single-threaded, see `BLASThreading`).
    public static var threadCount: Int { BLASThreading.configuredThreadCount }

    /// Sets the thread count for this process's products and searches. CityMatch never calls this on its own;
    /// only an explicit user request does (`citymatch bench search --threads T`).
    /// It is also the number of worker threads `ParallelSearch` uses by default.
    public static func setThreadCount(_ n: Int) { BLASThreading.setConfiguredThreadCount(n) }
}
