import Dispatch

/// An inverted-file index (FAISS's `IndexIVFFlat`): the vectors are partitioned
/// by a spherical k-means coarse quantiser (`KMeans`), and a query scans only
/// the `nprobe` partitions whose centroids score best against it.
///
/// Approximate: a true neighbour in a partition that was not probed is missed,
/// so recall against exact search depends on `nprobe` and on how clustered the
/// data is (random isotropic vectors are the worst case; measure on data with
/// structure). Scores of returned hits are exact.
///
/// Storage: the vectors, ids and rows live in a `FlatIndex` (rows behave as
/// there, and `vector(forID:)` works); each list holds the `Int32` rows of its
/// members. Building from a batch adds the vectors list by list, so each list
/// is one contiguous run of rows and a probe streams memory sequentially.
///
/// Memory: `4 · N · d` bytes of vectors, `4 · N` of list entries plus `4 · N`
/// for the row → list table, and `4 · nlist · d` of centroids.
public struct IVFIndex: VectorIndex {
    /// The vectors, ids and rows.
    public private(set) var flat: FlatIndex
    /// `nlist × d` unit centroids.
    public let centroids: Matrix
    /// Rows of each list.
    private var lists: [[Int32]]
    /// The list of each row.
    private var listOfRow: [Int32]
    /// Partitions scanned per query.
    public var nprobe: Int

    /// An empty index over trained `centroids` (see `KMeans.train`).
    ///
    /// - Complexity: O(nlist).
    public init(centroids: Matrix, nprobe: Int = 8) {
        precondition(centroids.rows >= 1 && centroids.columns >= 1, "an IVF index needs at least one centroid")
        self.flat = FlatIndex(dimension: centroids.columns)
        self.centroids = centroids
        self.lists = [[Int32]](repeating: [], count: centroids.rows)
        self.listOfRow = []
        self.nprobe = max(1, nprobe)
    }

    /// Trains `nlist` centroids on (a sample of) `vectors`, then adds all of
    /// them grouped by list (rows are therefore not in the order of `ids`).
    ///
    /// - Parameters:
    ///   - trainingSize: points used for k-means (default `min(N, 64 · nlist)`,
    ///     taken with a stride across the batch).
    /// - Complexity: O(iterations · trainingSize · nlist · d + N · nlist · d) in `sgemm`.
    public init(ids: [String], vectors: Matrix, nlist: Int, nprobe: Int = 8, iterations: Int = 10,
                trainingSize: Int? = nil, seed: UInt64 = 1, threads: Int? = nil) throws {
        guard ids.count == vectors.rows else { throw VectorIndexError.countMismatch(ids: ids.count, vectors: vectors.rows) }
        precondition(vectors.columns >= 1, "dimension must be positive")
        let n = vectors.rows, d = vectors.columns
        let lists = max(1, min(nlist, max(1, n)))
        let sampleSize = max(1, min(n, trainingSize ?? 64 * lists))
        var centroids = Matrix(rows: lists, columns: d)
        if n == 0 {
            var rng = SplitMix64(seed: seed)
            centroids.storage.withUnsafeMutableBufferPointer { c in for i in c.indices { c[i] = Float(rng.nextGaussian()) } }
            centroids.normalizeRows()
        } else {
            var sample = Matrix(rows: sampleSize, columns: d)
            let stride = Double(n) / Double(sampleSize)
            for i in 0..<sampleSize {
                let source = min(n - 1, Int(Double(i) * stride))
                for j in 0..<d { sample[i, j] = vectors[source, j] }
            }
            centroids = sample.storage.withUnsafeBufferPointer {
                KMeans.train(points: $0, count: sampleSize, dimension: d, clusters: lists, iterations: iterations, seed: seed, threads: threads)
            }
        }
        self.init(centroids: centroids, nprobe: nprobe)
        try add(ids: ids, vectors: vectors, threads: threads)
    }

    public var dimension: Int { flat.dimension }
    public var count: Int { flat.count }
    public var ids: [String] { flat.ids }
    /// The number of partitions.
    public var nlist: Int { centroids.rows }

    /// Sizes of the partitions.
    ///
    /// - Complexity: O(nlist).
    public var listSizes: [Int] { lists.map(\.count) }

    /// Bytes beyond the float vectors: list entries, row → list table, centroids.
    ///
    /// - Complexity: O(1).
    public var overheadBytes: Int { 4 * count + 4 * listOfRow.count + 4 * centroids.storage.count }

