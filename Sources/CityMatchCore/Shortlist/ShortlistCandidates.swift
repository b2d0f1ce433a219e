/// The (city, startup) pairs a shortlist chooses from, scored as `rank` scores them.
///
/// A pair's score is the best score the startup reaches over the city's needs, and the pair
/// remembers that need and how it was scored; its full breakdown is built on demand
/// (``breakdown(in:)``), because only the few pairs a plan selects are ever shown.
public struct ScoredPair: Sendable {
    public var candidate: ShortlistCandidate
    /// The startup as scored for `candidate.need`.
    public var scored: ScoredCandidate
    /// Evidence pairs quoted by ``breakdown(in:)``.
    public var evidencePairs: Int

    /// The pair's full breakdown, from the engine that scored it: its `score` equals
    /// `candidate.score` bit for bit.
    ///
    /// - Complexity: O(clauses · d) for the need's query plus the explanation.
    public func breakdown(in engine: MatchEngine) -> ScoreBreakdown {
        guard let need = candidate.need, let query = engine.query(forNeed: need) else {
            preconditionFailure("a scored pair's need \(candidate.need ?? "nil") is in the engine that scored it")
        }
        return engine.explain(query, scored: scored, evidencePairs: evidencePairs)
    }
}

public enum ShortlistCandidates {
    /// Needs scored together (one batched vector search; one query tile of `ParallelSearch`)
    /// before their results are merged and progress reported.
    static let needsPerBatch = 256

    /// Every city's candidate pairs: for each of its needs, the startups `rank` returns
    /// (all of them when the catalog fits the candidate pool, else the best `perNeed`),
    /// keeping each startup's best need.
    ///
    /// Needs are taken in batches: one blocked vector search finds every need's semantic
    /// candidates (``MatchEngine/semanticPools(_:pool:)``, exactly the rows each need's own
    /// search finds), then the needs are scored in parallel over the cores (single-threaded
    /// BLAS inside, so the threads do not multiply) and merged in catalog order, so the pairs
    /// are the same, in the same order, as one need at a time.
    ///
    /// - Complexity: O(needs · rank cost / cores); memory O(pairs).
    public static func pairs(_ engine: MatchEngine, options: RankOptions, perNeed: Int,
                             progress: ((Int, Int) -> Void)? = nil) -> [ScoredPair] {
        let catalog = engine.catalog
        let depth = catalog.startups.count <= options.candidatePool ? catalog.startups.count : perNeed
        var best: [String: [Int: ScoredPair]] = [:]
        var start = 0
        while start < catalog.needs.count {
            let batch = Array(catalog.needs[start ..< min(start + needsPerBatch, catalog.needs.count)])
            let queries = batch.compactMap { engine.query(forNeed: $0.id) }
            let scored = engine.scored(queries, k: depth, options: options)
            let byNeed = Dictionary(zip(queries.map { $0.needID ?? "" }, scored), uniquingKeysWith: { first, _ in first })
            let ranked = batch.map { byNeed[$0.id] ?? [] }
            for (need, results) in zip(batch, ranked) {
                for r in results {
                    if let existing = best[need.city]?[r.startupIndex], existing.candidate.score >= r.score { continue }
                    let startup = catalog.startups[r.startupIndex]
                    best[need.city, default: [:]][r.startupIndex] = ScoredPair(
                        candidate: ShortlistCandidate(city: need.city, startup: startup.id, startupCountry: startup.country,
                                                      score: r.score, need: need.id),
                        scored: r, evidencePairs: options.evidencePairs)
                }
            }
            start += batch.count
            progress?(start, catalog.needs.count)
        }
        // Cities in catalog order, startups in catalog order: a canonical input for the planner.
        return catalog.cities.flatMap { city in
            (best[city.id] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        }
    }
}
