/// The hand-vectorised inner loops of vector search: many dot products of one
/// query against consecutive base rows, in `Float32` and in `Int8`.
///
/// A single query against N rows is a matrix–vector product that reads every
/// base byte once and does two flops per float, so it is bound by memory
/// bandwidth, not arithmetic. The float kernel therefore walks the rows strictly
/// in address order, one row at a time, with four independent accumulators per
/// row for instruction-level parallelism: one linear stream is what the
/// hardware prefetcher serves best. (Scoring four rows in lockstep, as an
/// earlier version did, reads four interleaved streams 1.5 KiB apart and ran at
/// half the speed of a plain read of the same bytes.) `ParallelSearch` splits
/// the rows over threads.
///
/// Rounding: every score is computed by `dot`, whichever entry point is used:
/// 32 partial sums (four `SIMD8` accumulators) over the first `dimension & ~31`
/// elements, then eight more lanes at a time into the first accumulator, the
/// four accumulators added as `(a0 + a1) + (a2 + a3)`, the eight lanes added
/// pairwise, then the scalar tail; fused multiply–adds in builds for a CPU with
/// FMA (see `multiplyAdd`). Equal rows therefore always get bit-identical
/// scores, which keeps the tie order (lower row first) deterministic.
public enum DotKernels {
    /// `out[r] = ⟨query, rows[r]⟩` for `r` in `0..<count`, with `rows` row-major
    /// (`dimension` floats per row, stride `dimension`).
    ///
    /// - Complexity: O(count · dimension); reads `4 · count · dimension` bytes once, in order.
    @inlinable
    public static func innerProducts(
        query: UnsafePointer<Float>, rows: UnsafePointer<Float>, count: Int, dimension d: Int,
        into out: UnsafeMutablePointer<Float>
    ) {
        var row = rows
        for r in 0..<count {
            out[r] = dot(query, row, d)
            row += d
        }
    }

    /// `out0[r] = ⟨query0, rows[r]⟩` and `out1[r] = ⟨query1, rows[r]⟩`, each exactly as `dot`:
    /// two queries share every load of a row (a few-query scan reads rows from cache, where
    /// loads, not arithmetic, set the pace).
    ///
    /// - Complexity: O(count · dimension).
    @inlinable
    public static func innerProducts2(
        query0: UnsafePointer<Float>, query1: UnsafePointer<Float>, rows: UnsafePointer<Float>, count: Int,
        dimension d: Int, into out0: UnsafeMutablePointer<Float>, _ out1: UnsafeMutablePointer<Float>
    ) {
        var row = rows
        for r in 0..<count {
            (out0[r], out1[r]) = dot2(query0, query1, row, d)
            row += d
        }
    }

