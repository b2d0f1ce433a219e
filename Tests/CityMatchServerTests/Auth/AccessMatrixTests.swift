import CityMatchStore
@testable import CityMatchServer
import HTTPTypes
import Testing

/// Every (role, endpoint, own/other resource) with the status the policy promises.
///
/// Resources: the city key is Seoul's (own need `seoul-night-travel`, other `busan-port-soot`);
/// the startup key is Moonroute's (own `moonroute-analytics`, other `flowsignal`). Writes put
/// records back unchanged, so they can share one server; deletes get a server of their own.
struct AccessCase: Sendable, CustomTestStringConvertible {
    enum Caller: String, Sendable, CaseIterable { case anonymous, secretariat, city, startup }
    let caller: Caller
    let method: HTTPRequest.Method
    let path: String
    let body: String?
    let expected: Int

    var testDescription: String { "\(caller.rawValue) \(method.rawValue) \(path) → \(expected)" }
    var deletes: Bool { method == .delete }

    static let seoulNeed = "seoul-night-travel", busanNeed = "busan-port-soot"
    static let ownStartup = "moonroute-analytics", otherStartup = "flowsignal"

    /// (method, path, body, expected status for anonymous, secretariat, city, startup)
    static let rows: [(HTTPRequest.Method, String, String?, [Int])] = [
        (.get, "/healthz", nil, [200, 200, 200, 200]),
        (.get, "/openapi.json", nil, [200, 200, 200, 200]),
        (.get, "/metrics", nil, [401, 200, 403, 403]),
        (.post, "/v1/search", #"{"text": "night buses", "k": 1}"#, [401, 200, 200, 200]),
        (.get, "/v1/cities", nil, [401, 200, 200, 200]),
        (.get, "/v1/cities/seoul", nil, [401, 200, 200, 200]),
        (.put, "/v1/cities/seoul", "@city:seoul", [401, 200, 403, 403]),
        (.get, "/v1/needs/\(seoulNeed)", nil, [401, 200, 200, 403]),
        (.get, "/v1/needs/\(busanNeed)", nil, [401, 200, 200, 403]),
        (.get, "/v1/needs/\(seoulNeed)/matches?k=2", nil, [401, 200, 200, 403]),
        (.get, "/v1/needs/\(busanNeed)/matches?k=2", nil, [401, 200, 200, 403]),
        (.put, "/v1/needs/\(seoulNeed)", "@need:\(seoulNeed)", [401, 200, 200, 403]),
        (.put, "/v1/needs/\(busanNeed)", "@need:\(busanNeed)", [401, 200, 403, 403]),
        (.put, "/v1/needs/busan-new-need", #"{"city": "busan", "title": "t", "description": "d"}"#, [401, 201, 403, 403]),
        (.put, "/v1/needs/no-such-need-seoul", #"{"city": "busan", "title": "t", "description": "d"}"#, [401, 201, 403, 403]),
        (.delete, "/v1/needs/\(seoulNeed)", nil, [401, 204, 204, 403]),
        (.delete, "/v1/needs/\(busanNeed)", nil, [401, 204, 403, 403]),
        (.delete, "/v1/needs/no-such-need", nil, [401, 404, 403, 403]),
        (.get, "/v1/startups/\(ownStartup)", nil, [401, 200, 200, 200]),
        (.get, "/v1/startups/\(otherStartup)", nil, [401, 200, 200, 403]),
        (.get, "/v1/startups/no-such-startup", nil, [401, 404, 404, 403]),
        (.put, "/v1/startups/\(ownStartup)", "@startup:\(ownStartup)", [401, 200, 403, 200]),
        (.put, "/v1/startups/\(otherStartup)", "@startup:\(otherStartup)", [401, 200, 403, 403]),
        (.delete, "/v1/startups/\(ownStartup)", nil, [401, 204, 403, 204]),
        (.delete, "/v1/startups/\(otherStartup)", nil, [401, 204, 403, 403]),
        (.delete, "/v1/startups/no-such-startup", nil, [401, 404, 403, 403]),
        (.get, "/v1/startups/\(ownStartup)/fit?k=2", nil, [401, 200, 403, 200]),
        (.get, "/v1/startups/\(otherStartup)/fit?k=2", nil, [401, 200, 403, 403]),
        (.get, "/v1/startups/no-such-startup/fit", nil, [401, 404, 403, 403]),
        (.get, "/v1/explain?need=\(seoulNeed)&startup=\(ownStartup)", nil, [401, 200, 200, 200]),
        (.get, "/v1/explain?need=\(busanNeed)&startup=\(otherStartup)", nil, [401, 200, 200, 403]),
        (.post, "/v1/shortlists", #"{"per_city": 1, "max_per_startup": 1}"#, [401, 200, 403, 403]),
    ]

    static let all: [AccessCase] = rows.flatMap { method, path, body, statuses in
        Caller.allCases.enumerated().map { i, caller in
            AccessCase(caller: caller, method: method, path: path, body: body, expected: statuses[i])
        }
    }
}

@Suite struct AccessMatrixTests {
    @Test(arguments: AccessCase.all)
    func access(_ c: AccessCase) async throws {
        // Creating a record is a change too: those cases, like deletes, get their own server.
        let server = c.deletes || c.expected == 201 ? try await ServerFixture.fresh() : try await ServerFixture.shared()
        let key: String? = switch c.caller {
        case .anonymous: nil
        case .secretariat: server.keys.secretariat
        case .city: server.keys.seoul
        case .startup: server.keys.moonroute
        }
        try await server.live { http async throws in
            var body = c.body
            if let b = body, b.hasPrefix("@") {
                // "@kind:id": the stored record, sent back unchanged.
                let parts = b.dropFirst().split(separator: ":")
                let record = try await http.get("/v1/\(parts[0] == "city" ? "cities" : parts[0] + "s")/\(parts[1])", key: server.keys.secretariat)
                body = record.text
            }
            let reply = try await http.call(c.method, c.path, key: key, body: body)
            #expect(reply.status == c.expected, "\(reply.text.prefix(300))")
            if reply.status >= 400 { #expect(reply.contentType == "application/problem+json") }
        }
    }

    @Test func everyOperationHasARule() {
        #expect(Operation.allCases.allSatisfy { AccessPolicy.table[$0] != nil })
    }

    /// The matrix exercises every route the server has.
    @Test func matrixCoversEveryRoute() async throws {
        let server = try await ServerFixture.shared()
        let routes = server.server.makeRouter(logger: .init(label: "test")).1
        for route in routes {
            let pattern = "^" + route.path.replacingOccurrences(of: #"\{[a-z]+\}"#, with: "[^/?]+", options: .regularExpression) + "(\\?.*)?$"
            let covered = AccessCase.rows.contains { $0.0 == route.method && $0.1.range(of: pattern, options: .regularExpression) != nil }
            #expect(covered, "no matrix row for \(route.method.rawValue) \(route.path)")
        }
    }
}
