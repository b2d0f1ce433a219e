import CityMatchCore
import HTTPTypes
import Hummingbird

/// Responses in the formats the API speaks.
enum Respond {
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        text(value.serialized() + "\n", contentType: "application/json", status: status)
    }

    static func text(_ body: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func noContent() -> Response { Response(status: .noContent) }

    /// The media type the client prefers among `offered` (first offered on a tie or a wildcard), from `Accept`.
    ///
    /// - Complexity: O(Accept length · offered).
    static func negotiate(_ request: Request, offered: [String]) -> String {
        guard let accept = request.headers[.accept], !accept.isEmpty else { return offered[0] }
        var best: (type: String, q: Double, order: Int)?
        for (order, part) in accept.split(separator: ",").enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let range = pieces.first else { continue }
            var q = 1.0
            for p in pieces.dropFirst() where p.hasPrefix("q=") { q = Double(p.dropFirst(2)) ?? 1 }
            guard q > 0 else { continue }
            let match = offered.first { $0 == range } ?? ((range == "*/*") ? offered[0] : nil)
                ?? offered.first { range.hasSuffix("/*") && $0.hasPrefix(range.dropLast(1)) }
            if let match, q > (best?.q ?? -1) { best = (match, q, order) }
        }
        return best?.type ?? offered[0]
    }
}
