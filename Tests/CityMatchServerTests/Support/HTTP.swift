import CityMatchCore
import HTTPTypes
import Hummingbird
import HummingbirdTesting

/// A small client over HummingbirdTesting's live client: strings in, parsed JSON out.
struct HTTP: Sendable {
    let client: any TestClientProtocol

    struct Reply: Sendable {
        let status: Int
        let headers: HTTPFields
        let text: String

        /// The body parsed as JSON (`.null` when it is not JSON).
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
        var contentType: String { headers[.contentType] ?? "" }
    }

    func call(_ method: HTTPRequest.Method, _ uri: String, key: String? = nil, body: String? = nil,
              headers: HTTPFields = [:]) async throws -> Reply {
        var headers = headers
        if let key { headers[.authorization] = "Bearer \(key)" }
        if body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers,
                                                       body: body.map { ByteBuffer(string: $0) })
        return Reply(status: Int(response.status.code), headers: response.headers,
                     text: response.body.getString(at: response.body.readerIndex, length: response.body.readableBytes) ?? "")
    }

    func get(_ uri: String, key: String? = nil, headers: HTTPFields = [:]) async throws -> Reply {
        try await call(.get, uri, key: key, headers: headers)
    }

    func post(_ uri: String, key: String? = nil, json: String, headers: HTTPFields = [:]) async throws -> Reply {
        try await call(.post, uri, key: key, body: json, headers: headers)
    }

    func put(_ uri: String, key: String? = nil, json: String) async throws -> Reply {
        try await call(.put, uri, key: key, body: json)
    }

    func delete(_ uri: String, key: String? = nil) async throws -> Reply {
        try await call(.delete, uri, key: key)
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    subscript(index: Int) -> JSONValue? {
        if case .array(let a) = self, a.indices.contains(index) { return a[index] }
        return nil
    }

    var string: String? { if case .string(let s) = self { s } else { nil } }
    var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var object: [String: JSONValue]? { if case .object(let o) = self { o } else { nil } }
    var int: Int? { if case .integer(let i) = self { Int(i) } else { nil } }
}
