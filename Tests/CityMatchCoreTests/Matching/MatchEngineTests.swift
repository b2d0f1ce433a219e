import Testing
@testable import CityMatchCore

@Suite struct MatchEngineTests {
    @Test func rankingIsSortedExactAndExplained() throws {
        let engine = try EngineFixture.engine()
        for need in EngineFixture.catalog.needs {
            let query = try #require(engine.query(forNeed: need.id))
            let ranked = engine.rank(query, k: 10)
            #expect(ranked.count == EngineFixture.catalog.startups.count)  // k > N gives N
            for (a, b) in zip(ranked, ranked.dropFirst()) { #expect(a.score >= b.score) }
            for r in ranked {
                let sum = r.breakdown.contributions.reduce(0) { $0 + $1.contribution }
                #expect(abs(sum - r.score) < 1e-6)
                // explain() recomputes the same pair alone and must agree exactly.
                let alone = engine.explain(query, startupIndex: r.startupIndex)
                #expect(abs(alone.score - r.score) < 1e-9)
                #expect(alone.contributions == r.breakdown.contributions)
            }
        }
    }

    @Test func theRightStartupWinsAndReasonsSayWhy() throws {
        // The stand-in encoder only sees shared words, so weigh the city's constraints equally with the texts.
        let engine = try EngineFixture.engine(weights: .uniform)
        let waste = engine.rank(engine.query(forNeed: "seoul-waste")!, k: 2)
        #expect(waste.first?.startupID == "binsense")
        let reasons = waste[0].breakdown.reasons
        #expect(reasons.contains("delivers in Korean, as required"))
        #expect(reasons.contains("minimum contract $50k fits the $200k budget"))
        #expect(reasons.contains("lists South Korea among its markets"))
        let cart = engine.explain(engine.query(forNeed: "seoul-waste")!, startupIndex: engine.startupIndex("alleycart")!)
        #expect(cart.reasons.contains("minimum contract $400k exceeds the $200k budget"))
        #expect(cart.reasons.contains("does not deliver in Korean, which the need requires"))
        #expect(!waste[0].breakdown.evidence.isEmpty)
        #expect(engine.rank(engine.query(forNeed: "bogota-bus")!, k: 1).first?.startupID == "busclock")
    }

    @Test func hardFiltersRemoveCandidates() throws {
        let engine = try EngineFixture.engine()
        let query = engine.query(forNeed: "seoul-waste")!
        let language = engine.rank(query, k: 10, options: RankOptions(requireLanguage: true)).map(\.startupID)
        #expect(language == ["binsense"])
        let budget = engine.rank(query, k: 10, options: RankOptions(withinBudget: true)).map(\.startupID)
        #expect(!budget.contains("alleycart") && budget.contains("ledgerly"))  // an unknown minimum passes
    }

    @Test func missingOptionalFieldsAreImputedNotPenalised() throws {
        let engine = try EngineFixture.engine()
        let b = engine.explain(engine.query(forNeed: "bogota-open")!, startupIndex: engine.startupIndex("ledgerly")!)
        for facet in [Facet.language, .budget, .market, .trackRecord, .domains] {
            #expect(b.contributions.first { $0.facet == facet }!.imputed, "\(facet)")
        }
    }

    @Test func aSmallCandidatePoolKeepsTheTopResults() throws {
        let engine = try EngineFixture.engine()
        let query = engine.query(forNeed: "bogota-bus")!
        let full = engine.rank(query, k: 1)
        var options = RankOptions()
        options.candidatePool = 2
        #expect(engine.rank(query, k: 1, options: options).map(\.startupID) == full.map(\.startupID))
    }

    @Test func inferredDomainsComeFromNeighbours() throws {
        let engine = try EngineFixture.engine()
        var query = engine.query(forNeed: "seoul-waste")!
        query.domains = nil
        #expect(engine.inferredDomains(for: query, neighbours: 2) == ["waste"])
    }

    /// Ranking many needs at once (one batched search, scored in parallel) gives each need
    /// exactly its own ranking, explanations included, with and without hard filters.
    @Test(arguments: [40, 1_000])
    func rankingManyEqualsRankingEachAlone(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: LazyScoringTests.synthetic)
        let queries = try LazyScoringTests.synthetic.needs.map { try #require(engine.query(forNeed: $0.id)) }
        for (requireLanguage, withinBudget) in [(false, false), (true, false), (false, true)] {
            var options = RankOptions(requireLanguage: requireLanguage, withinBudget: withinBudget)
            options.candidatePool = pool
            let together = engine.rank(queries, k: 9, options: options)
            #expect(together.count == queries.count)
            for (query, ranked) in zip(queries, together) {
                let alone = engine.rank(query, k: 9, options: options)
                #expect(ranked.map(\.startupIndex) == alone.map(\.startupIndex))
                #expect(ranked.map(\.breakdown) == alone.map(\.breakdown))
            }
        }
    }
}
