import Dispatch

/// Per-row symmetric 8-bit scalar quantisation.
///
/// A row `x` is stored as `codes = round(x / s)` with `s = max|xⱼ| / 127`, so
/// every code is in `-127...127` and the row costs `d` bytes plus its `Float`
/// scale. A query is quantised to `Int16` the same way (`s_q = max|qⱼ| / 32767`)
/// and the approximate inner product is `s_q · s · Σ q16ⱼ · codeⱼ`, the sum
/// computed exactly in `Int32` (`DotKernels.int8InnerProducts`).
///
/// The per-element rounding error is at most `s / 2`, so for unit vectors the
/// score error is at most `‖q‖₁ · s / 2` and typically `√(d/12) · s · ‖q‖∞`-ish,
/// around 10⁻³ for MiniLM-sized vectors: enough to pick candidates, not to rank
/// them, which is why `Int8Index` rescores its candidates with the float vectors.
public enum Int8Quantizer {
    /// Writes the codes of `row` to `codes` and returns its scale (0 for a zero
    /// or non-finite row, whose codes are all 0).
    ///
    /// - Complexity: O(d).
    @inlinable
    public static func quantize(_ row: UnsafeBufferPointer<Float>, into codes: UnsafeMutablePointer<Int8>) -> Float {
        var largest: Float = 0
        for x in row { largest = max(largest, abs(x)) }
        guard largest > 0, largest.isFinite else {
            codes.update(repeating: 0, count: row.count)
            return 0
        }
        let inverse = 127 / largest
        for (j, x) in row.enumerated() {
            codes[j] = Int8(clamping: Int((x * inverse).rounded()))
        }
        return largest / 127
    }

    /// Writes the `Int16` form of `query` and returns its scale (0 for a zero or
    /// non-finite query).
    ///
    /// - Complexity: O(d).
    @inlinable
    public static func quantizeQuery(_ query: UnsafeBufferPointer<Float>, into codes: UnsafeMutablePointer<Int16>) -> Float {
        var largest: Float = 0
        for x in query { largest = max(largest, abs(x)) }
        guard largest > 0, largest.isFinite else {
            codes.update(repeating: 0, count: query.count)
            return 0
        }
        let inverse = 32767 / largest
        for (j, x) in query.enumerated() {
            codes[j] = Int16(clamping: Int((x * inverse).rounded()))
        }
        return largest / 32767
    }
}

/// An 8-bit scalar-quantised index with exact rescoring (FAISS's
/// `IndexScalarQuantizer` + `IndexRefineFlat`).
///
/// A search scans the `N × d` int8 codes (a quarter of the float bytes, so a
/// quarter of the memory traffic), keeps the best `rescoreCount(k)` candidates
/// per query by approximate score, then recomputes their exact float inner
/// products from the float vectors and returns the best `k` of those. Returned
/// scores are exact; what is approximate is only the candidate set, so recall
/// against exact search is what to measure (≥ 0.99 at k = 10 with the default
/// 10·k candidates on 384-d unit vectors).
///
/// Memory: the codes are `N · d` bytes plus `4 · N` for the row scales. The
/// float vectors used for rescoring are the wrapped `FlatIndex`'s storage,
/// `4 · N · d` bytes, which can stay memory-mapped from an index file
/// (`FlatIndex(dimension:ids:storage:)` borrowing a `VectorRegion`): only the
/// `rescoreCount(k)` candidate rows per query are touched, so the kernel pages
/// in a few KB per query instead of the whole file.
///
/// Rows, ids, `add` and `remove` behave exactly as in `FlatIndex` (the codes
/// mirror every row move).
public struct Int8Index: VectorIndex {
    /// The float vectors, ids and rows (the rescoring store).
    public private(set) var flat: FlatIndex
    /// Row-major `count × dimension` codes.
    private var codes: [Int8]
    /// One scale per row.
    private var scales: [Float]
    /// Candidates rescored per query: `max(rescoreFactor · k, minimumRescore)`.
    public var rescoreFactor: Int
    /// Lower bound on the candidates rescored per query.
    public var minimumRescore: Int

