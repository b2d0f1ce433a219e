import Testing
@testable import CityMatchCore

/// The evidence facet is computed only for candidates that can still reach the top k; these
/// tests hold that shortcut to scoring every candidate in full.
@Suite struct BestCandidatesTests {
    static func options(pool: Int) -> RankOptions {
        var options = RankOptions()
        options.candidatePool = pool
        return options
    }

    @Test(arguments: [1_000, 40])
    func topKEqualsScoringEveryCandidate(pool: Int) throws {
        let engine = try EngineFixture.engine(catalog: LazyScoringTests.synthetic)
        let everyone = LazyScoringTests.synthetic.startups.count
        for need in LazyScoringTests.synthetic.needs {
            let query = try #require(engine.query(forNeed: need.id))
            // k at least the candidate count scores every candidate: no bound is used.
            let full = engine.scored(query, k: everyone, options: Self.options(pool: pool))
            for k in [1, 3, 10, 25] {
                let top = engine.scored(query, k: k, options: Self.options(pool: pool))
                #expect(top.map(\.startupIndex) == full.prefix(k).map(\.startupIndex), "need \(need.id) k=\(k)")
                #expect(top.map(\.score.bitPattern) == full.prefix(k).map(\.score.bitPattern), "need \(need.id) k=\(k)")
                #expect(top.map(\.values) == full.prefix(k).map(\.values))
            }
        }
    }

    /// The bound needs non-negative weights; `RankerWeights` clamps a negative one to 0, so
    /// every model the engine can hold qualifies.
    @Test func everyModelAdmitsTheBound() {
        var weights = [Facet: Double]()
        for facet in Facet.allCases { weights[facet] = 0.1 }
        weights[.evidence] = -0.3
        let clamped = RankerWeights(weights: weights, method: "test")
        #expect(Facet.allCases.allSatisfy { clamped.weight($0) >= 0 })
        #expect(ScoringModel(weights: clamped).scoreRisesWithEveryFacet)
        #expect(ScoringModel(weights: ShippedRanker.weights).scoreRisesWithEveryFacet)
    }

    /// A higher facet value never lowers the score (the property the bound relies on), with
    /// missing facets imputed from the rest.
    @Test func scoreNeverFallsWhenAFacetRises() {
        var rng = SplitMix64(seed: 21)
        for _ in 0..<2_000 {
            let weights = RankerWeights(weights: Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, rng.nextUnitDouble()) }), method: "test")
            let model = ScoringModel(weights: weights)
            var values = FacetValues()
            for f in Facet.allCases { values[f] = rng.nextUnitDouble() < 0.3 ? nil : rng.nextUnitDouble() }
            for facet in Facet.allCases {
                guard let value = values[facet] else { continue }
                var raised = values
                raised[facet] = min(1, value + rng.nextUnitDouble() * (1 - value))
                #expect(model.score(values: raised) >= model.score(values: values))
                raised[facet] = 1
                #expect(model.score(values: raised) >= model.score(values: values))
            }
        }
    }

    @Test func keptScoresTrackTheKthBest() {
        var rng = SplitMix64(seed: 22)
        for k in [1, 2, 5, 17] {
            var kept = KBestScores(k: k)
            var seen: [Double] = []
            for _ in 0..<200 {
                let score = Double(rng.nextInt(below: 50)) / 7
                kept.insert(score)
                seen.append(score)
                let expected = seen.count >= k ? seen.sorted(by: >)[k - 1] : nil
                #expect(kept.threshold == expected, "k=\(k)")
            }
        }
        var none = KBestScores(k: 0)
        none.insert(1)
        #expect(none.threshold == nil)
    }

    /// Each (clause, statement) similarity has the same bits whatever the clause count, i.e.
    /// whichever block of four (full or padded) the clause falls in.
    @Test func clauseSimilarityIsTheSameForAnyClauseCount() {
        var rng = SplitMix64(seed: 23)
        for d in [7, 8, 33, 384] {
            let statements = Matrix(rowVectors: (0..<5).map { _ in rng.floats(d) })
            let clauses = Matrix(rowVectors: (0..<9).map { _ in rng.floats(d) })
            clauses.storage.withUnsafeBufferPointer { c in
                statements.storage.withUnsafeBufferPointer { s in
                    var alone = [Float](repeating: .nan, count: 9 * 5)
                    for i in 0..<9 {
                        alone.withUnsafeMutableBufferPointer { out in
                            ClauseSimilarity.compute(clauses: c.baseAddress! + i * d, clauseCount: 1, statements: s.baseAddress!,
                                                     statementCount: 5, dimension: d, into: out.baseAddress! + i * 5)
                        }
                    }
                    for count in 1...9 {
                        var together = [Float](repeating: .nan, count: count * 5)
                        together.withUnsafeMutableBufferPointer { out in
                            ClauseSimilarity.compute(clauses: c.baseAddress!, clauseCount: count, statements: s.baseAddress!,
                                                     statementCount: 5, dimension: d, into: out.baseAddress!)
                        }
                        #expect(together.map(\.bitPattern) == Array(alone.prefix(count * 5)).map(\.bitPattern), "d=\(d) clauses=\(count)")
                    }
                }
            }
        }
    }

    @Test func facetValuesKeepMissingApartFromZero() {
        var a = FacetValues(), b = FacetValues()
        #expect(a == b)
        a[.budget] = 0
        #expect(a != b)
        #expect(a[.budget] == 0 && b[.budget] == nil)
        a[.budget] = nil
        #expect(a == b)
        b[.semantic] = 0.25
        #expect(b.dictionary[.semantic] == .some(0.25))
        #expect(b.dictionary[.evidence] == .some(nil))
        #expect(FacetValues(b.dictionary) == b)
    }
}
