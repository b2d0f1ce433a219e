import CityMatchCore
import Hummingbird
import NIOCore

/// Reads request bodies under the configured size limit and parses them with the core's strict
/// JSON parser (duplicate keys, nesting over 64 and trailing garbage are all malformed).
enum RequestBodyReader {
    /// The body's bytes: 413 over `limit`. - Complexity: O(body).
    static func bytes(_ request: Request, limit: Int) async throws -> [UInt8] {
        var buffer = try await collect(request.body, limit: limit)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    /// `request` with its body read into memory (413 over `limit`).
    ///
    /// `RouteTable` calls this in the request's own task, before the handler's work starts under
    /// the timeout: work that outlives the timeout keeps running after the 503 has gone, and if it
    /// were still reading the connection's body stream then, NIO would trap on the second
    /// iterator the server creates to drain it. A buffered body can be read any number of times.
    ///
    /// - Complexity: O(body).
    static func buffered(_ request: Request, limit: Int) async throws -> Request {
        var request = request
        request.body = RequestBody(buffer: try await collect(request.body, limit: limit))
        return request
    }

    private static func collect(_ body: RequestBody, limit: Int) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw Problem.bodyTooLarge(limit: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw Problem.bodyTooLarge(limit: limit)
        }
    }

    /// The body as a JSON object: 400 when empty or malformed, 422 when valid JSON but not an object.
    static func object(_ request: Request, limit: Int) async throws -> [String: JSONValue] {
        let bytes = try await bytes(request, limit: limit)
        guard bytes.contains(where: { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }) else {
            throw Problem.malformedJSON("the request body is empty; send a JSON object")
        }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes: bytes) } catch {
            throw Problem.malformedJSON("the body is not valid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw Problem(.unprocessableContent, "validation", "the body must be a JSON object, not \(value.typeName)")
        }
        return object
    }
}
