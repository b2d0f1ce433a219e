import Hummingbird

/// Refuses a declared `Content-Length` over the limit (413) before reading a byte; bodies
/// without one are cut off at the limit by ``RequestBodyReader``.
struct BodyLimitMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let maximumBytes: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > maximumBytes {
            throw Problem.bodyTooLarge(limit: maximumBytes)
        }
        return try await next(request, context)
    }
}

extension Problem {
    static func bodyTooLarge(limit: Int) -> Problem {
        Problem(.contentTooLarge, "body-too-large", "the request body is over the limit of \(limit) bytes (serve --max-body-bytes)")
    }
}
