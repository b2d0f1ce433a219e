/// Exact maximum-inner-product search over every stored vector (a "flat"
/// index, FAISS's `IndexFlatIP`).
///
/// Vectors live in one contiguous row-major `Float32` buffer (`VectorStorage`),
/// either owned or borrowed from a memory-mapped file, and a search is one
/// `ParallelSearch.innerProductTopK` pass over it: rows split over threads,
/// SIMD dot products for a single query, blocked `sgemm` for many, top-k folded
/// block by block, a `RowFilter` applied as a mask without copying rows.
///
/// Memory: `4 · N · d` bytes of vectors plus O(N) for the ids and the
/// id → row table.
///
/// A value type: ids, the id→row table and the vectors are all copy-on-write,
/// so a server can keep searching an immutable snapshot while a writer mutates
/// its own copy and publishes it when done.
///
/// Removal is *swap-remove*: the last row moves into the freed row. The
/// buffer therefore stays dense with no tombstones to skip or compact, and a
/// removal costs O(d); the price is that the moved vector changes row, so
/// filters and `SearchHit.row`s from before a mutation must not be reused
/// after it.
public struct FlatIndex: VectorIndex {
    public let dimension: Int
    public private(set) var ids: [String]
    private var rowsByID: [String: Int]
    private var storage: VectorStorage

    /// An empty index for vectors of length `dimension` (≥ 1).
    ///
    /// - Complexity: O(1).
    public init(dimension: Int) {
        precondition(dimension > 0, "dimension must be positive")
        self.dimension = dimension
        self.ids = []
        self.rowsByID = [:]
        self.storage = VectorStorage()
    }

    /// An index holding `vectors.row(i)` under `ids[i]` (duplicate ids throw).
    ///
    /// - Complexity: O(n · d) for `n` vectors.
    public init(dimension: Int, ids: [String], vectors: Matrix) throws {
        self.init(dimension: dimension)
        try add(ids: ids, vectors: vectors)
    }

    /// An index over `storage` (row-major, `ids.count × dimension` floats),
    /// typically borrowing a memory-mapped file. Nothing is copied.
    ///
    /// - Complexity: O(n) for the id table.
    public init(dimension: Int, ids: [String], storage: VectorStorage) throws {
        precondition(dimension > 0, "dimension must be positive")
        guard storage.count == ids.count * dimension else {
            throw VectorIndexError.countMismatch(ids: ids.count, vectors: storage.count / dimension)
        }
        self.dimension = dimension
        self.ids = ids
        self.rowsByID = try Self.rowTable(ids)
        self.storage = storage
    }

    /// - Complexity: O(1).
    public var count: Int { ids.count }

    /// Whether the vectors are still borrowed (e.g. from a mapped file); the
    /// first mutation copies them.
    ///
    /// - Complexity: O(1).
    public var isBorrowingStorage: Bool { storage.isBorrowed }

    /// Calls `body` with the row-major `count × dimension` vectors.
    ///
    /// - Complexity: O(1) plus `body`.
    public func withUnsafeVectors<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// See `VectorIndex.add(ids:vectors:)`. Replaced ids keep their row.
    ///
    /// - Complexity: O(n · d) for `n` ids; O(count · d) more on the first
    ///   mutation of borrowed storage or of storage shared with a snapshot.
    public mutating func add(ids newIDs: [String], vectors: Matrix) throws {
        guard vectors.columns == dimension || vectors.rows == 0 else {
            throw VectorIndexError.dimensionMismatch(expected: dimension, actual: vectors.columns)
        }
        guard newIDs.count == vectors.rows else {
            throw VectorIndexError.countMismatch(ids: newIDs.count, vectors: vectors.rows)
        }
        _ = try Self.rowTable(newIDs) // validate the whole batch before changing anything
        guard !newIDs.isEmpty else { return }

        let d = dimension
        let appended = newIDs.filter { rowsByID[$0] == nil }.count
        storage.reserveCapacity(additional: appended * d)
        vectors.storage.withUnsafeBufferPointer { source in
            for (i, id) in newIDs.enumerated() {
                let vector = UnsafeBufferPointer(rebasing: source[i * d ..< (i + 1) * d])
                if let row = rowsByID[id] {
                    overwrite(row: row, with: vector)
                } else {
                    rowsByID[id] = ids.count
                    ids.append(id)
                    storage.append(contentsOf: vector)
                }
            }
        }
    }

