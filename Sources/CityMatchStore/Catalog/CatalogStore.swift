import CityMatchCore

/// The system of record for a catalog, and the cache of text embeddings.
///
/// SQLite (``SQLiteCatalogStore``) implements it today; a PostgreSQL implementation can
/// slot in for deployments with several server replicas. The core never sees this
/// protocol: it takes and returns `Catalog` values.
public protocol CatalogStore: Sendable {
    /// Everything stored, each file's records in the order they were first imported.
    func catalog() async throws -> Catalog

    /// The ids stored, for validating a partial import's references.
    func identifiers() async throws -> KnownIdentifiers

    /// Upserts every record of `changes` by key in one transaction: all or nothing.
    func upsert(_ changes: Catalog) async throws -> UpsertSummary

    /// Deletes a startup and its judgments; false when it was not stored.
    func deleteStartup(id: String) async throws -> Bool

    /// Deletes a need and its judgments; false when it was not stored.
    func deleteNeed(id: String) async throws -> Bool

    /// Cached embeddings for `textHashes` (SHA-256 hex of each text) under `modelID`; missing hashes are absent.
    func cachedEmbeddings(modelID: String, textHashes: [String]) async throws -> [String: [Float]]

    /// Stores embeddings under (`modelID`, text hash), replacing any already there.
    func storeEmbeddings(modelID: String, _ entries: [(textHash: String, vector: [Float])]) async throws
}

/// What an upsert did, per record type.
public struct UpsertSummary: Sendable, Equatable, CustomStringConvertible {
    public struct Counts: Sendable, Equatable {
        public var inserted = 0
        public var updated = 0
        public var unchanged = 0
        public var total: Int { inserted + updated + unchanged }
        public init() {}
    }

    public var cities = Counts()
    public var needs = Counts()
    public var startups = Counts()
    public var judgments = Counts()

    public init() {}

    public var description: String {
        [("cities", cities), ("needs", needs), ("startups", startups), ("judgments", judgments)]
            .map { name, c in "\(name): \(c.total) (\(c.inserted) new, \(c.updated) updated, \(c.unchanged) unchanged)" }
            .joined(separator: "\n")
    }
}
