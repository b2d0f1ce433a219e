/// Every startup statement vector in 8 bits, with a proven bound on its error: a quarter of the
/// memory the evidence facet reads, enough to bracket a candidate's evidence without its float
/// vectors.
///
/// Why: the evidence facet (each need clause against each statement of a candidate) waits on
/// memory, not arithmetic: a candidate's statements are ~7.5 KB of floats that no cache holds
/// at 100,000 startups. Most candidates cannot reach the top k, but proving it needs an upper
/// bound on their evidence; "evidence ≤ 1" is loose, and ~70% of a pool was computed in full.
/// Bounds from 8-bit codes are within ~0.01 of the exact value, so only a few candidates
/// beyond the k returned are computed in float (``MatchEngine/best(_:of:values:query:)``).
///
/// The bound: a statement `s` is stored as `ŝ = scale · codes` (``Int8Quantizer``) with
/// `slack ≥ ‖s − ŝ‖ + γ·(‖s‖ + ‖ŝ‖)`, where γ bounds the relative rounding error of a
/// `d`-term float dot product (any summation order, separate or fused multiply–add). For a
/// clause `c`, Cauchy–Schwarz gives `|c·s − c·ŝ| ≤ ‖c‖·‖s − ŝ‖`, and the two float dot
/// products (the exact path's and this sketch's) each stray from their real value by at most
/// `γ·‖c‖·‖s‖` and `γ·‖c‖·‖ŝ‖`. So the computed similarity lies within `‖c‖ · slack` of the
/// sketch's approximation (each side widened outward by a few ulps for its own rounding).
struct StatementSketch: Sendable {
    let dimension: Int
    /// `rows × dimension` codes, row-major.
    let codes: [Int8]
    let scales: [Float]
    let slack: [Float]

    /// Quantises every row of `vectors` (in parallel over the cores).
    ///
    /// - Complexity: O(rows · d); rows · d bytes plus 8 per row.
    init(_ vectors: Matrix) {
        let d = vectors.columns, rows = vectors.rows
        dimension = d
        let chunk = 4_096
        let chunks = d == 0 ? 0 : (rows + chunk - 1) / chunk
        let gamma = Self.roundingBound(dimension: d)
        let parts: [(codes: [Int8], scales: [Float], slack: [Float])] = vectors.storage.withUnsafeBufferPointer { all in
            Concurrently.map(count: chunks) { part in
                let range = part * chunk ..< min(rows, (part + 1) * chunk)
                var codes = [Int8](repeating: 0, count: range.count * d)
                var scales: [Float] = [], slack: [Float] = []
                scales.reserveCapacity(range.count)
                slack.reserveCapacity(range.count)
                codes.withUnsafeMutableBufferPointer { out in
                    for (offset, r) in range.enumerated() {
                        let row = UnsafeBufferPointer(rebasing: all[r * d ..< (r + 1) * d])
                        let code = out.baseAddress! + offset * d
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
                        scales.append(scale)
                        slack.append(bound.isFinite ? Float(bound).nextUp : .infinity)
                    }
                }
                return (codes, scales, slack)
            }
        }
        codes = parts.flatMap(\.codes)
        scales = parts.flatMap(\.scales)
        slack = parts.flatMap(\.slack)
    }

    /// γ for a `d`-term float dot product: `(d + 2)·u / (1 − (d + 2)·u)` with `u = 2⁻²⁴`, the
    /// classic bound for recursive summation (pairwise and blocked orders, and fused
    /// multiply–adds, stay within it); the two extra terms cover the sketch's final scaling.
    static func roundingBound(dimension d: Int) -> Double {
        let nu = Double(d + 2) * 0x1p-24
        return nu / (1 - nu)
    }

    /// Lower and upper bounds on the evidence value ``MatchEngine/evidenceAlignment(_:candidates:)``
    /// computes for the statements in `rows`: the mean over clauses of each clause's best
    /// similarity, floored at 0, summed in the same order (so the bounds round the same way).
    /// `best` is scratch space for `2 · clauseCount` floats. Nil for no statements.
    ///
    /// - Complexity: O(clauseCount · rows.count · d), reading rows.count · d bytes.
    func evidenceBounds(clauses: UnsafePointer<Float>, clauseNorms: UnsafePointer<Float>, clauseCount: Int, rows: Range<Int>,
                        best: UnsafeMutablePointer<Float>) -> (lower: Double, upper: Double)? {
        guard !rows.isEmpty, clauseCount > 0 else { return nil }
        let d = dimension
        let lowest = best, highest = best + clauseCount
        lowest.update(repeating: -.infinity, count: clauseCount)
        highest.update(repeating: -.infinity, count: clauseCount)
        codes.withUnsafeBufferPointer { all in
            for r in rows {
                let code = all.baseAddress! + r * d
                let scale = scales[r], margin = slack[r]
                var c = 0
                while c < clauseCount {
                    let last = clauseCount - 1
                    let sums = Self.dot4(clauses + c * d, clauses + min(c + 1, last) * d, clauses + min(c + 2, last) * d,
                                         clauses + min(c + 3, last) * d, code, d)
                    for lane in 0..<min(4, clauseCount - c) {
                        let approximate = scale * sums[lane]
                        let width = clauseNorms[c + lane] * margin
                        // Each bound widened past its own rounding.
                        lowest[c + lane] = max(lowest[c + lane], (approximate - width).nextDown.nextDown)
                        highest[c + lane] = max(highest[c + lane], (approximate + width).nextUp.nextUp)
                    }
                    c += 4
                }
            }
        }
        var lower = 0.0, upper = 0.0
        for c in 0..<clauseCount {
            lower += Double(max(0, lowest[c]))
            upper += Double(max(0, highest[c]))
        }
        return (lower / Double(clauseCount), upper / Double(clauseCount))
    }

    /// Four clauses against one row of codes, sharing each conversion of eight codes to floats.
    ///
    /// - Complexity: O(d).
    @inline(__always)
    static func dot4(_ q0: UnsafePointer<Float>, _ q1: UnsafePointer<Float>, _ q2: UnsafePointer<Float>, _ q3: UnsafePointer<Float>,
                     _ code: UnsafePointer<Int8>, _ d: Int) -> SIMD4<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        let p0 = UnsafeRawPointer(q0), p1 = UnsafeRawPointer(q1), p2 = UnsafeRawPointer(q2), p3 = UnsafeRawPointer(q3)
        let s = UnsafeRawPointer(code)
        let body = d & ~7
        var j = 0
        while j < body {
            let x = SIMD8<Float>(SIMD8<Int32>(truncatingIfNeeded: s.loadUnaligned(fromByteOffset: j, as: SIMD8<Int8>.self)))
            DotKernels.multiplyAdd(&a0, x, p0.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a1, x, p1.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a2, x, p2.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a3, x, p3.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self))
            j += 8
        }
        var sums = SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
        while j < d {
            let x = Float(code[j])
            sums += x * SIMD4(q0[j], q1[j], q2[j], q3[j])
            j += 1
        }
        return sums
    }
}
