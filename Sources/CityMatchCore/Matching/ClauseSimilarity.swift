/// Cosines of a need's clauses against one startup's statements: the evidence facet's inner loop.
///
/// Each (clause, statement) pair is always summed the same way (eight partial sums over the
/// first `d & ~7` elements in order, added pairwise, then the scalar tail), and a clause's
/// place in the four-clause blocks depends only on its index in the query, so a pair's
/// similarity is the same bits whichever candidates it is scored with: a result ranked and
/// the same pair explained alone agree exactly. Four clauses share each statement load and
/// run four independent accumulations (a last block of fewer clauses fills its spare lanes
/// with a repeat), which keeps the FP units busy where one dot product at a time waits on its
/// own additions.
enum ClauseSimilarity {
    /// `out[c · statementCount + j] = ⟨clause c, statement j⟩` for row-major `clauses`
    /// (`clauseCount × d`) and `statements` (`statementCount × d`).
    ///
    /// - Complexity: O(clauseCount · statementCount · d).
    static func compute(clauses: UnsafePointer<Float>, clauseCount: Int, statements: UnsafePointer<Float>, statementCount: Int,
                        dimension d: Int, into out: UnsafeMutablePointer<Float>) {
        let vectorBytes = (d & ~7) * 4
        for j in 0..<statementCount {
            let row = statements + j * d
            let s = UnsafeRawPointer(row)
            var c = 0
            while c < clauseCount {
                // A last block of fewer than four repeats its last clause in the spare lanes and
                // discards them: four independent sums run no slower than one, whose every
                // addition waits on the one before.
                let last = clauseCount - 1
                let q0 = clauses + c * d, q1 = clauses + min(c + 1, last) * d
                let q2 = clauses + min(c + 2, last) * d, q3 = clauses + min(c + 3, last) * d
                let p0 = UnsafeRawPointer(q0), p1 = UnsafeRawPointer(q1), p2 = UnsafeRawPointer(q2), p3 = UnsafeRawPointer(q3)
                var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
                var k = 0
                while k < vectorBytes {
                    let x = s.loadUnaligned(fromByteOffset: k, as: SIMD8<Float>.self)
                    a0 += x * p0.loadUnaligned(fromByteOffset: k, as: SIMD8<Float>.self)
                    a1 += x * p1.loadUnaligned(fromByteOffset: k, as: SIMD8<Float>.self)
                    a2 += x * p2.loadUnaligned(fromByteOffset: k, as: SIMD8<Float>.self)
                    a3 += x * p3.loadUnaligned(fromByteOffset: k, as: SIMD8<Float>.self)
                    k += 32
                }
                out[c * statementCount + j] = finish(a0, q0, row, d)
                if c + 1 <= last { out[(c + 1) * statementCount + j] = finish(a1, q1, row, d) }
                if c + 2 <= last { out[(c + 2) * statementCount + j] = finish(a2, q2, row, d) }
                if c + 3 <= last { out[(c + 3) * statementCount + j] = finish(a3, q3, row, d) }
                c += 4
            }
        }
    }

    /// The eight partial sums added in a fixed pairwise order, then the scalar tail.
    @inline(__always)
    private static func finish(_ a: SIMD8<Float>, _ q: UnsafePointer<Float>, _ row: UnsafePointer<Float>, _ d: Int) -> Float {
        let h = a.lowHalf + a.highHalf
        var sum = (h[0] + h[2]) + (h[1] + h[3])
        var t = d & ~7
        while t < d {
            sum += row[t] * q[t]
            t += 1
        }
        return sum
    }
}
