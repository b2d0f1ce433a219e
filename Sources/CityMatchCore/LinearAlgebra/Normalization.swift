/// L2 (Euclidean) normalisation of vectors and matrix rows.
///
/// Once embeddings are unit length, an inner product *is* the cosine
/// similarity, so every search path can use plain `sgemm`/`sgemv` scores.
///
/// The squared norm is accumulated in `Double`: the square of any finite
/// `Float` (at most ~1.2e77) and of the smallest subnormal (~2e-90) are both
/// representable there, so the norm of a finite vector never overflows to `inf`
/// or underflows to zero the way a `Float` accumulator would. The scaling is also
/// done in `Double`, because `1 / norm` overflows `Float` for subnormal norms.
///
/// Degenerate inputs never produce NaN:
/// - a zero vector stays zero (it has no direction to keep);
/// - a vector containing NaN or ±inf has no meaningful direction either and is
///   set to zero, so downstream scores stay finite. The returned norm is then
///   non-finite, which lets callers count and report such rows.
public enum L2 {
    /// The Euclidean norm of `x`, accumulated in `Double`.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func norm(_ x: UnsafeBufferPointer<Float>) -> Float {
        Float(squaredNorm(x).squareRoot())
    }

    /// Scales `x` to unit length in place and returns its original norm.
    ///
    /// Zero vectors are left as they are; vectors with NaN or ±inf elements are
    /// zeroed (see the type's documentation). The result is never NaN.
    ///
    /// - Complexity: O(n).
    @inlinable
    @discardableResult
    public static func normalize(_ x: UnsafeMutableBufferPointer<Float>) -> Float {
        let sumOfSquares = squaredNorm(UnsafeBufferPointer(x))
        guard sumOfSquares.isFinite else {
            // inf or NaN somewhere in the row: a direction cannot be recovered.
            x.update(repeating: 0)
            return Float(sumOfSquares)
        }
        guard sumOfSquares > 0 else { return 0 }
        let norm = sumOfSquares.squareRoot()
        let scale = 1 / norm
        for i in x.indices {
            x[i] = Float(Double(x[i]) * scale)
        }
        return Float(norm)
    }

    /// Scales `vector` to unit length in place and returns its original norm.
    ///
    /// - Complexity: O(n).
    @discardableResult
    public static func normalize(_ vector: inout [Float]) -> Float {
        vector.withUnsafeMutableBufferPointer { normalize($0) }
    }

    /// A unit-length copy of `vector` (zero if `vector` is zero or non-finite).
    ///
    /// - Complexity: O(n).
    public static func normalized(_ vector: [Float]) -> [Float] {
        var copy = vector
        normalize(&copy)
        return copy
    }

    /// Sum of squares in `Double`; see the type's documentation for why.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func squaredNorm(_ x: UnsafeBufferPointer<Float>) -> Double {
        var sum: Double = 0
        for value in x {
            let v = Double(value)
            sum += v * v
        }
        return sum
    }
}

extension Matrix {
    /// Scales every row to unit L2 length in place.
    ///
    /// Zero rows stay zero; rows containing NaN or ±inf are zeroed. Returns the
    /// original row norms (non-finite for the rows that were zeroed because of
    /// non-finite elements) so callers can detect degenerate rows.
    ///
    /// - Complexity: O(rows · columns).
    @discardableResult
    public mutating func normalizeRows() -> [Float] {
        let rows = self.rows, columns = self.columns
        var norms = [Float](repeating: 0, count: rows)
        guard columns > 0 else { return norms }
        storage.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            for r in 0..<rows {
                norms[r] = L2.normalize(UnsafeMutableBufferPointer(start: base + r * columns, count: columns))
            }
        }
        return norms
    }

    /// A copy with every row scaled to unit L2 length (see `normalizeRows()`).
    ///
    /// - Complexity: O(rows · columns).
    public func rowNormalized() -> Matrix {
        var copy = self
        copy.normalizeRows()
        return copy
    }

    /// The L2 norm of every row.
    ///
    /// - Complexity: O(rows · columns).
    public func rowNorms() -> [Float] {
        let columns = self.columns
        return storage.withUnsafeBufferPointer { all in
            (0..<rows).map { r in
                guard let base = all.baseAddress else { return 0 }
                return L2.norm(UnsafeBufferPointer(start: base + r * columns, count: columns))
            }
        }
    }
}
