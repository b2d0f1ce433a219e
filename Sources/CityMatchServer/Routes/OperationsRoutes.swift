import CityMatchCore
import Hummingbird

/// `/healthz`, `/metrics` and `/openapi.json`.
enum OperationsRoutes {
    static func register(_ routes: RouteTable, catalog: CatalogService, metrics: ServerMetrics) {
        routes.add(.get, "/healthz", .getHealth) { _, _, _ in
            let snapshot = catalog.current
            return Respond.json(.object([
                "status": .string("ok"),
                "snapshot_version": .integer(Int64(snapshot.version)),
                "cities": .integer(Int64(snapshot.catalog.cities.count)),
                "needs": .integer(Int64(snapshot.catalog.needs.count)),
                "startups": .integer(Int64(snapshot.catalog.startups.count)),
            ]))
        }
        routes.add(.get, "/metrics", .getMetrics) { _, _, _ in
            Respond.text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        routes.add(.get, "/openapi.json", .getOpenAPI) { _, _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: OpenAPIDocument.bytes)))
        }
    }
}

/// The committed OpenAPI 3.1 document (Sources/CityMatchServer/Resources/openapi.json),
/// compiled into the binary so it is served wherever the binary runs.
public enum OpenAPIDocument {
    public static var bytes: [UInt8] { PackageResources.openapi_json }
}
