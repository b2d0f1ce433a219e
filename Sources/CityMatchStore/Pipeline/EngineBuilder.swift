import CityMatchCore
import Foundation

/// Assembles a ready ``MatchEngine`` from a catalog: embeddings through the cache, weights from file.
public struct EngineBuilder: Sendable {
    public var encoder: any SentenceEncoder
    public var cache: any CatalogStore
    public var weights: RankerWeights

    public init(encoder: any SentenceEncoder, cache: any CatalogStore, weights: RankerWeights) {
        self.encoder = encoder
        self.cache = cache
        self.weights = weights
    }

    /// Embeds whatever the cache lacks and builds the engine.
    ///
    /// - Complexity: one forward pass per uncached text, then O(units · d) assembly.
    public func build(_ catalog: Catalog, progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> (MatchEngine, EmbeddingPipeline.Statistics) {
        let pipeline = EmbeddingPipeline(encoder: encoder, cache: cache)
        // Split once: texts and matrices both need the clauses and statements.
        let units = CatalogEmbeddings.Units(catalog: catalog)
        let (vectors, stats) = try await pipeline.embed(CatalogEmbeddings.texts(for: catalog, units: units), progress: progress)
        let d = encoder.dimension
        let embeddings = CatalogEmbeddings(catalog: catalog, units: units, dimension: d) { vectors[$0] ?? [Float](repeating: 0, count: d) }
        return (MatchEngine(catalog: catalog, embeddings: embeddings, weights: weights), stats)
    }

    /// A query for free text, encoded now (text and clauses in one batch). Languages and a budget
    /// stated in the text (``FreeTextConstraints``) apply unless given explicitly; the constraint
    /// phrases are left out of the clauses aligned with startup statements.
    public func query(text: String, city: City?, languages: [String]?, budgetUSD: Double?, domains: [String]? = nil) throws -> MatchQuery {
        let stated = FreeTextConstraints.parse(text)
        let languages = languages ?? (stated.languages.isEmpty ? nil : stated.languages)
        let budgetUSD = budgetUSD ?? stated.budgetUSD
        let clauses = stated.problemClauses
        let matrix = try encoder.encode([text] + clauses)
        let d = encoder.dimension
        let clauseVectors = Matrix(rows: clauses.count, columns: d, storage: Array(matrix.storage[d...]))
        return MatchQuery(text: text, clauses: clauses, vector: matrix.row(0), clauseVectors: clauseVectors,
                          city: city, languages: languages, budgetUSD: budgetUSD, domains: domains)
    }
}
