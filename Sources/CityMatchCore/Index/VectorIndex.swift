/// One search result: which stored vector matched and how well.
public struct SearchHit: Sendable, Hashable, CustomStringConvertible {
    /// The external id of the matched vector.
    public var id: String
    /// Its row in the index at search time (rows move when vectors are removed,
    /// so a row is only meaningful against the snapshot that produced it).
    public var row: Int
    /// Inner product with the query; the cosine similarity for unit vectors.
    public var score: Float

    /// - Complexity: O(1).
    public init(id: String, row: Int, score: Float) {
        self.id = id
        self.row = row
        self.score = score
    }

    public var description: String { "\(id)#\(row)=\(score)" }
}

/// Why a mutation of a vector index was refused. Nothing is changed when one
/// is thrown.
public enum VectorIndexError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The vectors have `actual` columns, the index `expected`.
    case dimensionMismatch(expected: Int, actual: Int)
    /// `ids.count` differs from the number of vector rows (or stored values).
    case countMismatch(ids: Int, vectors: Int)
    /// The same id appears twice in one batch (which vector should win is ambiguous).
    case duplicateID(String)

    public var description: String {
        switch self {
        case .dimensionMismatch(let expected, let actual):
            return "vectors have \(actual) dimensions, the index expects \(expected)"
        case .countMismatch(let ids, let vectors):
            return "\(ids) ids for \(vectors) vectors"
        case .duplicateID(let id):
            return "id \"\(id)\" appears more than once"
        }
    }
}

/// A store of L2-normalised vectors keyed by external string ids, searched by
/// maximum inner product, in the spirit of a FAISS index.
///
/// Every stored vector has a *row*, a position in `0..<count`. Rows are what
/// a `RowFilter` ranges over and what `SearchHit.row` reports; they are
/// stable between mutations only, so build filters against the snapshot you
/// search.
public protocol VectorIndex: Sendable {
    /// The length of every stored vector.
    ///
    /// - Complexity: O(1).
    var dimension: Int { get }

    /// The number of stored vectors.
    ///
    /// - Complexity: O(1).
    var count: Int { get }

    /// The external id of every row, in row order. Ids are compared as Swift
    /// strings, i.e. up to Unicode canonical equivalence ("Cafe\u{301}" and
    /// "Caf\u{E9}" are the same id), but stored with their exact bytes.
    ///
    /// - Complexity: O(1) (the array is shared, not copied).
    var ids: [String] { get }

    /// Stores `vectors.row(i)` under `ids[i]`. An id already present keeps its
    /// row and has its vector replaced; new ids are appended. Rows must be
    /// L2-normalised for scores to be cosines (not checked: O(n·d)).
    ///
    /// Throws `VectorIndexError` (and changes nothing) when the dimensions or
    /// counts disagree or an id repeats within the batch.
    ///
    /// - Complexity: O(n · d) for `n` ids, plus amortised O(1) per id for the
    ///   id table; implementations backed by read-only storage may first copy
    ///   it (O(count · d)).
    mutating func add(ids: [String], vectors: Matrix) throws

    /// Removes the listed ids (unknown ids are ignored) and returns how many
    /// were removed. Rows of the remaining vectors may change.
    ///
    /// - Complexity: implementation-specific; see the conforming type.
    @discardableResult
    mutating func remove(ids: [String]) -> Int

    /// The `k` stored vectors with the largest inner product for each query
    /// row, best first; equal scores list the lower row first. Each list has
    /// `min(k, allowed rows)` hits; rows outside `filter` are never returned.
    ///
    /// `queries.columns` must equal `dimension`, and `filter.count` must equal
    /// `count` (programming errors, checked with preconditions).
    ///
    /// - Complexity: implementation-specific; see the conforming type.
    func search(queries: Matrix, k: Int, filter: RowFilter?) -> [[SearchHit]]

    /// A copy of the vector stored under `id`, or nil.
    ///
    /// - Complexity: O(d) plus one hash lookup (O(1) on average).
    func vector(forID id: String) -> [Float]?

    /// The current row of `id`, or nil.
    ///
    /// - Complexity: one hash lookup, O(1) on average.
    func row(forID id: String) -> Int?
}

extension VectorIndex {
    /// `search(queries:k:filter:)` without a filter.
    ///
    /// - Complexity: as `search(queries:k:filter:)`.
    public func search(queries: Matrix, k: Int) -> [[SearchHit]] {
        search(queries: queries, k: k, filter: nil)
    }

    /// The best `k` hits for a single query vector (one `sgemv` pass).
    ///
    /// - Complexity: as `search(queries:k:filter:)` with one query.
    public func search(query: [Float], k: Int, filter: RowFilter? = nil) -> [SearchHit] {
        precondition(query.count == dimension, "query has \(query.count) dimensions, the index \(dimension)")
        return search(queries: Matrix(rows: 1, columns: dimension, storage: query), k: k, filter: filter)[0]
    }

    /// Whether `id` is stored.
    ///
    /// - Complexity: O(1) on average.
    public func contains(id: String) -> Bool {
        row(forID: id) != nil
    }

    /// A filter over the current rows allowing those for which
    /// `isAllowed(id, row)` is true. Valid until the next mutation.
    ///
    /// - Complexity: O(count) calls of `isAllowed`.
    public func filter(where isAllowed: (_ id: String, _ row: Int) throws -> Bool) rethrows -> RowFilter {
        let ids = self.ids
        return try RowFilter(count: count) { try isAllowed(ids[$0], $0) }
    }

    /// A filter over the current rows allowing the listed ids (unknown ids
    /// are ignored). Valid until the next mutation.
    ///
    /// - Complexity: O(count / 64 + number of ids).
    public func filter<S: Sequence>(allowingIDs allowed: S) -> RowFilter where S.Element == String {
        RowFilter(count: count, allowing: allowed.lazy.compactMap { row(forID: $0) })
    }
}
