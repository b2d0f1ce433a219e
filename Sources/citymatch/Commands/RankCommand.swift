import ArgumentParser
import CityMatchCore

struct RankCommand: AsyncParsableCommand {
    /// Needs ranked together by `--all` (one batched search; `ShortlistCandidates` batches alike).
    static let needsPerBatch = 256

    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank startups for one need or for every need, with exact score breakdowns.",
        discussion: "Output formats are documented in docs/output-formats.md and kept stable."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, table, csv }

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var count: CountOptions

    @Option(help: "The need to rank startups for.") var need: String?
    @Flag(help: "Rank startups for every need.") var all = false
    @Option(help: "Output format: jsonl, table or csv.") var format: Format = .jsonl

    func validate() throws {
        guard (need != nil) != all else { throw ValidationError("give exactly one of --need ID or --all") }
    }

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: try ranker.load())
            let engine = context.engine
            let needs: [Need]
            if let need {
                guard let found = context.catalog.needs.first(where: { $0.id == need }) else {
                    throw Console.fail("no need '\(need)' in the catalog")
                }
                needs = [found]
            } else {
                needs = context.catalog.needs
            }
            if format == .csv { Console.out(RankingText.csvHeader) }
            // Needs are ranked a batch at a time (one shared vector search, scored on every
            // core) and printed in catalog order as each batch completes.
            var ranked: [[RankedStartup]] = []
            for (i, n) in needs.enumerated() {
                if i % Self.needsPerBatch == 0 {
                    let batch = needs[i ..< min(needs.count, i + Self.needsPerBatch)].map { engine.query(forNeed: $0.id)! }
                    ranked = engine.rank(batch, k: count.k, options: filters.rankOptions)
                }
                let results = ranked[i % Self.needsPerBatch]
                switch format {
                case .jsonl: Console.out(BreakdownJSON.rankLine(need: n.id, results: results))
                case .csv: RankingText.csvRows(need: n.id, results: results).forEach { Console.out($0) }
                case .table:
                    if i > 0 { Console.out() }
                    Console.out(TableView.heading(for: n, city: engine.city(n.city)))
                    Console.out(TableView.results(results, catalog: context.catalog))
                }
            }
        }
    }
}

/// The `table` rendering shared by rank and match.
enum TableView {
    static func heading(for need: Need, city: City?) -> String {
        "\(need.id) — \(need.title)" + (city.map { " (\($0.name), \($0.country))" } ?? "")
    }

    static func results(_ results: [RankedStartup], catalog: Catalog) -> String {
        var table = TextTable(["rank", "startup", "score", "city→startup", "startup→city", "top reason"], numericColumns: [0, 2, 3, 4])
        for (i, r) in results.enumerated() {
            table.add([String(i + 1), r.startupID, RankingText.number(r.score, 4),
                       RankingText.number(r.breakdown.cityToStartupFit, 3), RankingText.number(r.breakdown.startupToCityFit, 3),
                       shortened(r.breakdown.reasons.first ?? "", 90)])
        }
        return table.render()
    }

    static func shortened(_ s: String, _ n: Int) -> String { s.count <= n ? s : String(s.prefix(n - 1)) + "…" }
}
