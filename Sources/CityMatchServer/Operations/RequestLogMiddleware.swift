import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost middleware: gives every request an id (the caller's `X-Request-Id` when it is
/// sane, else a new one), echoes it, logs one structured line per request and records the
/// request in the metrics.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics

    static let requestIDHeader = HTTPField.Name("X-Request-Id")!

    /// Accepted caller ids: 1–128 characters of `[A-Za-z0-9._:-]` (anything else could forge log lines).
    static func acceptable(_ id: String) -> Bool {
        (1...128).contains(id.utf8.count) && id.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 95 || c == 58
        }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let supplied = request.headers[Self.requestIDHeader].flatMap { Self.acceptable($0) ? $0 : nil }
        context.requestID = supplied ?? UUID().uuidString.lowercased()
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let problem as Problem {
            response = problem.response(requestID: context.requestID)
        } catch {
            response = Problem(.internalServerError, "internal", "unexpected error").response(requestID: context.requestID)
        }
        let elapsed = ContinuousClock.now - start
        response.headers[Self.requestIDHeader] = context.requestID
        let route = context.endpointPath ?? "NotFound"
        metrics.recordRequest(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info("request", metadata: [
            "method": .string(request.method.rawValue),
            "path": .string(request.uri.path),
            "route": .string(route),
            "status": .stringConvertible(response.status.code),
            "duration_ms": .string(String(format: "%.1f", milliseconds)),
            "key_id": .string(context.notes.keyID ?? "-"),
        ])
        return response
    }
}