    /// See `VectorIndex.add(ids:vectors:)`: new vectors are assigned to their
    /// best centroid and appended list by list; replaced ids keep their row and
    /// move to their new best list.
    ///
    /// - Complexity: O(n · nlist · d) for the assignment plus O(n · d).
    public mutating func add(ids newIDs: [String], vectors: Matrix) throws {
        try add(ids: newIDs, vectors: vectors, threads: nil)
    }

    /// `add(ids:vectors:)` with an explicit worker count for the assignment.
    ///
    /// - Complexity: as `add(ids:vectors:)`.
    public mutating func add(ids newIDs: [String], vectors: Matrix, threads: Int?) throws {
        guard vectors.columns == dimension || vectors.rows == 0 else {
            throw VectorIndexError.dimensionMismatch(expected: dimension, actual: vectors.columns)
        }
        guard newIDs.count == vectors.rows else { throw VectorIndexError.countMismatch(ids: newIDs.count, vectors: vectors.rows) }
        guard !newIDs.isEmpty else { return }
        var seen = Set<String>()
        for id in newIDs where !seen.insert(id).inserted { throw VectorIndexError.duplicateID(id) }

        let assignment = vectors.storage.withUnsafeBufferPointer {
            KMeans.assign(points: $0, count: vectors.rows, dimension: dimension, centroids: centroids, threads: threads)
        }
        // Group the batch by list so each list's new rows are contiguous.
        let order = (0..<newIDs.count).sorted { (assignment[$0], $0) < (assignment[$1], $1) }
        let d = dimension
        var grouped = Matrix(rows: order.count, columns: d)
        grouped.storage.withUnsafeMutableBufferPointer { g in
            vectors.storage.withUnsafeBufferPointer { v in
                for (i, source) in order.enumerated() {
                    (g.baseAddress! + i * d).update(from: v.baseAddress! + source * d, count: d)
                }
            }
        }
        let replacedRows = order.map { flat.row(forID: newIDs[$0]) }
        try flat.add(ids: order.map { newIDs[$0] }, vectors: grouped)
        listOfRow.append(contentsOf: repeatElement(-1, count: flat.count - listOfRow.count))
        for (i, source) in order.enumerated() {
            let list = assignment[source]
            if let old = replacedRows[i] {
                let oldList = Int(listOfRow[old])
                if oldList == Int(list) { continue }
                lists[oldList].removeAll { $0 == Int32(old) }
                insertSorted(Int32(old), into: Int(list))
                listOfRow[old] = list
            } else {
                let row = flat.row(forID: newIDs[source])!
                lists[Int(list)].append(Int32(row))
                listOfRow[row] = list
            }
        }
    }

    /// See `VectorIndex.remove(ids:)`: swap-remove as in `FlatIndex`, the moved
    /// row renamed in its list.
    ///
    /// - Complexity: O(list size) per removed id, plus the `FlatIndex` costs.
    @discardableResult
    public mutating func remove(ids removed: [String]) -> Int {
        var removedCount = 0
        for id in removed {
            guard let row = flat.row(forID: id) else { continue }
            let last = flat.count - 1
            flat.remove(ids: [id])
            let list = Int(listOfRow[row])
            lists[list].removeAll { $0 == Int32(row) }
            if row != last {
                let lastList = Int(listOfRow[last])
                lists[lastList].removeAll { $0 == Int32(last) }
                insertSorted(Int32(row), into: lastList)
                listOfRow[row] = Int32(lastList)
            }
            listOfRow.removeLast()
            removedCount += 1
        }
        return removedCount
    }

    public func vector(forID id: String) -> [Float]? { flat.vector(forID: id) }
    public func row(forID id: String) -> Int? { flat.row(forID: id) }

    /// See `VectorIndex.search(queries:k:filter:)` (with `nprobe` lists).
    ///
    /// - Complexity: as `search(queries:k:filter:nprobe:threads:)`.
    public func search(queries: Matrix, k: Int, filter: RowFilter?) -> [[SearchHit]] {
        search(queries: queries, k: k, filter: filter, nprobe: nprobe, threads: nil)
    }

