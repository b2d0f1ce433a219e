/// Rows of float vectors in 8 bits, with a proven bound on each row's error: a quarter of the
/// memory a scan of the float rows reads, enough to bracket every inner product a query has
/// with them.
///
/// Used twice by the matching engine: to bound candidates' evidence from their statement
/// vectors (``MatchEngine/best(_:of:values:query:)``), and to find each query's semantic pool
/// from the startup vectors before rescoring the few rows the bound cannot settle
/// (``MatchEngine/semanticPools(_:pool:)``). Both then compute exactly, in floats, only what
/// the bounds leave open, so their results are those of the float path bit for bit.
///
/// The bound: a row `s` is stored as `ŝ = scale · codes` (``Int8Quantizer``) with
/// `slack ≥ ‖s − ŝ‖ + γ·(‖s‖ + ‖ŝ‖)`, where γ bounds the relative rounding error of a
/// `d`-term float dot product (any summation order, separate or fused multiply–add). For a
/// query `c`, Cauchy–Schwarz gives `|c·s − c·ŝ| ≤ ‖c‖·‖s − ŝ‖`, and the two float dot
/// products (the exact path's and this sketch's) each stray from their real value by at most
/// `γ·‖c‖·‖s‖` and `γ·‖c‖·‖ŝ‖`. So the computed inner product lies within `‖c‖ · slack` of
/// the sketch's approximation (each side widened outward by a few ulps for its own rounding).
struct VectorSketch: Sendable {
    let dimension: Int
    /// Per row, `stride` bytes: its scale and slack (two `Float`s), then its `dimension` codes
    /// and zeros up to a multiple of 8. Kept together because candidates' rows are read in no
    /// particular order, and a separate array of scales cost a cache miss of its own per row.
    let rows: [UInt8]
    let stride: Int
    static let header = 8

    /// `dimension` rounded up to a multiple of 8: the kernel reads eight codes at a time.
    var paddedDimension: Int { (dimension + 7) & ~7 }

    /// Quantises every row of `vectors` (in parallel over the cores).
    ///
    /// - Complexity: O(rows · d); rows · (d rounded up to 8, plus 8) bytes.
    init(_ vectors: Matrix) {
        let d = vectors.columns, rowCount = vectors.rows
        let stride = Self.header + ((d + 7) & ~7)
        dimension = d
        self.stride = stride
        let chunk = 4_096
        let chunks = d == 0 ? 0 : (rowCount + chunk - 1) / chunk
        let gamma = Self.roundingBound(dimension: d)
        // Written in place, chunk by chunk on every core: building parts and joining them held
        // two copies at once (+0.5 GB at the peak for 100,000 startups).
        var bytes = [UInt8](repeating: 0, count: rowCount * stride)
        vectors.storage.withUnsafeBufferPointer { all in
            bytes.withUnsafeMutableBytes { out in
                let out = out.baseAddress!
                _ = Concurrently.map(count: chunks) { part in
                    for r in part * chunk ..< min(rowCount, (part + 1) * chunk) {
                        let row = UnsafeBufferPointer(rebasing: all[r * d ..< (r + 1) * d])
                        let start = out + r * stride
                        let code = (start + Self.header).bindMemory(to: Int8.self, capacity: d)
                        let scale = Int8Quantizer.quantize(row, into: code)
                        var error: Double = 0, norm: Double = 0, sketchNorm: Double = 0
                        for j in 0..<d {
                            let x = Double(row[j]), y = Double(scale) * Double(code[j])
                            error += (x - y) * (x - y)
                            norm += x * x
                            sketchNorm += y * y
                        }
                        // Computed in Double, then widened by 0.1% so the Float stored is above the real value.
                        let bound = (error.squareRoot() + gamma * (norm.squareRoot() + sketchNorm.squareRoot())) * 1.001
                        start.storeBytes(of: scale, as: Float.self)
                        start.storeBytes(of: bound.isFinite ? Float(bound).nextUp : .infinity, toByteOffset: 4, as: Float.self)
                    }
                }
            }
        }
        rows = bytes
    }

    /// Row `r`'s scale (`ŝ = scale · codes`). - Complexity: O(1).
    func scale(ofRow r: Int) -> Float {
        rows.withUnsafeBytes { $0.load(fromByteOffset: r * stride, as: Float.self) }
    }

