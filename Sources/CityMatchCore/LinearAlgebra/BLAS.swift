import COpenBLAS

/// Thin, typed wrappers over the OpenBLAS routines CityMatch uses.
///
/// Every hot loop in the project that multiplies matrices goes through here, so
/// there is exactly one place where CityMatch talks to CBLAS. The wrappers never
/// touch OpenBLAS's threading or core-type settings: those belong to the
/// environment (`OPENBLAS_NUM_THREADS`, `OPENBLAS_CORETYPE`).
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
    /// Threads OpenBLAS uses (from `OPENBLAS_NUM_THREADS` or the core count).
    /// While a parallel search holds OpenBLAS single-threaded (see `BLASThreading`), this
    /// still reports the configured count.
    public static var threadCount: Int { BLASThreading.configuredThreadCount }

    /// Sets OpenBLAS's thread count for this process. CityMatch never calls this on its own;
    /// only an explicit user request does (`citymatch bench search --threads T`).
    /// It is also the number of worker threads `ParallelSearch` uses by default.
    public static func setThreadCount(_ n: Int) { BLASThreading.setConfiguredThreadCount(n) }
}