    /// The best `k` hits among the members of the `nprobe` lists whose
    /// centroids score best for each query. Queries are split over `threads`
    /// workers.
    ///
    /// - Complexity: O(Q · (nlist · d + M · d)) for M the members of the probed
    ///   lists (about `N · nprobe / nlist` when lists are balanced).
    public func search(queries: Matrix, k: Int, filter: RowFilter?, nprobe: Int, threads: Int?) -> [[SearchHit]] {
        guard queries.rows > 0 else { return [] }
        precondition(queries.columns == dimension, "queries have \(queries.columns) dimensions, the index \(dimension)")
        if let filter { precondition(filter.count == count, "filter ranges over \(filter.count) rows, index has \(count)") }
        guard count > 0, k > 0 else { return [[SearchHit]](repeating: [], count: queries.rows) }
        let probes = max(1, min(nprobe, nlist))
        let queryCount = queries.rows
        let perQueryWork = (nlist + count * probes / max(1, nlist)) * dimension
        let workers = max(1, min(queryCount, threads ?? BLAS.threadCount,
                                 queryCount * perQueryWork / ParallelSearch.minimumWorkPerThread))
        let results = ParallelSearch.PartialResults(count: queryCount)
        flat.withUnsafeVectors { vectors in
            queries.storage.withUnsafeBufferPointer { q in
                centroids.storage.withUnsafeBufferPointer { c in
                    lists.withUnsafeBufferPointer { l in
                        let job = IVFScan(queries: q, dimension: dimension, vectors: vectors, centroids: c, nlist: nlist,
                                          lists: l, probes: probes, k: k, filter: filter)
                        let work: @Sendable (Int) -> Void = { w in
                            var i = w
                            while i < queryCount { results.store(i, [job.run(query: i)]); i += workers }
                        }
                        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
                    }
                }
            }
        }
        let ids = flat.ids
        return results.take().map { $0[0].sorted().map { SearchHit(id: ids[$0.index], row: $0.index, score: $0.score) } }
    }

    /// - Complexity: O(list size).
    private mutating func insertSorted(_ row: Int32, into list: Int) {
        var members = lists[list]
        var low = 0, high = members.count
        while low < high {
            let mid = (low + high) / 2
            if members[mid] < row { low = mid + 1 } else { high = mid }
        }
        members.insert(row, at: low)
        lists[list] = members
    }
}

/// One query's probe: score the centroids, pick the best lists, scan their rows.
struct IVFScan: @unchecked Sendable {
    let queries: UnsafeBufferPointer<Float>
    let dimension: Int
    let vectors: UnsafeBufferPointer<Float>
    let centroids: UnsafeBufferPointer<Float>
    let nlist: Int
    let lists: UnsafeBufferPointer<[Int32]>
    let probes: Int
    let k: Int
    let filter: RowFilter?

    /// - Complexity: O(nlist · d + M · d) for M probed members.
    func run(query index: Int) -> TopKAccumulator {
        let d = dimension
        var result = TopKAccumulator(k: k)
        guard let q = queries.baseAddress.map({ $0 + index * d }), let v = vectors.baseAddress, let c = centroids.baseAddress else { return result }
        let centroidScores = UnsafeMutablePointer<Float>.allocate(capacity: nlist)
        defer { centroidScores.deallocate() }
        DotKernels.innerProducts(query: q, rows: c, count: nlist, dimension: d, into: centroidScores)
        var best = TopKAccumulator(k: probes)
        best.fold(scores: UnsafeBufferPointer(start: centroidScores, count: nlist), firstIndex: 0)
        for probe in best.sorted() {
            lists[probe.index].withUnsafeBufferPointer { members in
                var i = 0
                let m = members.count
                while i + 4 <= m {
                    let r0 = Int(members[i]), r1 = Int(members[i + 1]), r2 = Int(members[i + 2]), r3 = Int(members[i + 3])
                    let s = DotKernels.dot4(q, v + r0 * d, v + r1 * d, v + r2 * d, v + r3 * d, d)
                    offer(r0, s[0], to: &result); offer(r1, s[1], to: &result)
                    offer(r2, s[2], to: &result); offer(r3, s[3], to: &result)
                    i += 4
                }
                while i < m {
                    let r = Int(members[i])
                    offer(r, DotKernels.dot(q, v + r * d, d), to: &result)
                    i += 1
                }
            }
        }
        return result
    }

    @inline(__always)
    private func offer(_ row: Int, _ score: Float, to result: inout TopKAccumulator) {
        guard score >= result.threshold else { return }
        if let filter, !filter.contains(row) { return }
        result.insert(index: row, score: score)
    }
}
