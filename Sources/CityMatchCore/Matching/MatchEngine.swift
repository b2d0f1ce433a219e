/// Ranks startups for a need (or free text) and explains every score exactly.
///
/// Pipeline per query: one sgemv gives the semantic cosine against every startup and BM25 the
/// lexical score; the best of both channels form the candidates (the whole catalog when it
/// fits the pool); one sgemm of the query's clauses against the candidates' statements gives
/// the evidence alignment; constraint facets come from the records; ``ScoringModel`` sums it all.
///
/// A value type: build once per catalog snapshot, share freely across threads.
public struct MatchEngine: Sendable {
    public private(set) var catalog: Catalog
    public let embeddings: CatalogEmbeddings
    public var model: ScoringModel
    /// Exact flat index over the startups' text vectors (shares the embeddings' buffer).
    public let startupIndex: FlatIndex
    let lexical: BM25Index
    let resolver: ReferenceResolver
    let citiesByID: [String: City]
    let needPositions: [String: Int]
    let startupPositions: [String: Int]

    /// - Complexity: O(total text length) for the BM25 index and look-ups.
    public init(catalog: Catalog, embeddings: CatalogEmbeddings, weights: RankerWeights) {
        self.catalog = catalog
        self.embeddings = embeddings
        self.model = ScoringModel(weights: weights)
        // The array is copy-on-write, so the index shares the embeddings' vectors rather than copying them.
        self.startupIndex = try! FlatIndex(dimension: embeddings.startupText.columns, ids: catalog.startups.map(\.id),
                                           storage: VectorStorage(embeddings.startupText.storage))
        self.lexical = BM25Index(documents: catalog.startups.map { (id: $0.id, text: $0.fullText) })
        self.resolver = ReferenceResolver(cities: catalog.cities)
        self.citiesByID = catalog.citiesByID()
        self.needPositions = Dictionary(uniqueKeysWithValues: catalog.needs.enumerated().map { ($1.id, $0) })
        self.startupPositions = Dictionary(uniqueKeysWithValues: catalog.startups.enumerated().map { ($1.id, $0) })
    }

