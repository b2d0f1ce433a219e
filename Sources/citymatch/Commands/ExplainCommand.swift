import ArgumentParser
import CityMatchCore

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show exactly why a startup scores what it does for a need."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions

    @Option(help: "The need.") var need: String
    @Option(help: "The startup.") var startup: String
    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: try ranker.load())
            let engine = context.engine
            guard let query = engine.query(forNeed: need) else { throw Console.fail("no need '\(need)' in the catalog") }
            guard let index = engine.startupIndex(startup) else { throw Console.fail("no startup '\(startup)' in the catalog") }
            let breakdown = engine.explain(query, startupIndex: index)
            let ranking = engine.rank(query, k: context.catalog.startups.count)
            let rank = (ranking.firstIndex { $0.startupIndex == index } ?? ranking.count) + 1
            switch format {
            case .json:
                Console.out(JSONValue.object([
                    "need": .string(need), "startup": .string(startup), "score": .number(breakdown.score),
                    "rank": .integer(Int64(rank)), "of": .integer(Int64(ranking.count)),
                    "breakdown": BreakdownJSON.breakdown(breakdown),
                ]).serialized())
            case .text:
                let n = context.catalog.needs[engine.needIndex(need)!], s = context.catalog.startups[index]
                Console.out("Need:    " + TableView.heading(for: n, city: engine.city(n.city)))
                Console.out("Startup: \(s.id) — \(s.name) (\(s.country))")
                Console.out("Score:   \(RankingText.number(breakdown.score, 4)), rank \(rank) of \(ranking.count)")
                Console.out()
                RankingText.explanation(breakdown).forEach { Console.out($0) }
            }
        }
    }
}