    /// See `VectorIndex.remove(ids:)`: swap-remove, so the vector in the last
    /// row moves into each freed row.
    ///
    /// - Complexity: O(d) per removed id, plus O(count · d) on the first
    ///   mutation of borrowed or shared storage.
    @discardableResult
    public mutating func remove(ids removed: [String]) -> Int {
        var removedCount = 0
        for id in removed {
            guard let row = rowsByID.removeValue(forKey: id) else { continue }
            let last = ids.count - 1
            if row != last {
                let movedID = ids[last]
                moveRow(last, to: row)
                ids[row] = movedID
                rowsByID[movedID] = row
            }
            ids.removeLast()
            storage.removeLast(dimension)
            removedCount += 1
        }
        return removedCount
    }

    /// See `VectorIndex.search(queries:k:filter:)`: `search(queries:k:filter:threads:)`
    /// with the default thread count (`BLAS.threadCount`).
    ///
    /// - Complexity: as `search(queries:k:filter:threads:)`.
    public func search(queries: Matrix, k: Int, filter: RowFilter?) -> [[SearchHit]] {
        search(queries: queries, k: k, filter: filter, threads: nil)
    }

    /// Exact search split over `threads` workers (`ParallelSearch`): SIMD dot
    /// products for one query, blocked single-threaded `sgemm` per worker for
    /// several, top-k fused into the scan either way.
    ///
    /// - Complexity: O(Q · N · d) arithmetic over the workers plus O(Q · N)
    ///   vectorised threshold tests and O(Q · m · log k) heap work for the `m`
    ///   rows passing them; memory O(T · (min(Q, 256) · blockRows + Q · k)),
    ///   independent of N.
    public func search(queries: Matrix, k: Int, filter: RowFilter?, threads: Int?) -> [[SearchHit]] {
        guard queries.rows > 0 else { return [] }
        precondition(queries.columns == dimension, "queries have \(queries.columns) dimensions, the index \(dimension)")
        if let filter { precondition(filter.count == count, "filter ranges over \(filter.count) rows, index has \(count)") }
        let ranked = storage.withUnsafeBufferPointer { base in
            ParallelSearch.innerProductTopK(queries: queries, base: base, count: count, k: k, filter: filter, threads: threads)
        }
        let ids = self.ids
        return ranked.map { hits in hits.map { SearchHit(id: ids[$0.index], row: $0.index, score: $0.score) } }
    }

    /// See `VectorIndex.vector(forID:)`.
    ///
    /// - Complexity: O(d) plus one hash lookup.
    public func vector(forID id: String) -> [Float]? {
        guard let row = rowsByID[id] else { return nil }
        return storage.withUnsafeBufferPointer { Array($0[row * dimension ..< (row + 1) * dimension]) }
    }

    /// See `VectorIndex.row(forID:)`.
    ///
    /// - Complexity: one hash lookup.
    public func row(forID id: String) -> Int? {
        rowsByID[id]
    }

    // MARK: - Row moves

    /// - Complexity: O(d).
    private mutating func overwrite(row: Int, with vector: UnsafeBufferPointer<Float>) {
        let d = dimension
        storage.withUnsafeMutableBufferPointer { all in
            _ = UnsafeMutableBufferPointer(rebasing: all[row * d ..< (row + 1) * d]).update(fromContentsOf: vector)
        }
    }

    /// - Complexity: O(d).
    private mutating func moveRow(_ source: Int, to target: Int) {
        let d = dimension
        storage.withUnsafeMutableBufferPointer { all in
            guard let base = all.baseAddress else { return }
            (base + target * d).update(from: base + source * d, count: d)
        }
    }

    /// id → row for `ids`, throwing on the first repeated id.
    ///
    /// - Complexity: O(n) on average.
    private static func rowTable(_ ids: [String]) throws -> [String: Int] {
        var table = [String: Int](minimumCapacity: ids.count)
        for (row, id) in ids.enumerated() {
            guard table.updateValue(row, forKey: id) == nil else { throw VectorIndexError.duplicateID(id) }
        }
        return table
    }
}
