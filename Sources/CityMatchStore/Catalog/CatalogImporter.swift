import CityMatchCore

/// Validate-then-write: the one import path shared by the CLI and the server.
public enum CatalogImporter {
    /// Validates `source` against itself and the ids already in `store`, then upserts it
    /// in one transaction. A refused catalog writes nothing.
    ///
    /// - Returns: what was written, or every validation issue (up to `maximumIssues`).
    /// - Complexity: O(records) validation plus one transaction of O(records) statements.
    public static func importCatalog(_ source: CatalogSource, into store: any CatalogStore,
                                     maximumIssues: Int = CatalogLimits.defaultMaximumIssues) async throws -> Result<UpsertSummary, CatalogValidationError> {
        let existing = try await store.identifiers()
        switch CatalogValidator.validate(source, existing: existing, maximumIssues: maximumIssues) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let catalog): return .success(try await store.upsert(catalog))
        }
    }
}