    /// Quantises every row of `flat` (which it keeps for rescoring; nothing is copied).
    ///
    /// - Complexity: O(N · d).
    public init(flat: FlatIndex, rescoreFactor: Int = 10, minimumRescore: Int = 64) {
        self.flat = flat
        self.rescoreFactor = max(1, rescoreFactor)
        self.minimumRescore = max(1, minimumRescore)
        let d = flat.dimension, n = flat.count
        var codes = [Int8](repeating: 0, count: n * d)
        var scales = [Float](repeating: 0, count: n)
        flat.withUnsafeVectors { vectors in
            codes.withUnsafeMutableBufferPointer { c in
                scales.withUnsafeMutableBufferPointer { s in
                    for r in 0..<n {
                        s[r] = Int8Quantizer.quantize(UnsafeBufferPointer(rebasing: vectors[r * d ..< (r + 1) * d]), into: c.baseAddress! + r * d)
                    }
                }
            }
        }
        self.codes = codes
        self.scales = scales
    }

    /// An empty index.
    ///
    /// - Complexity: O(1).
    public init(dimension: Int) {
        self.init(flat: FlatIndex(dimension: dimension))
    }

    public var dimension: Int { flat.dimension }
    public var count: Int { flat.count }
    public var ids: [String] { flat.ids }

    /// Bytes of the quantised codes and scales: `N · d + 4 · N`.
    ///
    /// - Complexity: O(1).
    public var codeBytes: Int { codes.count + 4 * scales.count }

    /// Bytes of the float rescoring store: `4 · N · d` (mapped or owned).
    ///
    /// - Complexity: O(1).
    public var rescoreStoreBytes: Int { 4 * count * dimension }

    /// Candidates rescored per query for a given `k`.
    ///
    /// - Complexity: O(1).
    public func rescoreCount(k: Int) -> Int { max(rescoreFactor * k, minimumRescore, k) }

    /// See `VectorIndex.add(ids:vectors:)`.
    ///
    /// - Complexity: O(n · d) for `n` ids (plus the `FlatIndex` costs).
    public mutating func add(ids newIDs: [String], vectors: Matrix) throws {
        try flat.add(ids: newIDs, vectors: vectors)
        let d = dimension
        let grow = flat.count - scales.count
        if grow > 0 {
            codes.append(contentsOf: repeatElement(0, count: grow * d))
            scales.append(contentsOf: repeatElement(0, count: grow))
        }
        for id in newIDs {
            guard let row = flat.row(forID: id) else { continue }
            requantize(row: row)
        }
    }

    /// See `VectorIndex.remove(ids:)`: swap-remove, mirrored in the codes.
    ///
    /// - Complexity: O(d) per removed id (plus the `FlatIndex` costs).
    @discardableResult
    public mutating func remove(ids removed: [String]) -> Int {
        var removedCount = 0
        let d = dimension
        for id in removed {
            guard let row = flat.row(forID: id) else { continue }
            let last = flat.count - 1
            flat.remove(ids: [id])
            if row != last {
                codes.withUnsafeMutableBufferPointer { c in
                    (c.baseAddress! + row * d).update(from: c.baseAddress! + last * d, count: d)
                }
                scales[row] = scales[last]
            }
            codes.removeLast(d)
            scales.removeLast()
            removedCount += 1
        }
        return removedCount
    }

    public func vector(forID id: String) -> [Float]? { flat.vector(forID: id) }
    public func row(forID id: String) -> Int? { flat.row(forID: id) }

    /// See `VectorIndex.search(queries:k:filter:)`; uses `BLAS.threadCount` workers.
    ///
    /// - Complexity: as `search(queries:k:filter:threads:)`.
    public func search(queries: Matrix, k: Int, filter: RowFilter?) -> [[SearchHit]] {
        search(queries: queries, k: k, filter: filter, threads: nil)
    }

