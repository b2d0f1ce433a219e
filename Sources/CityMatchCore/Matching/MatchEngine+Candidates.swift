extension MatchEngine {
    /// The lexical channel for one query: BM25 of every startup, divided by the best.
    ///
    /// - Complexity: O(N + postings).
    func lexicalScores(_ query: MatchQuery) -> [Float] {
        var scores = lexical.scores(query: query.text)
        BM25Index.normalizeByMaximum(&scores)
        return scores
    }

    /// The semantic channel for one startup: the cosine of the two texts' unit vectors.
    ///
    /// Always `DotKernels.dot`, the kernel the vector index scans with (its four-row path
    /// rounds exactly like it), so a pair's cosine is the same bits whether it was found by
    /// the index, by BM25, or explained alone.
    ///
    /// - Complexity: O(d).
    func semanticScore(_ query: MatchQuery, startup i: Int) -> Float {
        let d = embeddings.dimension
        guard d > 0, query.vector.count == d else { return 0 }
        return embeddings.startupText.storage.withUnsafeBufferPointer { rows in
            query.vector.withUnsafeBufferPointer { q in DotKernels.dot(q.baseAddress!, rows.baseAddress! + i * d, d) }
        }
    }

    /// The startups passing the hard filters, or nil when no filter applies to `query` (so
    /// the common case costs nothing).
    ///
    /// - Complexity: O(N) set tests when a filter applies, else O(1).
    func eligibility(_ query: MatchQuery, _ inputs: QueryFacetInputs, _ options: RankOptions) -> RowFilter? {
        guard hardFilterApplies(query, options) else { return nil }
        return eligibility(languages: options.requireLanguage ? inputs : nil, budget: options.withinBudget ? query.budgetUSD : nil)
    }

    /// Whether `options` asks for a hard filter that `query` gives something to filter by
    /// (required languages, a budget).
    ///
    /// - Complexity: O(1).
    func hardFilterApplies(_ query: MatchQuery, _ options: RankOptions) -> Bool {
        (options.requireLanguage && !(query.languages ?? []).isEmpty) || (options.withinBudget && query.budgetUSD != nil)
    }

    /// Whether ranking `query` under `options` takes its candidates from an unfiltered vector
    /// search of the top `options.candidatePool` (the catalog is larger than the pool and no
    /// hard filter applies), so that a pool found by a batched search can stand in for it.
    ///
    /// - Complexity: O(1).
    public func searchesUnfiltered(_ query: MatchQuery, options: RankOptions) -> Bool {
        !hardFilterApplies(query, options) && catalog.startups.count > options.candidatePool && options.candidatePool > 0
            && embeddings.dimension > 0 && query.vector.count == embeddings.dimension
    }

    /// `languages`: the query whose required languages each startup must offer (nil: no such filter).
    private func eligibility(languages: QueryFacetInputs?, budget: Double?) -> RowFilter {
        let startups = catalog.startups
        return facetLists.withReader { lists in
            RowFilter(count: startups.count) { i in
                if let languages, !languages.offersRequiredLanguages(lists[i, .languages]) { return false }
                if let budget, let minimum = lists.minimumContract(i), minimum > budget { return false }
                return true
            }
        }
    }

    /// The candidates to score exactly, in catalog order, with each one's cosine (`semantic`,
    /// aligned with `candidates`) and the lexical channel for all startups. Catalogs whose
    /// eligible startups fit the pool are scored in full; larger ones take the vector index's
    /// top `pool` by cosine and BM25's top `pool / 2`. `eligible` nil means every startup.
    /// `semanticPool`, when given, is the top `pool` by cosine found by
    /// ``semanticPools(_:pool:)`` (without filters), which replaces this query's own search.
    ///
    /// The index scans with `DotKernels` (its four-row path rounds like `DotKernels.dot`), so
    /// its scores are the cosines ``semanticScore(_:startup:)`` gives and are reused as they are.
    ///
    /// - Complexity: O(N·d / threads + postings + N) for large catalogs.
    func candidates(_ query: MatchQuery, eligible: RowFilter?, pool: Int, threads: Int?,
                    semanticPool: [ScoredIndex]? = nil) -> (candidates: [Int], semantic: [Float], lexical: [Float]) {
        let n = catalog.startups.count
        let eligibleCount = eligible?.allowedCount ?? n
        let lexical = lexicalScores(query)
        guard eligibleCount > pool else {
            let all = eligible?.allowedIndices ?? Array(0..<n)
            return (all, all.map { semanticScore(query, startup: $0) }, lexical)
        }
        var chosen = [Bool](repeating: false, count: n)
        var found: [(row: Int, semantic: Float)] = []
        found.reserveCapacity(pool + pool / 2)
        let hits: [ScoredIndex]
        if let semanticPool, eligible == nil {
            hits = semanticPool
        } else {
            hits = startupIndex.search(queries: Matrix(rows: 1, columns: embeddings.dimension, storage: query.vector), k: pool,
                                       filter: eligible, threads: threads)[0].map { ScoredIndex(index: $0.row, score: $0.score) }
        }
        for hit in hits where !chosen[hit.index] {
            chosen[hit.index] = true
            found.append((hit.index, hit.score))
        }
        for hit in TopK.select(lexical, k: pool / 2, filter: eligible) where !chosen[hit.index] {
            chosen[hit.index] = true
            found.append((hit.index, semanticScore(query, startup: hit.index)))
        }
        found.sort { $0.row < $1.row }
        return (found.map(\.row), found.map(\.semantic), lexical)
    }
}