    /// The same engine with one startup's record replaced by `startup` (same id), for
    /// counterfactuals: "what if this startup also delivered in Spanish?". The startup's texts
    /// must be unchanged, so its embeddings and the lexical index stay valid.
    ///
    /// - Complexity: O(1) plus the catalog copy.
    public func replacingStartup(_ startup: Startup) -> MatchEngine {
        guard let i = startupPositions[startup.id] else { return self }
        precondition(startup.fullText == catalog.startups[i].fullText
                     && ClauseSplitter.statements(of: startup) == ClauseSplitter.statements(of: catalog.startups[i]),
                     "replacingStartup keeps texts unchanged")
        var copy = self
        var catalog = self.catalog
        catalog.startups[i] = startup
        copy.catalog = catalog
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

    /// Domain tags for a query that states none (free text): the tags shared by at least two
    /// of the five startups closest to it by cosine, most frequent first. Empty when none is shared.
    ///
    /// - Complexity: O(N·d).
    public func inferredDomains(for query: MatchQuery, neighbours: Int = 5) -> [String] {
        guard embeddings.startupText.rows > 0 else { return [] }
        let scores = embeddings.startupText.multiplied(by: query.vector)
        var votes: [String: Int] = [:]
        var order: [String] = []
        for hit in TopK.select(scores, k: neighbours) {
            var seen = Set<String>()
            for tag in catalog.startups[hit.index].domains ?? [] where seen.insert(tag).inserted {
                if votes[tag] == nil { order.append(tag) }
                votes[tag, default: 0] += 1
            }
        }
        // Most votes first; ties keep the order in which the closest startups list them.
        return order.enumerated().filter { votes[$0.element]! >= 2 }
            .sorted { (votes[$0.element]!, -$0.offset) > (votes[$1.element]!, -$1.offset) }
            .map(\.element)
    }

    /// The best `k` startups for `query`, best first (ties: catalog order).
    ///
    /// - Complexity: O(N·d) for the semantic channel, O(postings) for BM25, and
    ///   O(clauses · candidate statements · d) for evidence, with candidates ≤ `options.candidatePool`.
    public func rank(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions()) -> [RankedStartup] {
        let eligible = (0..<catalog.startups.count).filter { passesFilters(catalog.startups[$0], query, options) }
        let (candidates, channels) = candidatesAndChannels(query, eligible: eligible, pool: options.candidatePool)
        let evidence = evidenceAlignment(query, candidates: candidates, pairs: options.evidencePairs)
        var ranked = candidates.enumerated().map { offset, i in
            RankedStartup(startupID: catalog.startups[i].id, startupIndex: i,
                          breakdown: breakdown(query, startup: i, channels: channels, evidence: evidence[offset]))
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.startupIndex < $1.startupIndex }
        return Array(ranked.prefix(max(0, k)))
    }

    /// The breakdown of one pair, exactly as ``rank(_:k:options:)`` computes it.
    ///
    /// - Complexity: O(N·d) (the lexical and semantic channels are normalised over the catalog).
    public func explain(_ query: MatchQuery, startupIndex i: Int, evidencePairs: Int = 3) -> ScoreBreakdown {
        let channels = channelScores(query)
        let evidence = evidenceAlignment(query, candidates: [i], pairs: evidencePairs)
        return breakdown(query, startup: i, channels: channels, evidence: evidence[0])
    }

    // MARK: Channels

    struct ChannelScores {
        var semantic: [Float]
        var lexical: [Float]
    }

    /// Dense scores of both channels for every startup: one sgemv and one BM25 pass.
    func channelScores(_ query: MatchQuery) -> ChannelScores {
        let semantic = embeddings.startupText.rows > 0 ? embeddings.startupText.multiplied(by: query.vector) : []
        let lexical = BM25Index.normalizedByMaximum(self.lexical.scores(query: query.text))
        return ChannelScores(semantic: semantic, lexical: lexical)
    }

    /// The candidates to score exactly, and the channel scores they need. Catalogs that fit the
    /// pool are scored in full; larger ones take the vector index's top `pool` by cosine and
    /// BM25's top `pool / 2`, and cosines are computed only for those.
    func candidatesAndChannels(_ query: MatchQuery, eligible: [Int], pool: Int) -> ([Int], ChannelScores) {
        guard eligible.count > pool else { return (eligible, channelScores(query)) }
        let n = catalog.startups.count
        let filter = RowFilter(count: n, allowing: eligible)
        let lexical = BM25Index.normalizedByMaximum(self.lexical.scores(query: query.text))
        var semantic = [Float](repeating: 0, count: n)
        var chosen = Set<Int>()
        for hit in startupIndex.search(query: query.vector, k: pool, filter: filter) {
            semantic[hit.row] = hit.score
            chosen.insert(hit.row)
        }
        let d = embeddings.dimension
        embeddings.startupText.storage.withUnsafeBufferPointer { rows in
            query.vector.withUnsafeBufferPointer { q in
                for hit in TopK.select(lexical, k: pool / 2, filter: filter) where chosen.insert(hit.index).inserted {
                    semantic[hit.index] = BLAS.dot(rows.baseAddress! + hit.index * d, q.baseAddress!, count: d)
                }
            }
        }
        return (chosen.sorted(), ChannelScores(semantic: semantic, lexical: lexical))
    }

    func passesFilters(_ startup: Startup, _ query: MatchQuery, _ options: RankOptions) -> Bool {
        if options.requireLanguage, let required = query.languages, !required.isEmpty {
            guard let offered = startup.languages, Set(required).isSubset(of: offered) else { return false }
        }
        if options.withinBudget, let budget = query.budgetUSD, let minimum = startup.minContractUSD, minimum > budget {
            return false
        }
        return true
    }

    // MARK: Evidence

    struct Alignment {
        var value: Double?
        var pairs: [EvidencePair]
    }

    /// One sgemm of the query's clauses against every candidate statement; each clause takes
    /// its best statement within each candidate.
    func evidenceAlignment(_ query: MatchQuery, candidates: [Int], pairs: Int) -> [Alignment] {
        let d = embeddings.dimension
        let clauseCount = query.clauseVectors.rows
        var rows: [Float] = []
        var ranges: [Range<Int>] = []
        for i in candidates {
            let r = embeddings.statementRanges[i]
            let start = rows.count / max(d, 1)
            rows += embeddings.statementVectors.storage[r.lowerBound * d ..< r.upperBound * d]
            ranges.append(start..<start + r.count)
        }
        let statements = Matrix(rows: rows.count / max(d, 1), columns: d, storage: rows)
        guard clauseCount > 0, statements.rows > 0 else {
            return candidates.map { _ in Alignment(value: nil, pairs: []) }
        }
        let similarity = query.clauseVectors.multiplied(by: statements, transposeOther: true)  // clauses × statements
        return candidates.enumerated().map { offset, i in
            let range = ranges[offset]
            guard !range.isEmpty else { return Alignment(value: nil, pairs: []) }
            var best: [(clause: Int, statement: Int, similarity: Float)] = []
            for c in 0..<clauseCount {
                var top = (statement: range.lowerBound, similarity: -Float.infinity)
                for s in range where similarity[c, s] > top.similarity { top = (s, similarity[c, s]) }
                best.append((c, top.statement - range.lowerBound, top.similarity))
            }
            let value = best.reduce(0.0) { $0 + Double(max(0, $1.similarity)) } / Double(best.count)
            let quoted = best.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.clause < $1.clause }
                .prefix(pairs)
                .map { EvidencePair(needClause: query.clauses[$0.clause],
                                    startupStatement: embeddings.startupStatements[i][$0.statement],
                                    similarity: Double($0.similarity)) }
            return Alignment(value: value, pairs: Array(quoted))
        }
    }

