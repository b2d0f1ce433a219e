import ArgumentParser
import CityMatchCore
import Foundation

struct EvalRankingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ranking",
        abstract: "Ranking quality on a catalog's judgments: NDCG@10, recall@10, MRR, MAP, coverage, exposure.",
        discussion: """
            Relevant means grade ≥ 2. Coverage is the share of startups that appear in any need's \
            top 10; exposure concentration is the Gini coefficient of those appearances.
            """
    )

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions

    @Option(help: "Break the figures down by city.") var by: Breakdown?

    enum Breakdown: String, ExpressibleByArgument { case city }

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: try ranker.load())
            let report = RankingEvaluation.run(context.engine)
            guard report.needs > 0 else { throw Console.fail("the catalog has no judgments to evaluate against") }
            if by == .city {
                var table = TextTable(["city", "needs", "ndcg@10", "recall@10", "mrr", "map"], numericColumns: [1, 2, 3, 4, 5])
                for row in report.byCity {
                    table.add([row.key, String(row.value.needs), f(row.value.ndcg), f(row.value.recall), f(row.value.mrr), f(row.value.map)])
                }
                Console.out(table.render())
                Console.out()
            }
            Console.out("needs evaluated   \(report.needs)")
            Console.out("ndcg@10           \(f(report.overall.ndcg))")
            Console.out("recall@10         \(f(report.overall.recall))")
            Console.out("mrr               \(f(report.overall.mrr))")
            Console.out("map               \(f(report.overall.map))")
            Console.out("coverage@10       \(f(report.coverage)) (\(report.coveredStartups) of \(context.catalog.startups.count) startups in some top 10)")
            Console.out("exposure gini@10  \(f(report.gini))")
        }
    }

    private func f(_ x: Double) -> String { MatchReasons.fixed(x, 4) }
}
