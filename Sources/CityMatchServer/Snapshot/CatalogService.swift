import CityMatchCore
import CityMatchStore
import Foundation
import Logging

/// The server's catalog: the store (system of record), the engine built from it, and the one
/// path by which the API changes it.
///
/// Reads are lock-free in effect: ``current`` hands out an immutable ``EngineSnapshot``.
/// Writes are serialised (``WriteLock``); each validates exactly like `citymatch import`
/// (the same ``CatalogValidator`` against the ids in the store), builds the next engine
/// *before* touching the store (``EngineBuilder`` reuses cached embeddings, so only texts that
/// changed are encoded), then writes the store in one transaction and swaps the new snapshot in.
/// A refused or failed write leaves both the store and the snapshot as they were.
public final class CatalogService: Sendable {
    public let store: any CatalogStore
    public let builder: EngineBuilder
    let cell: SnapshotCell
    let writes = WriteLock()
    let metrics: ServerMetrics

    /// Loads the catalog from `store` and builds the first snapshot.
    ///
    /// - Complexity: one forward pass per text not yet in the embedding cache, then O(catalog) assembly.
    public init(store: any CatalogStore, builder: EngineBuilder, metrics: ServerMetrics) async throws {
        self.store = store
        self.builder = builder
        self.metrics = metrics
        let catalog = try await store.catalog()
        let (engine, stats) = try await builder.build(catalog)
        metrics.recordBuild(stats, catalog: catalog, dimension: builder.encoder.dimension)
        self.cell = SnapshotCell(EngineSnapshot(engine: engine, version: 1, onSearchBatch: { metrics.recordSearchBatch(queries: $0) },
                                                onSearchRescan: { metrics.recordSearchRescans(queries: $0) }))
    }

    /// The snapshot every read of this request should use. - Complexity: O(1).
    public var current: EngineSnapshot { cell.current }

    /// What an upsert did.
    public enum UpsertOutcome: Sendable, Equatable {
        case created, updated, unchanged
    }

    /// Validates and writes one record given as a JSON object (the same shape as a catalog line).
    ///
    /// `authorize` runs first, under the write lock, with the stored catalog, so ownership checks
    /// see exactly what the write will replace.
    ///
    /// - Throws: ``Problem`` 422 with every validation issue (file, line, field), or what `authorize` throws.
    /// - Complexity: O(catalog) to reload and rebuild, plus one forward pass per new text.
    public func upsert(_ kind: RecordKind, object: [String: JSONValue],
                       authorize: @Sendable (Catalog) throws -> Void = { _ in }) async throws -> (UpsertOutcome, JSONValue) {
        try await writes.run {
            let stored = try await store.catalog()
            try authorize(stored)
            let line = Array(JSONValue.object(object).serialized().utf8)
            let source = CatalogSource(files: [kind.fileName: line])
            let changes: Catalog
            switch CatalogValidator.validate(source, existing: stored.identifiers) {
            case .failure(let refusal): throw Problem.refused(refusal)
            case .success(let catalog): changes = catalog
            }
            let (engine, stats) = try await builder.build(stored.merging(changes))
            let summary = try await store.upsert(changes)
            swap(engine, stats: stats)
            let counts = switch kind {
            case .city: summary.cities
            case .need: summary.needs
            case .startup: summary.startups
            }
            let outcome: UpsertOutcome = counts.inserted > 0 ? .created : counts.updated > 0 ? .updated : .unchanged
            let id = object["id"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""
            return (outcome, kind.record(id, in: engine.catalog) ?? .object(object))
        }
    }

    /// Deletes a startup or need (and its judgments); false when there was none.
    ///
    /// `authorize` runs first, under the write lock, with the stored catalog.
    ///
    /// - Complexity: O(catalog) to reload and rebuild (no encoding: every remaining text is cached).
    public func delete(_ kind: RecordKind, id: String,
                       authorize: @Sendable (Catalog) throws -> Void = { _ in }) async throws -> Bool {
        try await writes.run {
            var catalog = try await store.catalog()
            try authorize(catalog)
            switch kind {
            case .startup:
                guard catalog.startups.contains(where: { $0.id == id }) else { return false }
                catalog.startups.removeAll { $0.id == id }
                catalog.judgments.removeAll { $0.startup == id }
            case .need:
                guard catalog.needs.contains(where: { $0.id == id }) else { return false }
                catalog.needs.removeAll { $0.id == id }
                catalog.judgments.removeAll { $0.need == id }
            case .city:
                throw Problem(.methodNotAllowed, "method-not-allowed", "cities cannot be deleted through the API")
            }
            let (engine, stats) = try await builder.build(catalog)
            let existed = kind == .startup ? try await store.deleteStartup(id: id) : try await store.deleteNeed(id: id)
            swap(engine, stats: stats)
            return existed
        }
    }

    private func swap(_ engine: MatchEngine, stats: EmbeddingPipeline.Statistics) {
        let next = EngineSnapshot(engine: engine, version: cell.current.version + 1,
                                  onSearchBatch: { [metrics] in metrics.recordSearchBatch(queries: $0) },
                                  onSearchRescan: { [metrics] in metrics.recordSearchRescans(queries: $0) })
        cell.swap(next)
        metrics.recordBuild(stats, catalog: engine.catalog, dimension: builder.encoder.dimension)
    }
}
