extension MatchEngine {
    /// Rows the sketched search fetches beyond the pool, from which the exact pool is
    /// recovered: as many as the pool. At 100,000 startups ~500 rows lie within the sketch's
    /// error of the 1,000th cosine; with 500 extra rows (and one width for every row) 56% of
    /// pools were left uncertified. Rows are rescored only as far as the certificate needs.
    ///
    /// - Complexity: O(1).
    static func sketchedSearchMargin(pool: Int) -> Int { max(256, pool) }

    /// For each query, its top `pool` startups with their cosines, exactly as the one-query
    /// float search ranks them (`DotKernels` rounding, ties to the lower row); nil for every
    /// query when the catalog fits the pool (nothing to search) or the vectors do not match.
    ///
    /// Why: an exact scan streams all N·d floats of the startup vectors (154 MB at 100,000 ×
    /// 384), and a few queries' scan was a third of the server's time. The 8-bit
    /// ``VectorSketch`` of the same vectors is a quarter of the bytes: each query takes its
    /// best `pool + margin` rows by an upper bound on their cosine
    /// (``VectorSketch/bestUpperBounds(_:count:threads:)``) and rescores them with
    /// `DotKernels` in that order, until the pool is full and the next bound is below its
    /// worst exact cosine: no row after it, fetched or not, could have entered or tied the
    /// pool (~1,250 rescored for a pool of 1,000 at 100,000 startups). A query that cannot be certified (a band of
    /// near-ties wider than the margin) is searched again with the exact float scan, so every
    /// result is exact.
    ///
    /// - Complexity: O(Q·N·d) multiply–adds over N·(d + 8) bytes, plus at most
    ///   O(Q·(pool + margin)·d) rescoring, plus an exact O(N·d) scan per query not certified.
    func semanticPools(_ queries: [MatchQuery], pool: Int) -> [[ScoredIndex]?] {
        semanticPoolSearch(queries, pool: pool).pools
    }

    /// ``semanticPools(_:pool:)`` with the number of queries the sketch could not certify
    /// (searched again over the floats): the server counts them, a sign the margin is too
    /// small for its catalog.
    ///
    /// - Complexity: as ``semanticPools(_:pool:)``.
    func semanticPoolSearch(_ queries: [MatchQuery], pool: Int) -> (pools: [[ScoredIndex]?], rescanned: Int) {
        let n = catalog.startups.count, d = embeddings.dimension
        guard !queries.isEmpty, n > pool, pool > 0, d > 0, queries.allSatisfy({ $0.vector.count == d }) else {
            return (queries.map { _ in nil }, 0)
        }
        let vectors = Matrix(rows: queries.count, columns: d, storage: queries.flatMap(\.vector))
        let fetched = min(n, pool + Self.sketchedSearchMargin(pool: pool))
        let hits = startupSketch.bestUpperBounds(vectors, count: fetched)
        var pools: [[ScoredIndex]?] = Concurrently.map(count: queries.count) { j in
            certifiedPool(queries[j], pool: pool, bounds: hits[j], everyRow: hits[j].count == n)
        }
        // The float index's few-query scan rounds as `DotKernels.dot` (its sgemm path for
        // larger batches does not), so the uncertified are rescanned at most that many at once.
        let uncertified = pools.indices.filter { pools[$0] == nil }
        for start in stride(from: 0, to: uncertified.count, by: ParallelSearch.fewQueriesLimit) {
            let group = Array(uncertified[start ..< min(uncertified.count, start + ParallelSearch.fewQueriesLimit)])
            let exact = startupIndex.search(queries: Matrix(rows: group.count, columns: d, storage: group.flatMap { queries[$0].vector }),
                                            k: pool, filter: nil, threads: nil)
            for (j, found) in zip(group, exact) { pools[j] = found.map { ScoredIndex(index: $0.row, score: $0.score) } }
        }
        return (pools, uncertified.count)
    }

    /// Rows rescored between two checks of the certificate.
    static let rescoreBlock = 32

    /// `query`'s exact top `pool` from `bounds` (rows best first by an upper bound on their
    /// cosine), rescoring rows in that order only until the pool is full and the next bound
    /// is below its worst exact cosine: every row after it, fetched or not, is below too.
    /// Nil when the bounds run out first without that, unless they hold `everyRow`.
    ///
    /// - Complexity: O(r·d + r log pool) for the r rows rescored.
    private func certifiedPool(_ query: MatchQuery, pool: Int, bounds: [ScoredIndex], everyRow: Bool) -> [ScoredIndex]? {
        var top = TopKAccumulator(k: pool, expectedCandidates: bounds.count)
        var worst = KBestScores(k: pool)
        var next = 0
        while next < bounds.count {
            if let threshold = worst.threshold, Double(bounds[next].score) < threshold { return top.sorted() }
            for hit in bounds[next ..< min(bounds.count, next + Self.rescoreBlock)] {
                let cosine = semanticScore(query, startup: hit.index)
                top.insert(index: hit.index, score: cosine)
                worst.insert(Double(cosine))
            }
            next = min(bounds.count, next + Self.rescoreBlock)
        }
        guard top.count == pool else { return nil }
        if everyRow { return top.sorted() }
        // Every row fetched was rescored; those left out are bounded by the last bound fetched.
        guard let last = bounds.last, let threshold = worst.threshold, Double(last.score) < threshold else { return nil }
        return top.sorted()
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
