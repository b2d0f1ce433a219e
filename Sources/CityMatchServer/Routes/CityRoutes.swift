import CityMatchCore
import Hummingbird

/// `/v1/cities`: the member cities (for pickers and the search's `city`), and writing one.
enum CityRoutes {
    static func register(_ routes: RouteTable, catalog: CatalogService, configuration: ServerConfiguration) {
        routes.add(.get, "/v1/cities", .listCities) { _, _, _ in
            Respond.json(.object(["cities": .array(catalog.current.catalog.cities.map { $0.jsonObject() })]))
        }

        routes.add(.get, "/v1/cities/{id}", .getCity) { _, context, _ in
            let id = try RecordWrites.pathID(context)
            guard let record = RecordKind.city.record(id, in: catalog.current.catalog) else { throw Problem.notFound("no city '\(id)'") }
            return Respond.json(record)
        }

        routes.add(.put, "/v1/cities/{id}", .putCity) { request, context, _ in
            try await RecordWrites.put(.city, request: request, context: context, catalog: catalog, configuration: configuration)
        }
    }
}