    /// Approximate scan of the codes (rows split over `threads` workers), then
    /// exact rescoring of the best `rescoreCount(k)` candidates.
    ///
    /// - Complexity: O(Q · N · d) byte operations (memory traffic N · d per
    ///   query) plus O(Q · R · d) float work for R = `rescoreCount(k)`.
    public func search(queries: Matrix, k: Int, filter: RowFilter?, threads: Int?) -> [[SearchHit]] {
        guard queries.rows > 0 else { return [] }
        precondition(queries.columns == dimension, "queries have \(queries.columns) dimensions, the index \(dimension)")
        if let filter { precondition(filter.count == count, "filter ranges over \(filter.count) rows, index has \(count)") }
        let n = count, d = dimension
        guard n > 0, k > 0 else { return [[SearchHit]](repeating: [], count: queries.rows) }
        let candidates = min(rescoreCount(k: k), n)
        let workers = ParallelSearch.threadCount(rows: n, queries: 1, dimension: max(1, d / 4), requested: threads)
        let slice = ((n + workers - 1) / workers + 15) & ~15
        let ids = flat.ids
        var results: [[SearchHit]] = []
        results.reserveCapacity(queries.rows)
        var queryCodes = [Int16](repeating: 0, count: d)
        codes.withUnsafeBufferPointer { c in
            scales.withUnsafeBufferPointer { s in
                flat.withUnsafeVectors { vectors in
                    queries.storage.withUnsafeBufferPointer { allQueries in
                        for q in 0..<queries.rows {
                            let query = UnsafeBufferPointer(rebasing: allQueries[q * d ..< (q + 1) * d])
                            let queryScale = queryCodes.withUnsafeMutableBufferPointer {
                                Int8Quantizer.quantizeQuery(query, into: $0.baseAddress!)
                            }
                            let partials = ParallelSearch.PartialResults(count: workers)
                            queryCodes.withUnsafeBufferPointer { qc in
                                let scan = Int8Scan(query: qc, queryScale: queryScale, codes: c, scales: s,
                                                    dimension: d, keep: candidates, filter: filter)
                                let work: @Sendable (Int) -> Void = { w in
                                    partials.store(w, [scan.run(rows: min(n, w * slice) ..< min(n, (w + 1) * slice))])
                                }
                                if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
                            }
                            let approximate = BlockedSearch.merge(partials.take())[0]
                            results.append(Self.rescore(approximate, query: query, vectors: vectors, dimension: d, k: k, ids: ids))
                        }
                    }
                }
            }
        }
        return results
    }

    /// Exact float scores of the candidates, best `k` kept (ties: lower row).
    ///
    /// - Complexity: O(R · d + R · log k).
    static func rescore(_ candidates: TopKAccumulator, query: UnsafeBufferPointer<Float>, vectors: UnsafeBufferPointer<Float>,
                        dimension d: Int, k: Int, ids: [String]) -> [SearchHit] {
        guard let q = query.baseAddress, let v = vectors.baseAddress else { return [] }
        var exact = TopKAccumulator(k: k)
        for candidate in candidates.sorted() {
            exact.insert(index: candidate.index, score: DotKernels.dot(q, v + candidate.index * d, d))
        }
        return exact.sorted().map { SearchHit(id: ids[$0.index], row: $0.index, score: $0.score) }
    }

    /// - Complexity: O(d).
    private mutating func requantize(row: Int) {
        let d = dimension
        let scale = flat.withUnsafeVectors { vectors in
            codes.withUnsafeMutableBufferPointer { c in
                Int8Quantizer.quantize(UnsafeBufferPointer(rebasing: vectors[row * d ..< (row + 1) * d]), into: c.baseAddress! + row * d)
            }
        }
        scales[row] = scale
    }
}

/// One worker's approximate scan over a row range of the int8 codes.
struct Int8Scan: @unchecked Sendable {
    let query: UnsafeBufferPointer<Int16>
    let queryScale: Float
    let codes: UnsafeBufferPointer<Int8>
    let scales: UnsafeBufferPointer<Float>
    let dimension: Int
    let keep: Int
    let filter: RowFilter?

    /// Rows per block: 4,096 integer scores and their float conversions stay in L1/L2.
    static let blockRows = 4096

    /// - Complexity: O(|rows| · d).
    func run(rows: Range<Int>) -> TopKAccumulator {
        var accumulator = TopKAccumulator(k: keep, expectedCandidates: rows.count)
        guard !rows.isEmpty, let q = query.baseAddress, let c = codes.baseAddress, let s = scales.baseAddress else { return accumulator }
        let height = Self.blockRows
        let integers = UnsafeMutablePointer<Int32>.allocate(capacity: height)
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: height)
        defer { integers.deallocate(); scores.deallocate() }
        var start = rows.lowerBound
        while start < rows.upperBound {
            let h = min(height, rows.upperBound - start)
            defer { start += h }
            if let filter, !filter.containsAny(in: start ..< start + h) { continue }
            DotKernels.int8InnerProducts(query: q, codes: c + start * dimension, count: h, dimension: dimension, into: integers)
            for j in 0..<h { scores[j] = Float(integers[j]) * s[start + j] * queryScale }
            accumulator.fold(scores: UnsafeBufferPointer(start: scores, count: h), firstIndex: start, filter: filter)
        }
        return accumulator
    }
}
