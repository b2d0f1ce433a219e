/// Ranks startups for a need (or free text) and explains every score exactly.
///
/// Pipeline per query: the vector index and BM25 pick the candidates (the whole catalog when
/// it fits the pool); each candidate's cosine (`DotKernels`) and its clause–statement
/// similarities (``ClauseSimilarity``) round the same whether the pair is ranked or explained alone;
/// constraint facets come from inputs prepared once per startup; ``ScoringModel``
/// scores every candidate, and only the `k` returned get their full explanation (reasons and
/// quoted evidence), from the same facet values, so their scores are unchanged by it.
///
/// A value type: build once per catalog snapshot, share freely across threads.
public struct MatchEngine: Sendable {
    public private(set) var catalog: Catalog
    public let embeddings: CatalogEmbeddings
    public var model: ScoringModel
    /// Exact flat index over the startups' text vectors (shares the embeddings' buffer).
    public let startupIndex: FlatIndex
    /// The statement vectors in 8 bits, to bound candidates' evidence cheaply.
    let statementSketch: VectorSketch
    /// The startup text vectors in 8 bits, to find semantic pools reading a quarter of the bytes.
    let startupSketch: VectorSketch
    let lexical: BM25Index
    let resolver: ReferenceResolver
    let citiesByID: [String: City]
    let needPositions: [String: Int]
    let startupPositions: [String: Int]
    /// Per startup, in catalog order: its fields as the constraint facets read them.
    private(set) var facetLists: StartupFacetLists
    /// The startups with at least one statement: a bit each, so the evidence ceiling of a
    /// scattered candidate reads a cached bit rather than its range from 1.6 MB of ranges.
    let startupsWithStatements: RowFilter

    /// - Complexity: O(total text length) for the BM25 index, the facet inputs and look-ups;
    ///   the BM25 index is built on a second thread while the rest is prepared; O((statements +
    ///   startups) · d) for the 8-bit sketches (one byte per component, quantised on every core).
    public init(catalog: Catalog, embeddings: CatalogEmbeddings, weights: RankerWeights) {
        self.catalog = catalog
        self.embeddings = embeddings
        self.model = ScoringModel(weights: weights)
        // The array is copy-on-write, so the index shares the embeddings' vectors rather than copying them.
        self.startupIndex = try! FlatIndex(dimension: embeddings.startupText.columns, ids: catalog.startups.map(\.id),
                                           storage: VectorStorage(embeddings.startupText.storage))
        self.statementSketch = VectorSketch(embeddings.statementVectors)
        self.startupsWithStatements = RowFilter(count: embeddings.statementRanges.count) { !embeddings.statementRanges[$0].isEmpty }
        self.startupSketch = VectorSketch(embeddings.startupText, layout: .groupsOfEight)
        let resolver = ReferenceResolver(cities: catalog.cities)
        self.resolver = resolver
        let (lexical, inputs) = Concurrently.both(
            { BM25Index(documents: catalog.startups.map { (id: $0.id, text: $0.fullText) }) },
            { StartupFacetLists(catalog.startups, resolver: resolver) })
        self.lexical = lexical
        self.facetLists = inputs
        self.citiesByID = catalog.citiesByID()
        self.needPositions = Dictionary(uniqueKeysWithValues: catalog.needs.enumerated().map { ($1.id, $0) })
        self.startupPositions = Dictionary(uniqueKeysWithValues: catalog.startups.enumerated().map { ($1.id, $0) })
    }

    /// The same engine with one startup's record replaced by `startup` (same id), for
    /// counterfactuals: "what if this startup also delivered in Spanish?". The startup's texts
    /// must be unchanged, so its embeddings and the lexical index stay valid.
    ///
    /// - Complexity: O(the startup's fields) plus the catalog copy.
    public func replacingStartup(_ startup: Startup) -> MatchEngine {
        guard let i = startupPositions[startup.id] else { return self }
        precondition(startup.fullText == catalog.startups[i].fullText
                     && ClauseSplitter.statements(of: startup) == ClauseSplitter.statements(of: catalog.startups[i]),
                     "replacingStartup keeps texts unchanged")
        var copy = self
        var catalog = self.catalog
        catalog.startups[i] = startup
        copy.catalog = catalog
        copy.facetLists.replace(i, with: startup, resolver: resolver)
        return copy
    }

    public func needIndex(_ id: String) -> Int? { needPositions[id] }
    public func startupIndex(_ id: String) -> Int? { startupPositions[id] }
    public func city(_ id: String) -> City? { citiesByID[id] }

    /// The query for catalog need `id`.
    ///
    /// - Complexity: O(clauses · d).
    public func query(forNeed id: String) -> MatchQuery? {
        guard let i = needPositions[id] else { return nil }
        let need = catalog.needs[i]
        return MatchQuery(needID: need.id, text: need.fullText, clauses: embeddings.needClauses[i],
                          vector: embeddings.needText.row(i), clauseVectors: embeddings.needClauseVectors[i],
                          city: citiesByID[need.city], languages: need.languages, budgetUSD: need.budgetUSD,
                          domains: need.domains)
    }

    /// The best `k` startups for `query`, best first (ties: catalog order), each with its full
    /// explanation.
    ///
    /// - Complexity: as ``scored(_:k:options:)`` plus O(k · fields) for the explanations.
    public func rank(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions()) -> [RankedStartup] {
        rank(query, k: k, options: options, semanticPool: nil)
    }

