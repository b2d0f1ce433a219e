import CityMatchCore
import Hummingbird

/// `/v1/startups/{id}`: read, write and delete a profile, and its fit report.
enum StartupRoutes {
    static func register(_ routes: RouteTable, catalog: CatalogService, configuration: ServerConfiguration) {
        routes.add(.get, "/v1/startups/{id}", .getStartup) { _, context, scope in
            let id = try RecordWrites.pathID(context)
            try scope.requireStartup(id)
            guard let record = RecordKind.startup.record(id, in: catalog.current.catalog) else {
                throw Problem.notFound("no startup '\(id)'")
            }
            return Respond.json(record)
        }

        routes.add(.put, "/v1/startups/{id}", .putStartup) { request, context, scope in
            try scope.requireStartup(try RecordWrites.pathID(context))
            return try await RecordWrites.put(.startup, request: request, context: context, catalog: catalog, configuration: configuration)
        }

        routes.add(.delete, "/v1/startups/{id}", .deleteStartup) { _, context, scope in
            let id = try RecordWrites.pathID(context)
            try scope.requireStartup(id)
            guard try await catalog.delete(.startup, id: id) else { throw Problem.notFound("no startup '\(id)'") }
            return Respond.noContent()
        }

        routes.add(.get, "/v1/startups/{id}/fit", .getStartupFit) { request, context, scope in
            let id = try RecordWrites.pathID(context)
            try scope.requireStartup(id)
            let k = try QueryFields(request: request).integer("k", default: configuration.defaultK, in: 1...configuration.maximumK)
            guard let report = FitReportBuilder.build(catalog.current.engine, startupID: id, k: k) else {
                throw Problem.notFound("no startup '\(id)'")
            }
            switch Respond.negotiate(request, offered: ["application/json", "text/markdown", "text/html"]) {
            case "text/markdown": return Respond.text(report.markdown(), contentType: "text/markdown; charset=utf-8")
            case "text/html": return Respond.text(report.html(), contentType: "text/html; charset=utf-8")
            default: return Respond.json(report.json())
            }
        }
    }
}
