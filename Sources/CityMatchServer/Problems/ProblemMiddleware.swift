import Hummingbird
import Logging
import NIOCore

/// Turns every error into `application/problem+json`: ``Problem`` as it is, Hummingbird's
/// errors (no such route, body too large) with a helpful detail, and anything else as a 500
/// whose cause is logged but not shown.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response(requestID: context.requestID)
        } catch let error as HTTPError {
            let detail: String
            switch error.status {
            case .notFound: detail = "no endpoint \(request.method.rawValue) \(request.uri.path); the API is described at /openapi.json"
            case .contentTooLarge: detail = "the request body is too large"
            default: detail = error.body ?? error.status.reasonPhrase
            }
            let kind = error.status == .notFound ? "no-route" : "http"
            return Problem(error.status, kind, detail, headers: error.headers).response(requestID: context.requestID)
        } catch is NIOTooManyBytesError {
            return Problem(.contentTooLarge, "body-too-large", "the request body is too large").response(requestID: context.requestID)
        } catch is CancellationError {
            return Problem(.serviceUnavailable, "cancelled", "the request was cancelled").response(requestID: context.requestID)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": .string(String(describing: error))])
            return Problem(.internalServerError, "internal", "the server failed to answer this request; the log has the cause (request id \(context.requestID))")
                .response(requestID: context.requestID)
        }
    }
}
