import ArgumentParser
import CityMatchCore

struct MatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Rank startups for a need written in free text (an ad-hoc city query).",
        discussion: """
            The text is scored like a catalog need: its sentences are aligned with startups' \
            statements, and --city, --languages and --budget act as the need's constraints.
            """
    )

    enum Format: String, ExpressibleByArgument { case table, json }

    @Argument(help: "The need, in the city's own words.") var text: String
    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var count: CountOptions

    @Option(help: "The asking city's id (for market fit, track record and working languages).") var city: String?
    @Option(help: "Languages a provider must deliver in (ISO 639-1, comma-separated).") var languages: String?
    @Option(help: "Budget in US dollars.") var budget: Double?
    @Option(help: "Domain tags (comma-separated; default: inferred from the closest startups).") var domains: String?
    @Option(help: "Output format: table or json.") var format: Format = .table

    func validate() throws {
        guard !text.allSatisfy(\.isWhitespace) else { throw ValidationError("the need text is empty") }
        guard text.count <= CatalogLimits.needDescriptionLength else {
            throw ValidationError("the need text is \(text.count) characters, over the limit of \(CatalogLimits.needDescriptionLength)")
        }
        if let budget, !(budget >= 0 && budget.isFinite) { throw ValidationError("--budget must be a non-negative number") }
        for code in languageList { if let problem = CatalogRules.languageProblem(code) { throw ValidationError("--languages: \(problem)") } }
    }

    private var domainList: [String] {
        (domains ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private var languageList: [String] {
        (languages ?? "").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: try ranker.load())
            var cityRecord: City?
            if let city {
                guard let found = context.engine.city(city) else { throw Console.fail("no city '\(city)' in the catalog") }
                cityRecord = found
            }
            var query: MatchQuery
            do {
                query = try context.builder.query(text: text, city: cityRecord, languages: languageList.isEmpty ? nil : languageList,
                                                  budgetUSD: budget)
            } catch { throw Console.fail("cannot encode the query: \(error)") }
            query.domains = domainList.isEmpty ? context.engine.inferredDomains(for: query) : domainList
            let results = context.engine.rank(query, k: count.k, options: filters.rankOptions)
            switch format {
            case .json:
                var constraints: [String: JSONValue] = [:]
                constraints["languages"] = query.languages.map { .array($0.map(JSONValue.string)) }
                constraints["budget_usd"] = query.budgetUSD.map(JSONValue.number)
                constraints["city"] = cityRecord.map { .string($0.id) }
                constraints["domains"] = query.domains.map { .array($0.map(JSONValue.string)) }
                Console.out(JSONValue.object(["query": .string(text), "constraints": .object(constraints),
                                              "results": .array(results.enumerated().map { BreakdownJSON.result($1, rank: $0 + 1) })]).serialized())
            case .table:
                var understood: [String] = []
                if let city = cityRecord { understood.append("city \(city.name)") }
                if let l = query.languages, !l.isEmpty { understood.append("languages " + l.map { ISOCodes.languages[$0] ?? $0 }.joined(separator: ", ")) }
                if let b = query.budgetUSD { understood.append("budget " + MatchReasons.money(b)) }
                if let d = query.domains, !d.isEmpty { understood.append("domains " + d.joined(separator: ", ")) }
                if !understood.isEmpty { Console.out("Constraints: " + understood.joined(separator: "; ")) }
                Console.out(TableView.results(results, catalog: context.catalog))
            }
        }
    }
}
