import CityMatchCore
import Hummingbird

/// `POST /v1/search`: a need in free text, ranked like `citymatch match --format json`.
enum SearchRoutes {
    static let fields: Set<String> = ["text", "city", "languages", "budget_usd", "domains", "k", "require_language", "within_budget"]

    static func register(_ routes: RouteTable, catalog: CatalogService, metrics: ServerMetrics, configuration: ServerConfiguration) {
        routes.add(.post, "/v1/search", .search) { request, _, _ in
            let body = Fields(object: try await RequestBodyReader.object(request, limit: configuration.maxBodyBytes))
            try body.rejectUnknown(allowed: fields)
            guard let text = try body.string("text"), !text.allSatisfy(\.isWhitespace) else {
                throw Problem.invalid(field: "text", "required: the need, in the city's own words")
            }
            guard text.count <= CatalogLimits.needDescriptionLength else {
                throw Problem.invalid(field: "text", "\(text.count) characters, over the limit of \(CatalogLimits.needDescriptionLength)")
            }
            let languages = try body.stringList("languages", maxLength: 2)
            for (i, code) in (languages ?? []).enumerated() {
                if let problem = CatalogRules.languageProblem(code) { throw Problem.invalid(field: "languages[\(i)]", problem) }
            }
            let budget = try body.number("budget_usd")
            if let budget, budget < 0 { throw Problem.invalid(field: "budget_usd", "must be a number ≥ 0") }
            let domains = try body.stringList("domains")
            let k = try body.integer("k", in: 1...configuration.maximumK) ?? configuration.defaultK
            let options = RankOptions(requireLanguage: try body.bool("require_language") ?? false,
                                      withinBudget: try body.bool("within_budget") ?? false)
            let snapshot = catalog.current
            var city: City?
            if let id = try body.string("city") {
                guard let found = snapshot.engine.city(id) else { throw Problem.invalid(field: "city", "no city '\(id.prefix(64))' in the catalog") }
                city = found
            }
            var query: MatchQuery
            do {
                query = try catalog.builder.query(text: text, city: city, languages: languages.flatMap { $0.isEmpty ? nil : $0 }, budgetUSD: budget)
            } catch {
                throw Problem(.internalServerError, "encoder", "cannot encode the query: \(error)")
            }
            metrics.recordQueryEncoding()
            let results: [RankedStartup]
            if let domains, !domains.isEmpty {
                query.domains = domains
                results = await snapshot.search.rank(query, k: k, options: options)
            } else {
                (query, results) = await snapshot.search.rankInferringDomains(query, k: k, options: options)
            }
            var constraints: [String: JSONValue] = [:]
            constraints["languages"] = query.languages.map { .array($0.map(JSONValue.string)) }
            constraints["budget_usd"] = query.budgetUSD.map(JSONValue.number)
            constraints["city"] = city.map { .string($0.id) }
            constraints["domains"] = query.domains.map { .array($0.map(JSONValue.string)) }
            return Respond.json(.object(["query": .string(text), "constraints": .object(constraints),
                                         "results": ResultsJSON.results(results, catalog: snapshot.catalog)]))
        }
    }
}
