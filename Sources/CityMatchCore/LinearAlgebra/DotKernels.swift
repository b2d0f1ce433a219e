/// The hand-vectorised inner loops of vector search: many dot products of one
/// query against consecutive base rows, in `Float32` and in `Int8`.
///
/// A single query against N rows is a matrix–vector product that reads every
/// base byte once and does two flops per float, so it is bound by memory
/// bandwidth, not arithmetic. These kernels keep the query in registers or L1
/// and stream four base rows at a time, which is enough to saturate memory on
/// one core; `ParallelSearch` splits the rows over threads.
///
/// Rounding: every row's score is computed by the same sequence of operations
/// (eight partial sums over the first `dimension & ~7` elements — fused
/// multiply–adds in builds for a CPU with FMA, see `multiplyAdd` — added
/// pairwise, then the scalar tail), whether the row goes through the four-row
/// path or the one-row tail path. Equal rows therefore always get bit-identical
/// scores, which keeps the tie order (lower row first) deterministic.
public enum DotKernels {
    /// `out[r] = ⟨query, rows[r]⟩` for `r` in `0..<count`, with `rows` row-major
    /// (`dimension` floats per row, stride `dimension`).
    ///
    /// - Complexity: O(count · dimension); reads `4 · count · dimension` bytes once.
    @inlinable
    public static func innerProducts(
        query: UnsafePointer<Float>, rows: UnsafePointer<Float>, count: Int, dimension d: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        var r = 0
        while r + 4 <= count {
            let base = rows + r * d
            let s = dot4(query, base, base + d, base + 2 * d, base + 3 * d, d)
            out[r] = s[0]; out[r + 1] = s[1]; out[r + 2] = s[2]; out[r + 3] = s[3]
            r += 4
        }
        while r < count {
            out[r] = dot(query, rows + r * d, d)
            r += 1
        }
    }

