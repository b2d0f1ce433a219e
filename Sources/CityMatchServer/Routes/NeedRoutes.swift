import CityMatchCore
import Hummingbird

/// `/v1/needs/{id}`: read, write and delete a need, and its ranked matches.
enum NeedRoutes {
    static func register(_ routes: RouteTable, catalog: CatalogService, configuration: ServerConfiguration) {
        routes.add(.get, "/v1/needs/{id}", .getNeed) { _, context, _ in
            let id = try RecordWrites.pathID(context)
            guard let record = RecordKind.need.record(id, in: catalog.current.catalog) else { throw Problem.notFound("no need '\(id)'") }
            return Respond.json(record)
        }

        routes.add(.put, "/v1/needs/{id}", .putNeed) { request, context, scope in
            let id = try RecordWrites.pathID(context)
            return try await RecordWrites.put(.need, request: request, context: context, catalog: catalog, configuration: configuration) { stored, body in
                // A city key writes only needs of its own city: the stored need's city (if any)
                // and the body's. A body without a city is left to the validator (422).
                var cities = stored.needs.filter { $0.id == id }.map(\.city)
                if case .string(let city)? = body["city"] { cities.append(city) }
                if !cities.isEmpty || body["city"] != nil { try scope.requireNeedCities(cities, need: id) }
            }
        }

        routes.add(.delete, "/v1/needs/{id}", .deleteNeed) { _, context, scope in
            let id = try RecordWrites.pathID(context)
            let deleted = try await catalog.delete(.need, id: id) { stored in
                try scope.requireNeedCities(stored.needs.filter { $0.id == id }.map(\.city), need: id)
            }
            guard deleted else { throw Problem.notFound("no need '\(id)'") }
            return Respond.noContent()
        }

        routes.add(.get, "/v1/needs/{id}/matches", .getNeedMatches) { request, context, _ in
            let id = try RecordWrites.pathID(context)
            let parameters = QueryFields(request: request)
            let k = try parameters.integer("k", default: configuration.defaultK, in: 1...configuration.maximumK)
            let options = RankOptions(requireLanguage: try parameters.bool("require_language"),
                                      withinBudget: try parameters.bool("within_budget"))
            let snapshot = catalog.current
            guard let query = snapshot.engine.query(forNeed: id) else { throw Problem.notFound("no need '\(id)'") }
            let results = await snapshot.search.rank(query, k: k, options: options)
            return Respond.json(.object(["need": .string(id), "results": ResultsJSON.results(results, catalog: snapshot.catalog)]))
        }
    }
}
