import CityMatchCore
import Foundation
import HTTPTypes
import Testing
@testable import CityMatchServer

/// The committed OpenAPI document and the server describe the same API.
@Suite struct OpenAPICoverageTests {
    static let document: JSONValue = (try? JSONParser.parse(bytes: OpenAPIDocument.bytes)) ?? .null

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options"]

    /// (METHOD, path, operationId) for every operation in the document.
    static var documented: [(method: String, path: String, operationID: String?)] {
        (document["paths"]?.object ?? [:]).flatMap { path, item in
            (item.object ?? [:]).filter { methods.contains($0.key) }.map { method, operation in
                (method.uppercased(), path, operation["operationId"]?.string)
            }
        }
    }

    @Test func documentIsOpenAPI31() {
        #expect(Self.document["openapi"]?.string?.hasPrefix("3.1") == true)
        #expect(!Self.documented.isEmpty)
    }

    @Test func everyServerRouteIsDocumentedAndViceVersa() async throws {
        let server = try await ServerFixture.shared()
        let routes = server.server.makeRouter(logger: .init(label: "test")).1
        let served = Set(routes.map { "\($0.method.rawValue) \($0.path) \($0.operation.rawValue)" })
        let documented = Set(Self.documented.map { "\($0.method) \($0.path) \($0.operationID ?? "-")" })
        #expect(served.subtracting(documented).isEmpty, "routes missing from openapi.json: \(served.subtracting(documented).sorted())")
        #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
    }

    /// Probed over the socket: no documented operation is answered "no such route".
    @Test func everyDocumentedRouteAnswersLive() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            for (method, path, _) in Self.documented {
                let concrete = path.replacingOccurrences(of: "{id}", with: "x")
                let reply = try await http.call(HTTPRequest.Method(method)!, concrete)
                #expect(reply.json["type"]?.string != "urn:citymatch:problem:no-route", "\(method) \(path)")
                #expect(reply.status != 405, "\(method) \(path)")
            }
        }
    }

    /// Every operation documents its success and its problems, with schemas.
    @Test func everyOperationDocumentsItsResponses() {
        for (method, path, _) in Self.documented {
            let operation = Self.document["paths"]?[path]?[method.lowercased()]
            let responses = operation?["responses"]?.object ?? [:]
            #expect(responses.keys.contains { $0.hasPrefix("2") }, "\(method) \(path): no 2xx")
            #expect(responses.keys.contains("401") || AccessPolicy.table[Operation(rawValue: operation?["operationId"]?.string ?? "") ?? .getHealth]?.anonymous == .allow,
                    "\(method) \(path): no 401")
            for (status, response) in responses {
                let isRef = response["$ref"] != nil
                let content = response["content"]?.object
                #expect(isRef || content != nil || status == "204", "\(method) \(path) \(status): no content schema")
            }
        }
    }
}
