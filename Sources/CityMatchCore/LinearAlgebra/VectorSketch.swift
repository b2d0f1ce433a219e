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
    /// Where each row's scale, slack and codes are stored.
    enum Layout: Sendable {
        /// Row after row, each its scale and slack (two `Float`s), then its codes, zero-padded
        /// to ``paddedDimension``: for rows read a few at a time in no particular order (a
        /// candidate's statements), where a separate array of scales cost a cache miss of its
        /// own per row.
        case rows
        /// Groups of eight rows, each the eight scales, the eight slacks, then for every
        /// component the eight rows' codes side by side (the last group padded with zero rows):
        /// for scans over every row (``bestUpperBounds(_:count:threads:)``), whose kernels then
        /// multiply eight rows by one query component at a time, with no lane left empty and
        /// no horizontal sums whatever the number of queries.
        case groupsOfEight
    }

    let dimension: Int
    let layout: Layout
    /// The number of rows sketched.
    let count: Int
    let rows: [UInt8]
    /// Bytes from one row (``Layout/rows``) or one group of eight rows
    /// (``Layout/groupsOfEight``) to the next.
    let stride: Int
    /// Bytes before a row's codes (``Layout/rows``) or a group's (``Layout/groupsOfEight``, 8×).
    static let header = 8

    /// `dimension` rounded up to a multiple of 8: the kernel reads eight codes at a time.
    var paddedDimension: Int { (dimension + 7) & ~7 }

    /// Quantises every row of `vectors` (in parallel over the cores).
    ///
    /// - Complexity: O(rows · d); rows · (d rounded up to 8, plus 8) bytes.
    init(_ vectors: Matrix, layout: Layout = .rows) {
        let d = vectors.columns, rowCount = vectors.rows
        let padded = (d + 7) & ~7
        let stride = layout == .rows ? Self.header + padded : 8 * (Self.header + d)
        let slots = layout == .rows ? rowCount : (rowCount + 7) / 8
        dimension = d
        count = rowCount
        self.layout = layout
        self.stride = stride
        // A chunk is a whole number of groups, so no two workers write one group.
        let chunk = 4_096
        let chunks = d == 0 ? 0 : (rowCount + chunk - 1) / chunk
        let gamma = Self.roundingBound(dimension: d)
        // Written in place, chunk by chunk on every core: building parts and joining them held
        // two copies at once (+0.5 GB at the peak for 100,000 startups).
        var bytes = [UInt8](repeating: 0, count: slots * stride)
        vectors.storage.withUnsafeBufferPointer { all in
            bytes.withUnsafeMutableBytes { out in
                let out = out.baseAddress!
                _ = Concurrently.map(count: chunks) { part in
                    let code = UnsafeMutablePointer<Int8>.allocate(capacity: Swift.max(1, d))
                    defer { code.deallocate() }
                    for r in part * chunk ..< min(rowCount, (part + 1) * chunk) {
                        let row = UnsafeBufferPointer(rebasing: all[r * d ..< (r + 1) * d])
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
                        let slack = bound.isFinite ? Float(bound).nextUp : .infinity
                        switch layout {
                        case .rows:
                            let start = out + r * stride
                            start.storeBytes(of: scale, as: Float.self)
                            start.storeBytes(of: slack, toByteOffset: 4, as: Float.self)
                            (start + Self.header).copyMemory(from: code, byteCount: d)
                        case .groupsOfEight:
                            let group = out + (r / 8) * stride, lane = r % 8
                            group.storeBytes(of: scale, toByteOffset: 4 * lane, as: Float.self)
                            group.storeBytes(of: slack, toByteOffset: 32 + 4 * lane, as: Float.self)
                            let codes = group + 8 * Self.header + lane
                            for j in 0..<d { codes.storeBytes(of: code[j], toByteOffset: 8 * j, as: Int8.self) }
                        }
                    }
                }
            }
        }
        rows = bytes
    }

    /// The byte offset of row `r`'s scale; its slack follows 4 bytes (``Layout/rows``) or 32
    /// bytes (``Layout/groupsOfEight``) later. - Complexity: O(1).
    private func headerOffset(ofRow r: Int) -> (scale: Int, slack: Int) {
        switch layout {
        case .rows: return (r * stride, r * stride + 4)
        case .groupsOfEight: return ((r / 8) * stride + 4 * (r % 8), (r / 8) * stride + 32 + 4 * (r % 8))
        }
    }

    /// Row `r`'s scale (`ŝ = scale · codes`). - Complexity: O(1).
    func scale(ofRow r: Int) -> Float {
        rows.withUnsafeBytes { $0.load(fromByteOffset: headerOffset(ofRow: r).scale, as: Float.self) }
    }

    /// Row `r`'s slack (see the type's documentation). - Complexity: O(1).
    func slack(ofRow r: Int) -> Float {
        rows.withUnsafeBytes { $0.load(fromByteOffset: headerOffset(ofRow: r).slack, as: Float.self) }
    }

    /// γ for a `d`-term float dot product: `(d + 2)·u / (1 − (d + 2)·u)` with `u = 2⁻²⁴`, the
    /// classic bound for recursive summation (pairwise and blocked orders, and fused
    /// multiply–adds, stay within it); the two extra terms cover the sketch's final scaling.
    static func roundingBound(dimension d: Int) -> Double {
        let nu = Double(d + 2) * 0x1p-24
        return nu / (1 - nu)
    }

    /// Query vectors (a need's clauses) laid out for ``dot8(_:_:chunks:)``:
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
            norms = Self.normBounds(vectors) + [Float](repeating: 0, count: padded - vectors.rows)
        }

        /// An upper bound on each row's norm: computed in `Double`, then widened.
        ///
        /// - Complexity: O(rows · d).
        static func normBounds(_ vectors: Matrix) -> [Float] {
            let d = vectors.columns
            return (0..<vectors.rows).map { c in
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
