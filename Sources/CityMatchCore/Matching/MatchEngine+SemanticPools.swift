extension MatchEngine {
    /// Rows fetched by the batched search beyond the pool, from which the exact pool is recovered.
    static let batchedSearchMargin = 256

    /// For each query, its top `pool` startups with their cosines, exactly as the one-query
    /// search ranks them (`DotKernels` rounding, ties to the lower row), found for all queries
    /// with one batched search; nil for a query whose pool could not be certified (search it
    /// alone) and for every query when the catalog fits the pool.
    ///
    /// Why: one query at a time streams all N·d floats from memory per need; a batch reads
    /// them once. Up to `ParallelSearch.fewQueriesLimit` queries are scanned with the one-query
    /// kernel (exact as they are); a larger batch is one blocked sgemm per 256 queries. The sgemm rounds differently, so it
    /// fetches `pool + batchedSearchMargin` rows, rescores them with `DotKernels` and keeps the
    /// best `pool`. Every row not fetched scored at most the last fetched one under sgemm, hence
    /// at most that plus `tolerance` under `DotKernels` (two dot-product rounding bounds, d·u
    /// each, for vectors of norm up to √2); when the pool's worst exact score is above that,
    /// no row left out could have entered the pool.
    ///
    /// - Complexity: O(Q·N·d) in one blocked product, plus O(Q·(pool + margin)·d) rescoring.
    func semanticPools(_ queries: [MatchQuery], pool: Int) -> [[ScoredIndex]?] {
        let n = catalog.startups.count, d = embeddings.dimension
        guard !queries.isEmpty, n > pool, pool > 0, d > 0, queries.allSatisfy({ $0.vector.count == d }) else {
            return queries.map { _ in nil }
        }
        let vectors = Matrix(rows: queries.count, columns: d, storage: queries.flatMap(\.vector))
        if queries.count <= ParallelSearch.fewQueriesLimit {
            // Scored with the one-query kernel: already each query's own result, bit for bit.
            return startupIndex.search(queries: vectors, k: pool, filter: nil, threads: nil)
                .map { $0.map { ScoredIndex(index: $0.row, score: $0.score) } }
        }
        let fetched = min(n, pool + Self.batchedSearchMargin)
        let hits = startupIndex.search(queries: vectors, k: fetched, filter: nil, threads: nil)
        let tolerance = 4 * Float(d) * Float.ulpOfOne
        return Concurrently.map(count: queries.count) { j in
            var top = TopKAccumulator(k: pool, expectedCandidates: hits[j].count)
            for hit in hits[j] { top.insert(index: hit.row, score: semanticScore(queries[j], startup: hit.row)) }
            let exact = top.sorted()
            guard exact.count == pool, let worst = exact.last else { return nil }
            if hits[j].count == n { return exact }  // every row was fetched
            guard let last = hits[j].last, last.score + tolerance < worst.score else { return nil }
            return exact
        }
    }

    /// ``scored(_:k:options:)`` for many queries at once, in their order, each exactly what
    /// scoring it alone gives: one batched search finds every query's semantic candidates
    /// (``semanticPools(_:pool:)``; under a hard filter each query searches alone), then the
    /// queries are scored in parallel over the cores.
    ///
    /// - Complexity: O(Q·N·d) in one batched search, plus Q scorings split over the cores.
    public func scored(_ queries: [MatchQuery], k: Int, options: RankOptions = RankOptions()) -> [[ScoredCandidate]] {
        let pools = options.requireLanguage || options.withinBudget
            ? queries.map { _ in nil } : semanticPools(queries, pool: options.candidatePool)
        return BLASThreading.withSingleThreadedBLAS {
            Concurrently.map(count: queries.count) { j in
                scored(queries[j], k: k, options: options, searchThreads: 1, semanticPool: pools[j])
            }
        }
    }

    /// ``rank(_:k:options:)`` for many queries at once (as ``scored(_:k:options:)-([MatchQuery],_,_)``),
    /// in their order, with the same results and explanations as ranking each alone.
    ///
    /// - Complexity: as ``scored(_:k:options:)-([MatchQuery],_,_)`` plus the explanations.
    public func rank(_ queries: [MatchQuery], k: Int, options: RankOptions = RankOptions()) -> [[RankedStartup]] {
        let scored = scored(queries, k: k, options: options)
        return Concurrently.map(count: queries.count) { j in
            scored[j].map { candidate in
                RankedStartup(startupID: catalog.startups[candidate.startupIndex].id, startupIndex: candidate.startupIndex,
                              breakdown: explain(queries[j], scored: candidate, evidencePairs: options.evidencePairs))
            }
        }
    }
}