    /// Row `r`'s slack (see the type's documentation). - Complexity: O(1).
    func slack(ofRow r: Int) -> Float {
        rows.withUnsafeBytes { $0.load(fromByteOffset: r * stride + 4, as: Float.self) }
    }

    /// The number of rows sketched. - Complexity: O(1).
    var count: Int { stride == 0 ? 0 : rows.count / stride }

    /// γ for a `d`-term float dot product: `(d + 2)·u / (1 − (d + 2)·u)` with `u = 2⁻²⁴`, the
    /// classic bound for recursive summation (pairwise and blocked orders, and fused
    /// multiply–adds, stay within it); the two extra terms cover the sketch's final scaling.
    static func roundingBound(dimension d: Int) -> Double {
        let nu = Double(d + 2) * 0x1p-24
        return nu / (1 - nu)
    }

    /// Query vectors (a need's clauses, or a batch of queries) laid out for ``dot8(_:_:chunks:)``:
    /// blocks of eight vectors (the last padded with zero vectors), each stored as eight-float
    /// slices of its eight vectors interleaved (`[chunk][vector][8]`), so the kernel walks one
    /// pointer with fixed offsets; with eight separate pointers it ran out of registers and spilled.
    struct Queries {
        let count: Int
        let blocks: [Float]
        /// Upper bounds on each vector's norm (computed in `Double`, then widened), zero-padded.
        let norms: [Float]

        /// - Complexity: O(vectors · d).
        init(_ vectors: Matrix, paddedDimension: Int) {
            precondition(paddedDimension >= vectors.columns && paddedDimension % 8 == 0, "padded to a multiple of 8")
            let d = vectors.columns, padded = (vectors.rows + 7) & ~7
            count = vectors.rows
            var blocks = [Float](repeating: 0, count: padded * paddedDimension)
            for c in 0..<vectors.rows {
                let block = c / 8, lane = c % 8
                for j in 0..<d {
                    blocks[block * 8 * paddedDimension + (j / 8) * 64 + lane * 8 + j % 8] = vectors.storage[c * d + j]
                }
            }
            self.blocks = blocks
            norms = (0..<padded).map { c in
                guard c < vectors.rows else { return 0 }
                let norm = vectors.storage[c * d ..< (c + 1) * d].reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
                return Float(norm * 1.001).nextUp
            }
        }
    }

    /// One block of eight interleaved query vectors against one row of codes (`chunks` groups of
    /// eight), each group of codes converted to floats once for all eight vectors.
    ///
    /// - Complexity: O(chunks · 64).
    @inline(__always)
    static func dot8(_ block: UnsafePointer<Float>, _ code: UnsafeRawPointer, chunks: Int) -> SIMD8<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        var b = UnsafeRawPointer(block), s = code
        for _ in 0..<chunks {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, b.loadUnaligned(fromByteOffset: 0, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a1, x, b.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a2, x, b.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a3, x, b.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a4, x, b.loadUnaligned(fromByteOffset: 128, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a5, x, b.loadUnaligned(fromByteOffset: 160, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a6, x, b.loadUnaligned(fromByteOffset: 192, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a7, x, b.loadUnaligned(fromByteOffset: 224, as: SIMD8<Float>.self))
            b += 256
            s += 8
        }
        return SIMD8(a0.sum(), a1.sum(), a2.sum(), a3.sum(), a4.sum(), a5.sum(), a6.sum(), a7.sum())
    }

    /// The lane-wise larger of `a` and `b` (`b` where it is larger; NaN never replaces).
    /// The standard `pointwiseMax` compiled to an out-of-line call here.
    @inline(__always)
    static func larger(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        var result = a
        for lane in 0..<8 where b[lane] > a[lane] { result[lane] = b[lane] }
        return result
    }

    /// Eight codes as floats. Lane by lane because the generic `SIMD8<Int32>(truncatingIfNeeded:)`
    /// from `Int8` compiled to an out-of-line call that spilled every accumulator; this
    /// form becomes one sign extension and one conversion.
    @inline(__always)
    static func floats(_ v: SIMD8<Int8>) -> SIMD8<Float> {
        SIMD8(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]), Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
    }
}
