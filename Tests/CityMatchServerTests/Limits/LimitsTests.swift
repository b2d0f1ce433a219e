import CityMatchCore
import Foundation
import HTTPTypes
import Testing

@Suite struct LimitsTests {
    @Test func bodyOverTheLimitIs413() async throws {
        let server = try await ServerFixture.shared().reconfigured { $0.maxBodyBytes = 2048 }
        try await server.live { http async throws in
            let text = String(repeating: "a", count: 3000)
            let reply = try await http.post("/v1/search", key: server.keys.secretariat, json: #"{"text": "\#(text)"}"#)
            #expect(reply.status == 413)
            #expect(reply.contentType == "application/problem+json")
            #expect(reply.json["detail"]?.string?.contains("2048") == true)
        }
    }

    @Test func textLongerThanANeedDescriptionIs422() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let text = String(repeating: "word ", count: CatalogLimits.needDescriptionLength / 5 + 1)
            let reply = try await http.post("/v1/search", key: server.keys.secretariat, json: #"{"text": "\#(text)"}"#)
            #expect(reply.status == 422)
            #expect(reply.json["detail"]?.string?.contains("4000") == true)
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let server = try await ServerFixture.shared().reconfigured { $0.rateLimitPerMinute = 3 }
        try await server.live { http async throws in
            for _ in 0..<3 { #expect(try await http.get("/v1/cities", key: server.keys.seoul).status == 200) }
            let limited = try await http.get("/v1/cities", key: server.keys.seoul)
            #expect(limited.status == 429)
            #expect(Int(limited.headers[.retryAfter] ?? "") ?? 0 >= 1)
            #expect(limited.contentType == "application/problem+json")
            // Per key: another key still has its budget; health checks are exempt.
            #expect(try await http.get("/v1/cities", key: server.keys.busan).status == 200)
            #expect(try await http.get("/healthz").status == 200)
        }
    }

    /// Also a regression test: the timed-out work runs on after the 503, and it used to read the
    /// request body then, after the server had started draining it, which NIO traps on (a crash
    /// of the whole process, seen in CI under load). The body is now read before the timer starts.
    @Test func slowRequestsTimeOutWith503() async throws {
        let server = try await ServerFixture.shared().reconfigured { $0.requestTimeout = .milliseconds(1) }
        try await server.live { http async throws in
            for _ in 0..<10 {
                let reply = try await http.post("/v1/shortlists", key: server.keys.secretariat, json: #"{"per_city": 3, "max_per_startup": 2}"#)
                #expect(reply.status == 503)
                #expect(reply.json["type"]?.string == "urn:citymatch:problem:timeout")
                let search = try await http.post("/v1/search", key: server.keys.secretariat, json: #"{"text": "flooding in low streets", "k": 3}"#)
                // A small search can finish inside 1 ms; either way it must be answered.
                #expect(search.status == 503 || search.status == 200)
            }
            // Still serving: any answer shows the process survived. Under a 1 ms limit even
            // `/healthz` may time out when the machine is busy (seen in a full parallel test run).
            let health = try await http.get("/healthz").status
            #expect(health == 200 || health == 503)
        }
    }

    @Test func badKeysAre401() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            #expect(try await http.get("/v1/cities", key: "cm_nope_nope").status == 401)
            #expect(try await http.get("/v1/cities", headers: [.authorization: "Basic abc"]).status == 401)
            let viaHeader = try await http.get("/v1/cities", headers: [HTTPField.Name("X-API-Key")!: server.keys.seoul])
            #expect(viaHeader.status == 200)
            let revoked = try await server.store.createKey(role: .secretariat, tenant: nil)
            #expect(try await server.store.revokeKey(id: revoked.key.id))
            let reply = try await http.get("/v1/cities", key: revoked.secret)
            #expect(reply.status == 401)
            #expect(reply.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
        }
    }

    /// Odd input of every kind: the server answers each with a 4xx problem and keeps running.
    @Test func hostileInputNeverCrashesTheServer() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
            let bodies = [deep, "\u{0}\u{1}", "nul\u{0}l", #"{"text": "\ud800"}"#, #"{"text": 1e999}"#, #"{"text": "x", "k": 99999999999999999999}"#,
                          #"{"text": "x", "budget_usd": 1e308, "k": -1}"#, "\"just a string\"", "null", "[]", "{}", String(repeating: "{", count: 64)]
            for body in bodies {
                let reply = try await http.post("/v1/search", key: key, json: body)
                #expect((400..<500).contains(reply.status), "\(body.prefix(40)) → \(reply.status)")
                #expect(reply.contentType == "application/problem+json")
            }
            for path in ["/v1/startups/%00", "/v1/startups/..%2F..%2Fetc", "/v1/needs/" + String(repeating: "a", count: 3000) + "/matches",
                         "/v1/explain?need=%ZZ&startup=", "/v1/startups/moonroute-analytics/fit?k=%FF"] {
                let reply = try await http.get(path, key: key)
                #expect((400..<500).contains(reply.status), "\(path.prefix(60)) → \(reply.status)")
            }
            #expect(try await http.get("/healthz").status == 200)
        }
    }
}
