/// Seeded, L2-normalised synthetic vectors for index benchmarks (the same seed gives the same
/// vectors on every platform).
public enum SyntheticVectors {
    /// `count × dimension`, each row a unit vector in a uniformly random direction
    /// (normalised standard Gaussian). The worst case for any partitioning index:
    /// there is no structure to exploit.
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

    /// `count × dimension` unit vectors drawn around `clusters` random unit centres:
    /// row i is `normalise(centre[c] + spread · g / √dimension)` with `c` uniform in
    /// `0..<clusters` and `g` standard Gaussian, so `spread` is the noise norm
    /// relative to the centre (1 ⇒ a row's cosine with its centre is about 0.71).
    ///
    /// The centres depend only on `centreSeed`, so base vectors and queries
    /// generated with different `seed`s but the same `centreSeed` share clusters,
    /// as embeddings of related texts do.
    ///
    /// - Complexity: O((count + clusters) · dimension).
    public static func clustered(count: Int, dimension: Int, clusters: Int, spread: Float = 1,
                                 seed: UInt64, centreSeed: UInt64) -> Matrix {
        precondition(clusters >= 1, "at least one cluster")
        let centres = unitGaussian(count: clusters, dimension: dimension, seed: centreSeed)
        var rng = SplitMix64(seed: seed)
        var m = Matrix(rows: count, columns: dimension)
        let scale = spread / Float(max(1, dimension)).squareRoot()
        m.storage.withUnsafeMutableBufferPointer { p in
            centres.storage.withUnsafeBufferPointer { c in
                for r in 0..<count {
                    let centre = rng.nextInt(below: clusters)
                    for j in 0..<dimension {
                        p[r * dimension + j] = c[centre * dimension + j] + scale * Float(rng.nextGaussian())
                    }
                }
            }
        }
        m.normalizeRows()
        return m
    }
}
