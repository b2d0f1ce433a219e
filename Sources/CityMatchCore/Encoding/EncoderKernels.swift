import Dispatch

/// The element-wise hot loops of the transformer forward pass. Everything that
/// is a matrix product goes through `BLAS.sgemm`; these are the remaining
/// O(tokens · width) passes, written as plain pointer loops that the optimiser
/// vectorises.
public enum EncoderKernels {
    /// Calls `body` on `count` items split into at most `workers` contiguous
    /// chunks of at least `minimumPerChunk` items, in parallel when there is
    /// more than one chunk. Used for the element-wise passes, which would
    /// otherwise run on one core while BLAS uses all of them.
    ///
    /// - Complexity: the cost of `body` over all items, divided across the workers.
    @inlinable
    public static func parallelChunks(count: Int, workers: Int, minimumPerChunk: Int, _ body: (Range<Int>) -> Void) {
        let chunks = min(max(workers, 1), max(1, count / max(minimumPerChunk, 1)))
        if chunks <= 1 {
            body(0..<count)
            return
        }
        withoutActuallyEscaping(body) { escapable in
            // The chunks are disjoint and `concurrentPerform` returns only when all are done.
            let shared = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                shared.value((count * c / chunks)..<(count * (c + 1) / chunks))
            }
        }
    }

    /// Copies `bias` (length `width`) into each of `rows` rows of `out` (row stride `width`).
    ///
    /// - Complexity: O(rows · width).
    @inlinable
    public static func broadcastRows(_ bias: UnsafePointer<Float>, rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            (out + r * width).update(from: bias, count: width)
        }
    }

    /// `out[r, c] = residual[r, c] + bias[c]`: seeds a dense layer's output with
    /// its bias and the residual input, so that one `sgemm` with `beta = 1` finishes it.
    ///
    /// - Complexity: O(rows · width).
    @inlinable
    public static func residualPlusBias(_ residual: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                                        rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let src = residual + r * width
            let dst = out + r * width
            for c in 0..<width { dst[c] = src[c] + bias[c] }
        }
    }

    /// Sum of `count` floats, with 16 independent lanes so the loop is not
    /// bound by the latency of one floating-point add chain.
    ///
    /// - Complexity: O(count).
    @inlinable
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            acc0 += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc1 += raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self)
            i += 16
        }
        var total = (acc0 + acc1).sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    /// Sum of squared deviations from `mean`, lane-parallel like `sum`.
    ///
    /// - Complexity: O(count).
    @inlinable
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
        var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>()
        let m = SIMD8<Float>(repeating: mean)
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 16 <= count {
            let a = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m
            let b = raw.loadUnaligned(fromByteOffset: (i + 8) * 4, as: SIMD8<Float>.self) - m
            acc0 += a * a
            acc1 += b * b
            i += 16
        }
        var total = (acc0 + acc1).sum()
        while i < count { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// Largest of `count` floats (`-infinity` when empty).
    ///
    /// - Complexity: O(count).
    @inlinable
    public static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD8<Float>(repeating: -.infinity)
        let raw = UnsafeRawPointer(x)
        var i = 0
        while i + 8 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            acc.replace(with: v, where: v .> acc)
            i += 8
        }
        var m = acc.max()
        while i < count { m = max(m, x[i]); i += 1 }
        return m
    }

    /// In-place LayerNorm of each row: `(x - mean) / sqrt(var + eps) * gamma + beta`.
    ///
    /// - Complexity: O(rows · width).
    @inlinable
    public static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                 gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        let inv = 1 / Float(width)
        for r in 0..<rows {
            let row = x + r * width
            let mean = sum(row, count: width) * inv
            let variance = sumOfSquares(row, count: width, mean: mean) * inv
            let scale = 1 / (variance + eps).squareRoot()
            for c in 0..<width { row[c] = (row[c] - mean) * scale * gamma[c] + beta[c] }
        }
    }

    /// In-place exact (erf-based) GELU: `0.5 · x · (1 + erf(x / √2))`.
    ///
    /// - Complexity: O(count).
    @inlinable
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let invSqrt2: Float = 0.70710678118654752
        for i in 0..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erf32(v * invSqrt2))
        }
    }

    /// In-place `x[r, c] = GELU(x[r, c] + bias[c])`: the FFN-up bias fused into the activation.
    ///
    /// - Complexity: O(rows · width).
    @inlinable
    public static func biasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>) {
        let invSqrt2: Float = 0.70710678118654752
        for r in 0..<rows {
            let row = x + r * width
            for c in 0..<width {
                let v = row[c] + bias[c]
                row[c] = 0.5 * v * (1 + erf32(v * invSqrt2))
            }
        }
    }

    /// Single-precision erf, a rational minimax approximation on [-4, 4]
    /// (erf is ±1 in Float beyond); absolute error below 5e-7 (see tests),
    /// branch-free so that loops over it vectorise.
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func erf32(_ a: Float) -> Float {
        let x = min(max(a, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 + -2.10102402082508e-06
        p = p * x2 + -5.69250639462346e-05
        p = p * x2 + -7.34990630326855e-04
        p = p * x2 + -2.95459980854025e-03
        p = p * x2 + -1.60960333262415e-02
        p *= x
        var q: Float = -1.45660718464996e-05
        q = q * x2 + -2.13374055278905e-04
        q = q * x2 + -1.68282697438203e-03
        q = q * x2 + -7.37332916720468e-03
        q = q * x2 + -1.42647390514189e-02
        return p / q
    }

    /// Single-precision e^x for x ≤ 0 down to -87 (softmax inputs after
    /// subtracting the row maximum): Cody–Waite range reduction and a degree-6
    /// polynomial; relative error about 2 ulp; branch-free; underflows to 0.
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func exp32(_ v: Float) -> Float {
        let x = max(v, -87.0)
        let log2e: Float = 1.44269504088896341
        let n = (x * log2e).rounded(.toNearestOrEven)
        var r = x - n * 0.693359375
        r = r - n * -2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        p = p * r * r + r + 1
        let bits = UInt32(bitPattern: Int32(n) + 127) << 23
        return p * Float(bitPattern: bits)
    }

    /// In-place row softmax of a `rows × columns` block (row stride `stride`).
    ///
    /// - Complexity: O(rows · columns).
    @inlinable
    public static func softmaxRows(_ s: UnsafeMutablePointer<Float>, rows: Int, columns: Int, stride: Int) {
        for r in 0..<rows {
            let row = s + r * stride
            let m = maximum(row, count: columns)
            for c in 0..<columns { row[c] = exp32(row[c] - m) }
            let inv = 1 / sum(row, count: columns)
            for c in 0..<columns { row[c] *= inv }
        }
    }

    /// Mean of `rows` consecutive rows of `x` (stride `width`), L2-normalised, into `out`.
    ///
    /// - Complexity: O(rows · width).
    @inlinable
    public static func meanPoolNormalize(_ x: UnsafePointer<Float>, rows: Int, width: Int, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: width)
        for r in 0..<rows {
            let row = x + r * width
            for c in 0..<width { out[c] += row[c] }
        }
        let inv = 1 / Float(max(rows, 1))
        for c in 0..<width { out[c] *= inv }
        let norm = sumOfSquares(out, count: width, mean: 0)
        // sentence-transformers' Normalize: x / max(‖x‖, 1e-12).
        let scale = 1 / max(norm.squareRoot(), 1e-12)
        for c in 0..<width { out[c] *= scale }
    }
}

/// Carries a value into a `@Sendable` closure when the caller guarantees the
/// accesses do not race (disjoint chunks, joined before returning).
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline let value: Value
    @inlinable init(_ value: Value) { self.value = value }
}
