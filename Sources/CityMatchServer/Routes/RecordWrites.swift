import CityMatchCore
import Hummingbird

/// The shared body of `PUT /v1/{cities,needs,startups}/{id}`: the path names the record, the
/// body is the record as one catalog line would hold it (its `id` may be omitted, else must
/// equal the path's), and ``CatalogService/upsert(_:object:authorize:)`` validates it exactly
/// like an import. 201 when created, 200 when replaced (or unchanged), with the stored record.
enum RecordWrites {
    static func put(_ kind: RecordKind, request: Request, context: ServerRequestContext, catalog: CatalogService,
                    configuration: ServerConfiguration,
                    authorize: @escaping @Sendable (Catalog, [String: JSONValue]) throws -> Void = { _, _ in }) async throws -> Response {
        let id = try pathID(context)
        if let problem = CatalogRules.identifierProblem(id) { throw Problem.invalid(field: "id", problem) }
        var object = try await RequestBodyReader.object(request, limit: configuration.maxBodyBytes)
        switch object["id"] {
        case nil, .null?: object["id"] = .string(id)
        case .string(let given)? where given == id: break
        case .string(let given)?: throw Problem.invalid(field: "id", "the body's id '\(given.prefix(64))' differs from the path's '\(id)'")
        case let other?: throw Problem.invalid(field: "id", "expected a string, got \(other.typeName)")
        }
        let body = object
        let (outcome, record) = try await catalog.upsert(kind, object: body) { stored in try authorize(stored, body) }
        return Respond.json(record, status: outcome == .created ? .created : .ok)
    }

    /// The `{id}` path parameter (always present on the routes that use it).
    static func pathID(_ context: ServerRequestContext) throws(Problem) -> String {
        guard let id = context.parameters.get("id"), !id.isEmpty else { throw Problem.notFound("missing id in the path") }
        return id
    }
}
