import HTTPTypes
import Hummingbird

/// Registers the API's routes on the router, and remembers them.
///
/// Every route goes through ``add(_:_:_:handler:)``, which (1) applies the access policy for
/// its ``Operation`` before the handler runs, (2) reads the request body, then runs the handler
/// under the request timeout and
/// (3) records (method, path, operation), the list the OpenAPI test compares with the document.
/// ``finish()`` then answers other methods on known paths with 405 and an `Allow` header.
final class RouteTable {
    typealias Handler = @Sendable (Request, ServerRequestContext, AccessScope) async throws -> Response

    struct Route: Sendable, Hashable {
        var method: HTTPRequest.Method
        /// OpenAPI-style path, e.g. `/v1/needs/{id}/matches`.
        var path: String
        var operation: Operation

        static func == (a: Route, b: Route) -> Bool { a.method == b.method && a.path == b.path && a.operation == b.operation }
        func hash(into h: inout Hasher) { h.combine(method.rawValue); h.combine(path); h.combine(operation) }
    }

    let router: Router<ServerRequestContext>
    let configuration: ServerConfiguration
    private(set) var routes: [Route] = []

    init(router: Router<ServerRequestContext>, configuration: ServerConfiguration) {
        self.router = router
        self.configuration = configuration
    }

    func add(_ method: HTTPRequest.Method, _ path: String, _ operation: Operation, handler: @escaping Handler) {
        routes.append(Route(method: method, path: path, operation: operation))
        let configuration = self.configuration
        router.on(RouterPath(path), method: method) { request, context -> Response in
            let scope = try AccessPolicy.scope(for: operation, identity: context.identity, configuration: configuration)
            // The body is read here, not inside the timed work (see RequestBodyReader.buffered).
            let buffered = try await RequestBodyReader.buffered(request, limit: configuration.maxBodyBytes)
            return try await Deadline.run(configuration.requestTimeout) { try await handler(buffered, context, scope) }
        }
    }

    /// 405 for the methods a known path does not answer.
    func finish() {
        let byPath = Dictionary(grouping: routes, by: \.path)
        for (path, routes) in byPath {
            let allowed = routes.map(\.method)
            let allow = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            for method in [HTTPRequest.Method.get, .put, .post, .delete, .patch, .head, .options] where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { request, _ -> Response in
                    throw Problem(.methodNotAllowed, "method-not-allowed", "\(path) answers \(allow), not \(request.method.rawValue)",
                                  headers: [.allow: allow])
                }
            }
        }
    }
}