    /// Two dot products with one row, each summed exactly as `dot` sums it.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func dot2(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>, _ row: UnsafePointer<Float>,
                            _ d: Int) -> (Float, Float) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
        let qa = UnsafeRawPointer(q0), qb = UnsafeRawPointer(q1), p = UnsafeRawPointer(row)
        let bodyBytes = (d & ~31) * 4, vectorBytes = (d & ~7) * 4
        var j = 0
        while j < bodyBytes {
            let x0 = p.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self)
            let x1 = p.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self)
            let x2 = p.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self)
            let x3 = p.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self)
            multiplyAdd(&a0, qa.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), x0)
            multiplyAdd(&a1, qa.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self), x1)
            multiplyAdd(&a2, qa.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self), x2)
            multiplyAdd(&a3, qa.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self), x3)
            multiplyAdd(&b0, qb.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), x0)
            multiplyAdd(&b1, qb.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self), x1)
            multiplyAdd(&b2, qb.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self), x2)
            multiplyAdd(&b3, qb.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self), x3)
            j += 128
        }
        while j < vectorBytes {
            let x = p.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self)
            multiplyAdd(&a0, qa.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), x)
            multiplyAdd(&b0, qb.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), x)
            j += 32
        }
        var s0 = reduce((a0 + a1) + (a2 + a3)), s1 = reduce((b0 + b1) + (b2 + b3))
        var t = d & ~7
        while t < d {
            s0 += q0[t] * row[t]
            s1 += q1[t] * row[t]
            t += 1
        }
        return (s0, s1)
    }

    /// Scores of four arbitrary rows (e.g. gathered by an inverted list), each exactly as `dot`.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func dot4(
        _ q: UnsafePointer<Float>,
        _ r0: UnsafePointer<Float>, _ r1: UnsafePointer<Float>,
        _ r2: UnsafePointer<Float>, _ r3: UnsafePointer<Float>, _ d: Int
    ) -> SIMD4<Float> {
        SIMD4(dot(q, r0, d), dot(q, r1, d), dot(q, r2, d), dot(q, r3, d))
    }

    /// One dot product: the rounding every other entry point reproduces.
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func dot(_ q: UnsafePointer<Float>, _ row: UnsafePointer<Float>, _ d: Int) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        let qr = UnsafeRawPointer(q), p = UnsafeRawPointer(row)
        let bodyBytes = (d & ~31) * 4, vectorBytes = (d & ~7) * 4
        var j = 0
        while j < bodyBytes {
            multiplyAdd(&a0, qr.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            multiplyAdd(&a1, qr.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j + 32, as: SIMD8<Float>.self))
            multiplyAdd(&a2, qr.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j + 64, as: SIMD8<Float>.self))
            multiplyAdd(&a3, qr.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j + 96, as: SIMD8<Float>.self))
            j += 128
        }
        while j < vectorBytes {
            multiplyAdd(&a0, qr.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self), p.loadUnaligned(fromByteOffset: j, as: SIMD8<Float>.self))
            j += 32
        }
        var s = reduce((a0 + a1) + (a2 + a3))
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
    /// - Complexity: O(count · dimension); reads `count · dimension` bytes once, in order.
    @inlinable
    public static func int8InnerProducts(
        query: UnsafePointer<Int16>, codes: UnsafePointer<Int8>, count: Int, dimension d: Int,
        into out: UnsafeMutablePointer<Int32>
    ) {
        // Row by row, in address order (see the float kernel for why).
        var row = codes
        for r in 0..<count {
            out[r] = int8Dot(query, row, d)
            row += d
        }
    }

    /// One exact integer dot product, reading the row in address order with four independent
    /// accumulators (integer sums are exact, so their order does not matter).
    ///
    /// - Complexity: O(dimension).
    @inlinable
    public static func int8Dot(_ q: UnsafePointer<Int16>, _ c: UnsafePointer<Int8>, _ d: Int) -> Int32 {
        var a0 = SIMD4<Int32>(), a1 = SIMD4<Int32>(), a2 = SIMD4<Int32>(), a3 = SIMD4<Int32>()
        let qr = UnsafeRawPointer(q), p = UnsafeRawPointer(c)
        let bodyEnd = d & ~31, vectorEnd = d & ~7
        var j = 0
        while j < bodyEnd {
            a0 &+= maddPairs(SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j, as: SIMD8<Int16>.self)),
                             p.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            a1 &+= maddPairs(SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j + 16, as: SIMD8<Int16>.self)),
                             p.loadUnaligned(fromByteOffset: j + 8, as: SIMD8<Int8>.self))
            a2 &+= maddPairs(SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j + 32, as: SIMD8<Int16>.self)),
                             p.loadUnaligned(fromByteOffset: j + 16, as: SIMD8<Int8>.self))
            a3 &+= maddPairs(SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j + 48, as: SIMD8<Int16>.self)),
                             p.loadUnaligned(fromByteOffset: j + 24, as: SIMD8<Int8>.self))
            j += 32
        }
        while j < vectorEnd {
            a0 &+= maddPairs(SIMD8<Int32>(truncatingIfNeeded: qr.loadUnaligned(fromByteOffset: 2 * j, as: SIMD8<Int16>.self)),
                             p.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self))
            j += 8
        }
        var s = ((a0 &+ a1) &+ (a2 &+ a3)).wrappedSum()
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
