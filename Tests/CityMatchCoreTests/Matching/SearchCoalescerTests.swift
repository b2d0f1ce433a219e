import Foundation
import Testing
@testable import CityMatchCore

/// Coalesced searches must not change a single result: every ranking through the coalescer
/// equals the engine's own, explanations included, whatever batch its search landed in.
@Suite struct SearchCoalescerTests {
    static func options(pool: Int, requireLanguage: Bool = false) -> RankOptions {
        var options = RankOptions(requireLanguage: requireLanguage)
        options.candidatePool = pool
        return options
    }

    @Test(arguments: [40, 1_000])
    func concurrentRankingsEqualTheEnginesOwn(pool: Int) async throws {
        let engine = try EngineFixture.engine(catalog: LazyScoringTests.synthetic)
        let batches = BatchLog()
        let coalescer = SearchCoalescer(engine: engine, maximumBatch: 7, onBatch: { batches.add($0) })
        let queries = try LazyScoringTests.synthetic.needs.map { try #require(engine.query(forNeed: $0.id)) }
        for requireLanguage in [false, true] {
            let options = Self.options(pool: pool, requireLanguage: requireLanguage)
            let ranked = await withTaskGroup(of: (Int, [RankedStartup]).self) { group in
                for (i, query) in queries.enumerated() {
                    group.addTask { (i, await coalescer.rank(query, k: 12, options: options)) }
                }
                return await group.reduce(into: [Int: [RankedStartup]]()) { $0[$1.0] = $1.1 }
            }
            for (i, query) in queries.enumerated() {
                let expected = engine.rank(query, k: 12, options: options)
                #expect(ranked[i]?.map(\.startupIndex) == expected.map(\.startupIndex), "need \(i)")
                #expect(ranked[i]?.map(\.breakdown) == expected.map(\.breakdown), "need \(i)")
            }
        }
        // Only unfiltered searches over a catalog larger than the pool are batched, each once.
        let searching = pool < LazyScoringTests.synthetic.startups.count
            ? queries.filter { engine.searchesUnfiltered($0, options: Self.options(pool: pool, requireLanguage: true)) }.count + queries.count
            : 0
        #expect(batches.sizes.reduce(0, +) == searching)
        #expect(batches.sizes.allSatisfy { (1...7).contains($0) })
    }

    @Test func inferringDomainsThroughTheCoalescerEqualsTheEngine() async throws {
        let engine = try EngineFixture.engine(catalog: LazyScoringTests.synthetic)
        let coalescer = SearchCoalescer(engine: engine)
        let options = Self.options(pool: 40)
        for need in LazyScoringTests.synthetic.needs.prefix(10) {
            var query = try #require(engine.query(forNeed: need.id))
            query.domains = nil
            let (inferred, results) = await coalescer.rankInferringDomains(query, k: 8, options: options)
            let expected = engine.rankInferringDomains(query, k: 8, options: options)
            #expect(inferred.domains == expected.query.domains)
            #expect(results.map(\.breakdown) == expected.results.map(\.breakdown))
            #expect(results.map(\.startupIndex) == expected.results.map(\.startupIndex))
        }
    }

    /// Batches of every size give each query exactly the pool its own float search finds.
    @Test(arguments: [1, 2, 5, ParallelSearch.fewQueriesLimit, ParallelSearch.fewQueriesLimit + 1, 30])
    func batchedPoolsEqualEachQuerysOwnSearch(batch: Int) throws {
        let engine = try EngineFixture.engine(catalog: LazyScoringTests.synthetic)
        let queries = try LazyScoringTests.synthetic.needs.prefix(batch).map { try #require(engine.query(forNeed: $0.id)) }
        for pool in [40, 100] {
            let pools = engine.semanticPools(Array(queries), pool: pool)
            #expect(pools.count == queries.count)
            for (query, found) in zip(queries, pools) {
                let alone = engine.startupIndex.search(query: query.vector, k: pool).map { ScoredIndex(index: $0.row, score: $0.score) }
                #expect(found?.map(\.index) == alone.map(\.index))
                #expect(found?.map(\.score.bitPattern) == alone.map(\.score.bitPattern))
            }
        }
    }

    /// Startups repeated under new ids (so vectors tie in groups), more of them than pool +
    /// margin: the sketch's certificate runs, and where a tie straddles what it fetched, the
    /// float rescan must give the same pool.
    @Test(arguments: [1, 4, 900])
    func poolsStayExactWhenVectorsTie(copies: Int) throws {
        let s = CatalogSynthesizer(parameters: .init(cities: 6, needs: 12, startups: 900 / copies, seed: 11, judgmentsPerNeed: 0))
        let originals = (0..<900 / copies).map(s.startup)
        let startups = (0..<copies).flatMap { copy in
            originals.map { startup -> Startup in
                var copied = startup
                copied.id = "\(startup.id)-\(copy)"
                return copied
            }
        }
        let catalog = Catalog(cities: (0..<6).map(s.city), needs: (0..<12).map(s.need), startups: startups)
        let engine = try EngineFixture.engine(catalog: catalog)
        let queries = catalog.needs.map { engine.query(forNeed: $0.id)! }
        for pool in [20, 300] {
            let (pools, rescanned) = engine.semanticPoolSearch(queries, pool: pool)
            // Distinct vectors certify from the sketch; one vector shared by all cannot.
            if copies == 1 { #expect(rescanned == 0) }
            if copies == 900 { #expect(rescanned == queries.count) }
            for (query, found) in zip(queries, pools) {
                let alone = engine.startupIndex.search(query: query.vector, k: pool)
                #expect(found?.map(\.index) == alone.map(\.row))
                #expect(found?.map(\.score.bitPattern) == alone.map(\.score.bitPattern))
            }
        }
    }
}

/// Batch sizes reported by a coalescer (called from its dispatch queue).
final class BatchLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Int] = []
    func add(_ size: Int) { lock.lock(); recorded.append(size); lock.unlock() }
    var sizes: [Int] { lock.lock(); defer { lock.unlock() }; return recorded }
}