    /// Scores of four arbitrary rows (e.g. gathered by an inverted list).
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func dot4(
        _ q: UnsafePointer<Float>,
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>,
        _ r2: UnsafePointer<Float>, _ r3: UnsafePointer<Float>, _ d: Int
    ) -> SIMD4<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        let qr = UnsafeRawPointer(q)
        let p0 = UnsafeRawPointer(r0), p1 = UnsafeRawPointer(r1), p2 = UnsafeRawPointer(r2), p3 = UnsafeRawPointer(r3)
        let vectorBytes = (d & ~7) * 4
        var j = 0
        while j < vectorBytes {
            let x = qr.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self)
            multiplyAdd(&a0, x, p0.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            multiplyAdd(&a1, x, p1.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            multiplyAdd(&a2, x, p2.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            multiplyAdd(&a3, x, p3.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            j += 32
        }
        var s = SIMD4(reduce(a0), reduce(a1), reduce(a2), reduce(a3))
        var t = d & ~7
        while t < d {
            s += SIMD4(repeating: q[t]) * SIMD4(r0[t], r1[t], r2[t], r3[t])
            t += 1
        }
        return s
    }

    /// One dot product, rounded exactly like each lane of `dot4`.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func dot(_ q: UnsafePointer<Float>, _ row: UnsafePointer<Float>, _ d: Int) -> Float {
        var a = SIMD8<Float>()
        let qr = UnsafeRawPointer(q), p = UnsafeRawPointer(row)
        let vectorBytes = (d & ~7) * 4
        var j = 0
        while j < vectorBytes {
            multiplyAdd(&a, qr.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            j += 32
        }
        var s = reduce(a)
        var t = d & ~7
        while t < d {
            s += q[t] * row[t]
            t += 1
        }
        return s
    }

    /// `accumulator += x * y`, fused (one rounding) when the core is built for a CPU with FMA
    /// (`CITYMATCH_FMA`, see Package.swift), else a multiply then an add. Every kernel path goes
    /// through here, so within one build equal rows still get bit-identical scores.
    @inlinable @inline(__always)
    internal static func multiplyAdd(_ accumulator: inout SIMD8<Float>, _ x: SIMD8<Float>, _ y: SIMD8<Float>) {
        #if CITYMATCH_FMA
        accumulator.addProduct(x, y)
        #else
        accumulator += x * y
        #endif
    }

    /// A fixed pairwise order for the eight partial sums (so every path rounds alike).
    @inlinable @inline(__always)
    internal static func reduce(_ a: SIMD8<Float>) -> Float {
        let h = a.lowHalf + a.highHalf
        return (h[0] + h[2]) + (h[1] + h[3])
    }

    // MARK: - Int8

    /// `out[r] = Σⱼ query[j] · codes[r][j]` exactly, in `Int32`, for `count`
    /// consecutive rows of `dimension` signed bytes. The query is `Int16`
    /// (see `Int8Quantizer.quantizeQuery`), so each product fits 23 bits and a
    /// sum over up to 65,536 dimensions cannot overflow.
    ///
    /// Uses the multiply–add-adjacent-pairs shape (`pmaddwd` on x86).
    ///
    /// - Complexity: O(count · dimension); reads `count · dimension` bytes once.
    @inlinable
    public static func int8InnerProducts(
        query: UnsafePointer<Int16>, codes: UnsafePointer<Int8>, count: Int, dimension d: Int,
        into out: UnsafeMutablePointer<Int32>
    ) {
        var r = 0
        while r + 4 <= count {
            let base = codes + r * d
            let s = int8Dot4(query, base, base + d, base + 2 * d, base + 3 * d, d)
            out[r] = s[0]; out[r + 1] = s[1]; out[r + 2] = s[2]; out[r + 3] = s[3]
            r += 4
        }
        while r < count {
            out[r] = int8Dot(query, codes + r * d, d)
            r += 1
        }
    }

    /// Four exact integer dot products sharing one query.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func int8Dot4(
        _ q: UnsafePointer<Int16>,
        _ c0: UnsafePointer<Int8>, _ c1: UnsafePointer<Int8>,
        _ c2: UnsafePointer<Int8>, _ c3: UnsafePointer<Int8>, _ d: Int
    ) -> SIMD4<Int32> {
        var a0 = SIMD4<Int32>(), a1 = SIMD4<Int32>(), a2 = SIMD4<Int32>(), a3 = SIMD4<Int32>()
        let qr = UnsafeRawPointer(q)
        let p0 = UnsafeRawPointer(c0), p1 = UnsafeRawPointer(c1), p2 = UnsafeRawPointer(c2), p3 = UnsafeRawPointer(c3)
        let vectorEnd = d & ~7
        var j = 0
        while j < vectorEnd {
            let x = SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j, as: SIMD8<Int16>.self))
            a0 &+= maddPairs(x, p0.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            a1 &+= maddPairs(x, p1.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            a2 &+= maddPairs(x, p2.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            a3 &+= maddPairs(x, p3.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            j += 8
        }
        var s = SIMD4(a0.wrappedSum(), a1.wrappedSum(), a2.wrappedSum(), a3.wrappedSum())
        while j < d {
            s &+= SIMD4(repeating: Int32(q[j])) &* SIMD4(Int32(c0[j]), Int32(c1[j]), Int32(c2[j]), Int32(c3[j]))
            j += 1
        }
        return s
    }

    /// One exact integer dot product.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func int8Dot(_ q: UnsafePointer<Int16>, _ c: UnsafePointer<Int8>, _ d: Int) -> Int32 {
        var a = SIMD4<Int32>()
        let qr = UnsafeRawPointer(q), p = UnsafeRawPointer(c)
        let vectorEnd = d & ~7
        var j = 0
        while j < vectorEnd {
            let x = SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j, as: SIMD8<Int16>.self))
            a &+= maddPairs(x, p.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            j += 8
        }
        var s = a.wrappedSum()
        while j < d {
            s &+= Int32(q[j]) &* Int32(c[j])
            j += 1
        }
        return s
    }

    /// Products of eight lanes, adjacent pairs added (the `pmaddwd` pattern).
    @inlinable @inline(__always)
    internal static func maddPairs(_ x: SIMD8<Int32>, _ codes: SIMD8<Int8>) -> SIMD4<Int32> {
        let p = x &* SIMD8<Int32>(truncatingIfNeeded: codes)
        return p.evenHalf &+ p.oddHalf
    }
}