    /// ``rank(_:k:options:)`` with the vector search's result given: `semanticPool` is
    /// `query`'s top `options.candidatePool` startups by cosine, best first, exactly as the
    /// index ranks them (``SearchCoalescer`` finds them for many queries at once). It is
    /// used only when ``searchesUnfiltered(_:options:)``; nil searches as usual.
    ///
    /// - Complexity: as ``rank(_:k:options:)`` without the O(N·d) search.
    public func rank(_ query: MatchQuery, k: Int, options: RankOptions, semanticPool: [ScoredIndex]?) -> [RankedStartup] {
        scored(query, k: k, options: options, searchThreads: nil, semanticPool: semanticPool).map { candidate in
            RankedStartup(startupID: catalog.startups[candidate.startupIndex].id, startupIndex: candidate.startupIndex,
                          breakdown: explain(query, scored: candidate, evidencePairs: options.evidencePairs))
        }
    }

    /// The best `k` startups for `query`, best first (ties: catalog order), scored exactly but
    /// not yet explained: ``explain(_:scored:evidencePairs:)`` builds the breakdown of any of them.
    ///
    /// - Complexity: O(N·d) for the semantic channel, O(postings) for BM25, O(N) for hard
    ///   filters when on, O(clauses · candidate statements · d) for evidence and O(candidates)
    ///   facet evaluations, with candidates ≤ `options.candidatePool`.
    public func scored(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions()) -> [ScoredCandidate] {
        scored(query, k: k, options: options, searchThreads: nil)
    }

    /// ``scored(_:k:options:)`` with the vector search on `searchThreads` threads (nil: the
    /// configured count); callers that already run one query per thread pass 1. A
    /// `semanticPool` from ``semanticPools(_:pool:)`` replaces the search when no hard filter applies.
    func scored(_ query: MatchQuery, k: Int, options: RankOptions, searchThreads: Int?,
                semanticPool: [ScoredIndex]? = nil) -> [ScoredCandidate] {
        guard k > 0 else { return [] }
        var inputs = facetInputs(query)
        let eligible = eligibility(query, inputs, options)
        // Unfiltered and not found by a batch: the sketched search, alone.
        let semanticPool = semanticPool ?? (eligible == nil && searchesUnfiltered(query, options: options)
            ? semanticPools([query], pool: options.candidatePool)[0] : nil)
        let (candidates, semantic, lexical) = self.candidates(query, eligible: eligible, pool: options.candidatePool,
                                                              threads: searchThreads, semanticPool: semanticPool)
        let values = facetLists.withReader { lists in
            candidates.indices.map { offset in
                facetValues(&inputs, lists, startup: candidates[offset], semantic: semantic[offset], lexical: lexical[candidates[offset]],
                            evidence: nil)
            }
        }
        return best(k, of: candidates, values: values, query: query)
    }

    /// The breakdown of one pair, exactly as ``rank(_:k:options:)`` computes it.
    ///
    /// - Complexity: O(N + postings) (the lexical channel is normalised over the catalog).
    public func explain(_ query: MatchQuery, startupIndex i: Int, evidencePairs: Int = 3) -> ScoreBreakdown {
        let alignment = evidenceAlignment(query, candidates: [i])[0]
        var inputs = facetInputs(query)
        let values = facetLists.withReader { lists in
            facetValues(&inputs, lists, startup: i, semantic: semanticScore(query, startup: i), lexical: lexicalScores(query)[i],
                        evidence: alignment.value)
        }
        let candidate = ScoredCandidate(startupIndex: i, values: values, score: model.score(values: values), alignment: alignment.best)
        return explain(query, scored: candidate, evidencePairs: evidencePairs)
    }

    /// The full breakdown of a candidate ``scored(_:k:options:)`` returned for `query`: its
    /// facet values weighted, the `evidencePairs` best clause–statement pairs quoted, and the
    /// reasons. Its `score` equals `candidate.score` bit for bit.
    ///
    /// - Complexity: O(clauses · log clauses + the pair's fields).
    public func explain(_ query: MatchQuery, scored candidate: ScoredCandidate, evidencePairs: Int = 3) -> ScoreBreakdown {
        let i = candidate.startupIndex
        let quoted = candidate.alignment
            .sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.clause < $1.clause }
            .prefix(max(0, evidencePairs))
            .map { EvidencePair(needClause: query.clauses[$0.clause], startupStatement: embeddings.startupStatements[i][$0.statement],
                                similarity: Double($0.similarity)) }
        let reasons = MatchReasons.reasons(query: query, startup: catalog.startups[i], values: candidate.values,
                                           evidence: quoted, resolver: resolver)
        return model.breakdown(values: candidate.values, evidence: quoted, reasons: reasons)
    }

    /// Facet values (nil = missing) for `startups` (default: the candidates `rank` would score),
    /// for training weights: the same computation as ``rank(_:k:options:)``, before weighting.
    ///
    /// - Complexity: as ``rank(_:k:options:)``.
    public func facetTable(_ query: MatchQuery, startups: [Int]? = nil,
                           options: RankOptions = RankOptions()) -> [(startupIndex: Int, values: [Facet: Double?])] {
        let candidates: [Int], semantic: [Float], lexical: [Float]
        if let startups {
            (candidates, lexical) = (startups, lexicalScores(query))
            semantic = startups.map { semanticScore(query, startup: $0) }
        } else {
            (candidates, semantic, lexical) = self.candidates(query, eligible: nil, pool: options.candidatePool, threads: nil)
        }
        var inputs = facetInputs(query)
        let alignments = evidenceAlignment(query, candidates: candidates)
        return candidates.enumerated().map { offset, i in
            let values = facetLists.withReader { lists in
                facetValues(&inputs, lists, startup: i, semantic: semantic[offset], lexical: lexical[i], evidence: alignments[offset].value)
            }
            let b = model.breakdown(values: values)
            return (i, b.contributions.reduce(into: [Facet: Double?]()) { $0[$1.facet] = $1.imputed ? Double?.none : $1.value })
        }
    }
}
