extension VectorSketch {
    /// Lower and upper bounds on the evidence value ``MatchEngine/evidenceAlignment(_:candidates:)``
    /// computes for the statements in `rows`: the mean over clauses of each clause's best
    /// similarity, floored at 0, summed in the same order (so the bounds round the same way).
    /// `best` is scratch space for `2 · clauses.norms.count` floats. Nil for no statements.
    ///
    /// - Complexity: O(clauses · rows.count · d), reading rows.count · (d + 8) bytes.
    func evidenceBounds(_ clauses: Queries, rows range: Range<Int>, best: UnsafeMutablePointer<Float>) -> (lower: Double, upper: Double)? {
        precondition(layout == .rows, "a candidate's rows are read row by row")
        guard !range.isEmpty, clauses.count > 0 else { return nil }
        let padded = clauses.norms.count, chunks = paddedDimension / 8
        let lowest = best, highest = best + padded
        lowest.update(repeating: -.infinity, count: padded)
        highest.update(repeating: -.infinity, count: padded)
        rows.withUnsafeBytes { all in
            clauses.blocks.withUnsafeBufferPointer { blocks in
                clauses.norms.withUnsafeBytes { norms in
                    for r in range {
                        let start = all.baseAddress! + r * stride
                        let scale = start.load(as: Float.self), margin = start.load(fromByteOffset: 4, as: Float.self)
                        let code = start + Self.header
                        var c = 0
                        while c < padded {
                            let sums = Self.dot8(blocks.baseAddress! + c * paddedDimension, code, chunks: chunks)
                            let approximate = scale * sums
                            let width = norms.loadUnaligned(fromByteOffset: 4 * c, as: SIMD8<Float>.self) * margin
                            // Widened past the rounding of the subtraction and addition below (each
                            // errs by at most 2⁻²⁴ of its result) and of the products above.
                            let pad = width + (Self.larger(approximate, -approximate) + width) * 0x1p-20
                            let lowerSlot = UnsafeMutableRawPointer(lowest + c), upperSlot = UnsafeMutableRawPointer(highest + c)
                            lowerSlot.storeBytes(of: Self.larger(lowerSlot.load(as: SIMD8<Float>.self), approximate - pad), as: SIMD8<Float>.self)
                            upperSlot.storeBytes(of: Self.larger(upperSlot.load(as: SIMD8<Float>.self), approximate + pad), as: SIMD8<Float>.self)
                            c += 8
                        }
                    }
                }
            }
        }
        var lower = 0.0, upper = 0.0
        for c in 0..<clauses.count {
            lower += Double(max(0, lowest[c]))
            upper += Double(max(0, highest[c]))
        }
        return (lower / Double(clauses.count), upper / Double(clauses.count))
    }
}
