import Foundation
import CityMatchStore
import HTTPTypes
import Hummingbird

/// Resolves the caller's key from `Authorization: Bearer <secret>` or `X-API-Key: <secret>`.
///
/// No key leaves the identity empty (the route's policy decides whether that is enough); a key
/// that is unknown or revoked is 401 on every route, so a typo never silently downgrades a caller.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let keys: any APIKeyStore

    static let apiKeyHeader = HTTPField.Name("X-API-Key")!

    /// The presented secret, if any. - Complexity: O(header length).
    static func secret(in headers: HTTPFields) throws(Problem) -> String? {
        if let authorization = headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw Problem.unauthenticated("the Authorization header must be 'Bearer <secret>'")
            }
            return String(parts[1]).trimmingCharacters(in: .whitespaces)
        }
        return headers[apiKeyHeader].map { $0.trimmingCharacters(in: .whitespaces) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let secret = try Self.secret(in: request.headers) else { return try await next(request, context) }
        guard secret.utf8.count <= 256, let key = try await keys.authenticate(secret: secret) else {
            throw Problem.unauthenticated("the API key is unknown or revoked")
        }
        var context = context
        context.identity = Identity(key)
        context.logger[metadataKey: "key_id"] = .string(key.id)
        context.notes.keyID = key.id
        return try await next(request, context)
    }
}
