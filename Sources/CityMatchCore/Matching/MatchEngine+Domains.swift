extension MatchEngine {
    /// Domain tags for a query that states none (free text): the tags shared by at least two
    /// of the five startups closest to it by cosine, most frequent first. Empty when none is shared.
    ///
    /// The neighbours come from the vector index, so ``rankInferringDomains(_:k:options:)`` can
    /// take them from the prefix of the search it runs anyway.
    ///
    /// - Complexity: O(N·d / threads).
    public func inferredDomains(for query: MatchQuery, neighbours: Int = 5) -> [String] {
        guard embeddings.startupText.rows > 0, query.vector.count == embeddings.dimension else { return [] }
        return domains(ofNeighbours: startupIndex.search(query: query.vector, k: neighbours).map(\.row))
    }

    /// ``rank(_:k:options:)`` of `query` with its domain tags set to ``inferredDomains(for:neighbours:)``
    /// (a free-text search that states none): the same results, with one scan of the startup
    /// vectors instead of two when no hard filter applies (the five nearest are the first five
    /// of the candidate search, which is unfiltered then).
    ///
    /// - Complexity: as ``rank(_:k:options:)``.
    ///
    /// `semanticPool`, when given, is the query's top `options.candidatePool` by cosine, as in
    /// ``rank(_:k:options:semanticPool:)``, and replaces the search.
    public func rankInferringDomains(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions(),
                                     neighbours: Int = 5, semanticPool: [ScoredIndex]? = nil) -> (query: MatchQuery, results: [RankedStartup]) {
        var query = query
        let n = catalog.startups.count, pool = options.candidatePool
        let filtered = eligibility(query, facetInputs(query), options) != nil
        guard n > pool, pool >= neighbours, !filtered, query.vector.count == embeddings.dimension else {
            query.domains = inferredDomains(for: query, neighbours: neighbours)
            return (query, rank(query, k: k, options: options))
        }
        let hits = semanticPool ?? semanticPools([query], pool: pool)[0]
            ?? startupIndex.search(query: query.vector, k: pool).map { ScoredIndex(index: $0.row, score: $0.score) }
        query.domains = domains(ofNeighbours: hits.prefix(neighbours).map(\.index))
        let results = scored(query, k: k, options: options, searchThreads: nil, semanticPool: hits).map { candidate in
            RankedStartup(startupID: catalog.startups[candidate.startupIndex].id, startupIndex: candidate.startupIndex,
                          breakdown: explain(query, scored: candidate, evidencePairs: options.evidencePairs))
        }
        return (query, results)
    }

    /// The tags shared by at least two of `rows` (nearest first), most votes first; ties keep
    /// the order in which the nearest startups list them.
    ///
    /// - Complexity: O(total tags of `rows`).
    func domains(ofNeighbours rows: [Int]) -> [String] {
        var votes: [String: Int] = [:]
        var order: [String] = []
        for row in rows {
            var seen = Set<String>()
            for tag in catalog.startups[row].domains ?? [] where seen.insert(tag).inserted {
                if votes[tag] == nil { order.append(tag) }
                votes[tag, default: 0] += 1
            }
        }
        return order.enumerated().filter { votes[$0.element]! >= 2 }
            .sorted { (votes[$0.element]!, -$0.offset) > (votes[$1.element]!, -$1.offset) }
            .map(\.element)
    }
}
