import CityMatchCore
import Hummingbird

/// `GET /v1/explain?need=&startup=`: one pair's exact breakdown, as `citymatch explain --format json`.
enum ExplainRoutes {
    static func register(_ routes: RouteTable, catalog: CatalogService) {
        routes.add(.get, "/v1/explain", .explain) { request, _, scope in
            let parameters = QueryFields(request: request)
            guard let need = parameters.string("need"), !need.isEmpty else { throw Problem.invalid(field: "need", "required: a need id") }
            guard let startup = parameters.string("startup"), !startup.isEmpty else {
                throw Problem.invalid(field: "startup", "required: a startup id")
            }
            try scope.requireStartup(startup)
            let engine = catalog.current.engine
            guard let query = engine.query(forNeed: need) else { throw Problem.notFound("no need '\(need.prefix(64))'") }
            guard let index = engine.startupIndex(startup) else { throw Problem.notFound("no startup '\(startup.prefix(64))'") }
            let breakdown = engine.explain(query, startupIndex: index)
            let ranking = engine.rank(query, k: engine.catalog.startups.count)
            let rank = (ranking.firstIndex { $0.startupIndex == index } ?? ranking.count) + 1
            return Respond.json(.object([
                "need": .string(need), "startup": .string(startup), "score": .number(breakdown.score),
                "rank": .integer(Int64(rank)), "of": .integer(Int64(ranking.count)),
                "breakdown": BreakdownJSON.breakdown(breakdown),
            ]))
        }
    }
}
