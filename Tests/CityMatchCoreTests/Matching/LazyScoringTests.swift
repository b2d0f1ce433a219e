import Testing
@testable import CityMatchCore

/// `rank` scores every candidate cheaply and explains only the results it returns; these
/// tests hold the cheap path to the full one: same values, same scores bit for bit, same order.
@Suite struct LazyScoringTests {
    /// A synthetic catalog large enough that a small candidate pool takes the search path.
    static let synthetic: Catalog = {
        let s = CatalogSynthesizer(parameters: .init(cities: 12, needs: 30, startups: 240, seed: 5, judgmentsPerNeed: 0))
        return Catalog(cities: (0..<12).map(s.city), needs: (0..<30).map(s.need), startups: (0..<240).map(s.startup))
    }()

    static func options(pool: Int, requireLanguage: Bool = false, withinBudget: Bool = false) -> RankOptions {
        var options = RankOptions(requireLanguage: requireLanguage, withinBudget: withinBudget)
        options.candidatePool = pool
        return options
    }

    @Test(arguments: [1_000, 40])
    func returnedScoresEqualTheirExplanationsExactly(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: Self.synthetic)
        for need in Self.synthetic.needs {
            let query = try #require(engine.query(forNeed: need.id))
            let options = Self.options(pool: pool)
            let scored = engine.scored(query, k: 15, options: options)
            let ranked = engine.rank(query, k: 15, options: options)
            #expect(scored.map(\.startupIndex) == ranked.map(\.startupIndex))
            for (s, r) in zip(scored, ranked) {
                // Bit-identical, not merely close: the score shown is the sum of the parts shown.
                #expect(r.score == s.score)
                #expect(r.breakdown.contributions.reduce(0) { $0 + $1.contribution } == r.score)
                #expect(FacetValues(r.breakdown.contributions.reduce(into: [Facet: Double?]()) { $0[$1.facet] = $1.imputed ? nil : $1.value })
                        == FacetValues(s.values.dictionary.mapValues { $0.map(ScoringModel.clamp) }))
            }
            for (a, b) in zip(ranked, ranked.dropFirst()) {
                #expect(a.score > b.score || (a.score == b.score && a.startupIndex < b.startupIndex))
            }
            // A shorter list is a prefix of a longer one, explanations included.
            let short = engine.rank(query, k: 4, options: options)
            #expect(short.map(\.startupIndex) == Array(ranked.prefix(4)).map(\.startupIndex))
            #expect(short.map(\.breakdown) == Array(ranked.prefix(4)).map(\.breakdown))
        }
    }

    @Test(arguments: [1_000, 40])
    func rankedPairsAgreeWithExplainingEachAlone(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: Self.synthetic)
        for need in Self.synthetic.needs.prefix(8) {
            let query = try #require(engine.query(forNeed: need.id))
            let all = engine.rank(query, k: Self.synthetic.startups.count, options: Self.options(pool: pool))
            #expect(pool >= Self.synthetic.startups.count ? all.count == Self.synthetic.startups.count : (pool...pool * 3 / 2).contains(all.count))
            for r in all {
                #expect(engine.explain(query, startupIndex: r.startupIndex) == r.breakdown)
            }
        }
    }

    @Test func preparedFacetInputsGiveTheSameValuesAsTheRecords() throws {
        let engine = try EngineFixture.engine(catalog: Self.synthetic)
        let resolver = ReferenceResolver(cities: Self.synthetic.cities)
        for need in Self.synthetic.needs.prefix(10) {
            var query = try #require(engine.query(forNeed: need.id))
            query.languages = query.languages ?? ["en", "fr"]
            let table = engine.facetTable(query, startups: Array(Self.synthetic.startups.indices))
            for row in table {
                let s = Self.synthetic.startups[row.startupIndex]
                let expected: [Facet: Double?] = [
                    .domains: ConstraintFacets.domains(query.domains, s.domains),
                    .language: ConstraintFacets.language(required: query.languages, offered: s.languages),
                    .budget: ConstraintFacets.budget(budgetUSD: query.budgetUSD, minimumContractUSD: s.minContractUSD),
                    .trackRecord: ConstraintFacets.trackRecord(city: query.city, references: s.references, resolver: resolver),
                    .market: ConstraintFacets.market(city: query.city, markets: s.markets),
                    .workingLanguage: ConstraintFacets.workingLanguage(cityLanguages: query.city?.languages, offered: s.languages),
                    .dealSize: ConstraintFacets.dealSize(budgetUSD: query.budgetUSD, minimumContractUSD: s.minContractUSD),
                ]
                for (facet, value) in expected { #expect(row.values[facet]! == value, "\(facet) \(s.id)") }
            }
        }
    }

    @Test(arguments: [1_000, 40])
    func hardFiltersKeepExactlyTheStartupsThatPass(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: Self.synthetic)
        for need in Self.synthetic.needs.prefix(10) {
            var query = try #require(engine.query(forNeed: need.id))
            query.languages = ["en"]
            query.budgetUSD = query.budgetUSD ?? 150_000
            let options = Self.options(pool: pool, requireLanguage: true, withinBudget: true)
            let ranked = engine.rank(query, k: Self.synthetic.startups.count, options: options)
            let passing = Self.synthetic.startups.indices.filter { i in
                let s = Self.synthetic.startups[i]
                guard let offered = s.languages, offered.contains("en") else { return false }
                if let minimum = s.minContractUSD, minimum > query.budgetUSD! { return false }
                return true
            }
            #expect(Set(ranked.map(\.startupIndex)).isSubset(of: Set(passing)))
            if passing.count <= pool { #expect(ranked.count == passing.count) }
        }
    }

    @Test func scoreAloneIsTheBreakdownsScoreBitForBit() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<2_000 {
            let weights = RankerWeights(weights: Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, rng.nextUnitDouble()) }), method: "test")
            var values = FacetValues()
            for f in Facet.allCases { values[f] = rng.nextUnitDouble() < 0.3 ? nil : rng.nextUnitDouble() * 1.2 - 0.1 }
            let model = ScoringModel(weights: weights)
            #expect(model.score(values: values) == model.breakdown(values: values).score)
            #expect(model.breakdown(values: values) == model.breakdown(values: values.dictionary))
        }
    }

    @Test(arguments: [1_000, 40])
    func rankingWhileInferringDomainsEqualsInferringThenRanking(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: Self.synthetic)
        for need in Self.synthetic.needs.prefix(10) {
            var query = try #require(engine.query(forNeed: need.id))
            query.domains = nil
            let (inferred, results) = engine.rankInferringDomains(query, k: 10, options: Self.options(pool: pool))
            var expected = query
            expected.domains = engine.inferredDomains(for: query)
            #expect(inferred.domains == expected.domains)
            let reference = engine.rank(expected, k: 10, options: Self.options(pool: pool))
            #expect(results.map(\.startupIndex) == reference.map(\.startupIndex))
            #expect(results.map(\.breakdown) == reference.map(\.breakdown))
        }
    }
}
