import Dispatch

/// Spherical k-means (centroids are unit vectors, points are assigned by the
/// largest inner product), the coarse quantiser behind `IVFIndex`.
///
/// Assignment is the expensive step, `n × clusters × d` multiply–adds: it runs
/// as blocked `sgemm` (points × centroidsᵀ) over chunks of points split across
/// threads, with OpenBLAS single-threaded inside each worker.
public enum KMeans {
    /// `clusters` unit centroids for the rows of `points` (row-major
    /// `count × dimension`), from `iterations` Lloyd rounds started at
    /// `clusters` distinct rows chosen with `seed`. A cluster left empty is
    /// re-seeded with a random point. Deterministic for a given seed and
    /// thread count.
    ///
    /// - Complexity: O(iterations · count · clusters · d) in `sgemm`.
    public static func train(points: UnsafeBufferPointer<Float>, count: Int, dimension d: Int,
                             clusters requested: Int, iterations: Int = 10, seed: UInt64 = 1, threads: Int? = nil) -> Matrix {
        precondition(count >= 1 && d >= 1, "k-means needs at least one point")
        let clusters = max(1, min(requested, count))
        var rng = SplitMix64(seed: seed)
        // Initial centroids: distinct random rows (partial Fisher–Yates over row numbers).
        var order = Array(0..<count)
        for i in 0..<clusters { order.swapAt(i, i + rng.nextInt(below: count - i)) }
        var centroids = Matrix(rows: clusters, columns: d)
        centroids.storage.withUnsafeMutableBufferPointer { c in
            for i in 0..<clusters {
                for j in 0..<d { c[i * d + j] = points[order[i] * d + j] }
            }
        }
        centroids.normalizeRows()
        for _ in 0..<max(0, iterations) {
            let assignment = assign(points: points, count: count, dimension: d, centroids: centroids, threads: threads)
            var sums = [Double](repeating: 0, count: clusters * d)
            var sizes = [Int](repeating: 0, count: clusters)
            for p in 0..<count {
                let c = Int(assignment[p])
                sizes[c] += 1
                for j in 0..<d { sums[c * d + j] += Double(points[p * d + j]) }
            }
            for c in 0..<clusters {
                if sizes[c] == 0 {
                    let p = rng.nextInt(below: count)
                    for j in 0..<d { centroids[c, j] = points[p * d + j] }
                } else {
                    for j in 0..<d { centroids[c, j] = Float(sums[c * d + j]) }
                }
            }
            centroids.normalizeRows()
        }
        return centroids
    }

    /// The index of the centroid with the largest inner product for every point
    /// (ties: the lower centroid).
    ///
    /// - Complexity: O(count · clusters · d) in `sgemm`, split over threads.
    public static func assign(points: UnsafeBufferPointer<Float>, count: Int, dimension d: Int,
                              centroids: Matrix, threads: Int? = nil) -> [Int32] {
        precondition(centroids.columns == d, "centroids have \(centroids.columns) columns, points \(d)")
        let clusters = centroids.rows
        guard count > 0, clusters > 0 else { return [Int32](repeating: 0, count: count) }
        let chunk = 1024
        let chunks = (count + chunk - 1) / chunk
        let workers = min(chunks, ParallelSearch.threadCount(rows: count, queries: clusters, dimension: d, requested: threads))
        var result = [Int32](repeating: 0, count: count)
        result.withUnsafeMutableBufferPointer { out in
            centroids.storage.withUnsafeBufferPointer { c in
                let job = AssignJob(points: points, dimension: d, centroids: c, clusters: clusters, out: out, count: count, chunk: chunk)
                let work: @Sendable (Int) -> Void = { w in
                    var i = w
                    while i < chunks { job.run(chunk: i); i += workers }
                }
                if workers == 1 {
                    work(0)
                } else {
                    BLASThreading.withSingleThreadedBLAS { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
                }
            }
        }
        return result
    }

    struct AssignJob: @unchecked Sendable {
        let points: UnsafeBufferPointer<Float>
        let dimension: Int
        let centroids: UnsafeBufferPointer<Float>
        let clusters: Int
        let out: UnsafeMutableBufferPointer<Int32>
        let count: Int
        let chunk: Int

        /// - Complexity: O(chunk · clusters · d).
        func run(chunk index: Int) {
            let first = index * chunk, rows = min(chunk, count - first)
            guard rows > 0, let p = points.baseAddress, let c = centroids.baseAddress else { return }
            let scores = UnsafeMutablePointer<Float>.allocate(capacity: rows * clusters)
            defer { scores.deallocate() }
            BLAS.sgemm(transposeB: true, m: rows, n: clusters, k: dimension,
                       a: p + first * dimension, lda: dimension, b: c, ldb: dimension, c: scores, ldc: clusters)
            for r in 0..<rows {
                let row = scores + r * clusters
                var best = 0
                var bestScore = row[0]
                for j in 1..<max(1, clusters) where row[j] > bestScore || !(bestScore == bestScore) {
                    best = j
                    bestScore = row[j]
                }
                out[first + r] = Int32(best)
            }
        }
    }
}
