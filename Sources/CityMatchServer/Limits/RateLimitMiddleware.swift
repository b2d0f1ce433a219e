import HTTPTypes
import Hummingbird

/// 429 with `Retry-After` once a caller (its key, or its address without one) exceeds the rate.
/// `/healthz` and `/metrics` are exempt, so monitoring never competes with clients.
struct RateLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let limiter: RateLimiter

    static let exempt: Set<String> = ["/healthz", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.exempt.contains(request.uri.path) else { return try await next(request, context) }
        let caller = context.identity.map { "key:" + $0.keyID } ?? "addr:" + (context.clientAddress ?? "unknown")
        if let retry = limiter.take(caller) {
            throw Problem(.tooManyRequests, "rate-limited",
                          "more than \(limiter.perMinute) requests per minute from this caller; retry after \(retry) s",
                          headers: [.retryAfter: String(retry)])
        }
        return try await next(request, context)
    }
}