    // MARK: Facets

    func breakdown(_ query: MatchQuery, startup i: Int, channels: ChannelScores, evidence: Alignment) -> ScoreBreakdown {
        let startup = catalog.startups[i]
        var values: [Facet: Double?] = [:]
        values[.semantic] = Double(max(0, channels.semantic[i]))
        values[.evidence] = evidence.value
        values[.lexical] = Double(channels.lexical[i])
        values[.domains] = ConstraintFacets.domains(query.domains, startup.domains)
        values[.language] = ConstraintFacets.language(required: query.languages, offered: startup.languages)
        values[.budget] = ConstraintFacets.budget(budgetUSD: query.budgetUSD, minimumContractUSD: startup.minContractUSD)
        values[.trackRecord] = ConstraintFacets.trackRecord(city: query.city, references: startup.references, resolver: resolver)
        values[.market] = ConstraintFacets.market(city: query.city, markets: startup.markets)
        values[.workingLanguage] = ConstraintFacets.workingLanguage(cityLanguages: query.city?.languages, offered: startup.languages)
        values[.dealSize] = ConstraintFacets.dealSize(budgetUSD: query.budgetUSD, minimumContractUSD: startup.minContractUSD)
        let reasons = MatchReasons.reasons(query: query, startup: startup, values: values, evidence: evidence.pairs, resolver: resolver)
        return model.breakdown(values: values, evidence: evidence.pairs, reasons: reasons)
    }

    /// Facet values (nil = missing) for `startups` (default: the candidates `rank` would score),
    /// for training weights: the same computation as ``rank(_:k:options:)``, before weighting.
    ///
    /// - Complexity: as ``rank(_:k:options:)``.
    public func facetTable(_ query: MatchQuery, startups: [Int]? = nil,
                           options: RankOptions = RankOptions()) -> [(startupIndex: Int, values: [Facet: Double?])] {
        let candidates: [Int], channels: ChannelScores
        if let startups {
            (candidates, channels) = (startups, channelScores(query))
        } else {
            (candidates, channels) = candidatesAndChannels(query, eligible: Array(0..<catalog.startups.count), pool: options.candidatePool)
        }
        let evidence = evidenceAlignment(query, candidates: candidates, pairs: 0)
        return candidates.enumerated().map { offset, i in
            let b = breakdown(query, startup: i, channels: channels, evidence: evidence[offset])
            return (i, b.contributions.reduce(into: [Facet: Double?]()) { $0[$1.facet] = $1.imputed ? Double?.none : $1.value })
        }
    }
}
