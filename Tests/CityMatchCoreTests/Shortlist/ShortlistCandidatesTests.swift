import Testing
@testable import CityMatchCore

/// Shortlist pairs are scored over the cores; they must equal scoring one need at a time.
@Suite struct ShortlistCandidatesTests {
    /// The sequential reference: each need ranked in catalog order, each startup's best need kept.
    static func sequentialPairs(_ engine: MatchEngine, options: RankOptions, perNeed: Int) -> [(ShortlistCandidate, ScoreBreakdown)] {
        let catalog = engine.catalog
        let depth = catalog.startups.count <= options.candidatePool ? catalog.startups.count : perNeed
        var best: [String: [Int: (ShortlistCandidate, ScoreBreakdown)]] = [:]
        for need in catalog.needs {
            let query = engine.query(forNeed: need.id)!
            for r in engine.rank(query, k: depth, options: options) {
                if let existing = best[need.city]?[r.startupIndex], existing.0.score >= r.score { continue }
                let s = catalog.startups[r.startupIndex]
                best[need.city, default: [:]][r.startupIndex] =
                    (ShortlistCandidate(city: need.city, startup: s.id, startupCountry: s.country, score: r.score, need: need.id), r.breakdown)
            }
        }
        return catalog.cities.flatMap { city in (best[city.id] ?? [:]).sorted { $0.key < $1.key }.map(\.value) }
    }

    @Test(arguments: [1_000, 30])
    func parallelPairsEqualSequentialPairs(pool: Int) throws {
        // More needs than one batch, so several batches run and merge.
        let s = CatalogSynthesizer(parameters: .init(cities: 40, needs: 150, startups: 200, seed: 9, judgmentsPerNeed: 0))
        let catalog = Catalog(cities: (0..<40).map(s.city), needs: (0..<150).map(s.need), startups: (0..<200).map(s.startup))
        let engine = try EngineFixture.engine(catalog: catalog)
        var options = RankOptions()
        options.candidatePool = pool
        var reported: [Int] = []
        let pairs = ShortlistCandidates.pairs(engine, options: options, perNeed: 12) { done, total in
            #expect(total == 150)
            reported.append(done)
        }
        let expected = Self.sequentialPairs(engine, options: options, perNeed: 12)
        #expect(pairs.map(\.candidate) == expected.map(\.0))
        #expect(pairs.map { $0.breakdown(in: engine) } == expected.map(\.1))
        #expect(reported.last == 150 && reported == reported.sorted())
        for pair in pairs { #expect(pair.breakdown(in: engine).score == pair.candidate.score) }
    }

    @Test func batchedSemanticPoolsAreEachQuerysOwnSearch() throws {
        // More startups than pool + margin, so the certified (not the fetch-everything) path runs.
        let s = CatalogSynthesizer(parameters: .init(cities: 10, needs: 40, startups: 420, seed: 4, judgmentsPerNeed: 0))
        let catalog = Catalog(cities: (0..<10).map(s.city), needs: (0..<40).map(s.need), startups: (0..<420).map(s.startup))
        let engine = try EngineFixture.engine(catalog: catalog)
        let queries = catalog.needs.map { engine.query(forNeed: $0.id)! }
        for pool in [20, 100] {
            let pools = engine.semanticPools(queries, pool: pool)
            #expect(pools.allSatisfy { $0 != nil })
            for (query, rows) in zip(queries, pools) {
                let own = engine.startupIndex.search(query: query.vector, k: pool)
                #expect(rows?.map(\.index) == own.map(\.row))
                #expect(rows?.map(\.score) == own.map(\.score))
            }
        }
        #expect(engine.semanticPools(queries, pool: 420).allSatisfy { $0 == nil })  // the catalog fits the pool
    }
}
