/// Seeded, L2-normalised Gaussian vectors for index benchmarks (the same seed gives the same
/// vectors on every platform).
public enum SyntheticVectors {
    /// `count × dimension`, each row a unit vector.
    ///
    /// - Complexity: O(count · dimension).
    public static func unitGaussian(count: Int, dimension: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        var m = Matrix(rows: count, columns: dimension)
        m.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<p.count { p[i] = Float(rng.nextGaussian()) }
        }
        m.normalizeRows()
        return m
    }
}
