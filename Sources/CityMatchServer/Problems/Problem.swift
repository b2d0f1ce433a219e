import CityMatchCore
import HTTPTypes
import Hummingbird

/// An error answered as RFC 9457 `application/problem+json`: every failure the server
/// reports, from a malformed body to a refused record, goes through this one type so clients
/// parse one shape (`type`, `title`, `status`, `detail`, plus extension members).
public struct Problem: Error, Sendable, HTTPResponseError, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// A short stable slug (`validation`, `rate-limited`, …), published as `urn:citymatch:problem:<slug>`.
    public var kind: String
    /// What went wrong and how to fix it, for a person.
    public var detail: String
    /// Extension members (e.g. `errors` for validation issues).
    public var extensions: [String: JSONValue]
    /// Extra response headers (`Retry-After`, `Allow`, `WWW-Authenticate`).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ kind: String, _ detail: String,
                extensions: [String: JSONValue] = [:], headers: HTTPFields = [:]) {
        self.status = status
        self.kind = kind
        self.detail = detail
        self.extensions = extensions
        self.headers = headers
    }

    public var description: String { "\(status.code) \(kind): \(detail)" }

    /// The problem document. `request_id` ties it to the server's log line.
    ///
    /// - Complexity: O(size of the extensions).
    public func json(requestID: String?) -> JSONValue {
        var members = extensions
        members["type"] = .string("urn:citymatch:problem:\(kind)")
        members["title"] = .string(status.reasonPhrase.isEmpty ? "Error" : status.reasonPhrase)
        members["status"] = .integer(Int64(status.code))
        members["detail"] = .string(detail)
        if let requestID { members["request_id"] = .string(requestID) }
        return .object(members)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response(requestID: (context as? ServerRequestContext)?.requestID)
    }

    /// The HTTP response carrying this problem.
    public func response(requestID: String?) -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: json(requestID: requestID).serialized())))
    }
}

extension Problem {
    static func badRequest(_ detail: String) -> Problem { Problem(.badRequest, "bad-request", detail) }

    static func malformedJSON(_ detail: String) -> Problem { Problem(.badRequest, "malformed-json", detail) }

    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "not-found", detail) }

    static func forbidden(_ detail: String) -> Problem { Problem(.forbidden, "forbidden", detail) }

    static func unauthenticated(_ detail: String) -> Problem {
        Problem(.unauthorized, "unauthenticated", detail, headers: [.wwwAuthenticate: "Bearer realm=\"citymatch\""])
    }

    /// A 422 for one request field (`field` is a JSON field or query parameter name).
    static func invalid(field: String, _ message: String) -> Problem {
        Problem(.unprocessableContent, "validation", "field '\(field)': \(message)",
                extensions: ["errors": .array([.object(["field": .string(field), "message": .string(message)])])])
    }

    /// A 422 for a record refused by the catalog validator: every issue with file, line and field,
    /// exactly as `citymatch validate` prints them.
    static func refused(_ error: CatalogValidationError) -> Problem {
        let issues = error.issues.map { issue -> JSONValue in
            var o: [String: JSONValue] = ["file": .string(issue.file), "message": .string(issue.message)]
            if let line = issue.line { o["line"] = .integer(Int64(line)) }
            if let field = issue.field { o["field"] = .string(field) }
            return .object(o)
        }
        let detail = "the record was refused (nothing was written): "
            + error.issues.map { i in (i.field.map { "field '\($0)': " } ?? "") + i.message }.joined(separator: "; ")
        return Problem(.unprocessableContent, "validation", detail,
                       extensions: ["errors": .array(issues), "truncated": .bool(error.truncated)])
    }
}
