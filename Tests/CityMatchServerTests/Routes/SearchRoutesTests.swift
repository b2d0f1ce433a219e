import CityMatchCore
import Testing

@Suite struct SearchRoutesTests {
    static let nightBus = #"{"text": "Our night buses follow old daytime routes; we need to know where people travel between midnight and 5 a.m. to redraw the network.", "city": "seoul", "k": 5}"#

    @Test func searchRanksWithBreakdownsAndEvidence() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let reply = try await http.post("/v1/search", key: server.keys.seoul, json: Self.nightBus)
            #expect(reply.status == 200, "\(reply.text)")
            let results = reply.json["results"]?.array ?? []
            #expect(results.count == 5)
            #expect(results.first?["startup"]?.string == "moonroute-analytics")
            #expect(results.first?["name"]?.string == "Moonroute Analytics")
            #expect(results.first?["rank"]?.int == 1)
            let breakdown = results.first?["breakdown"]
            #expect(breakdown?["contributions"]?.array?.count == 10)
            #expect((breakdown?["evidence"]?.array?.count ?? 0) > 0)
            #expect(reply.json["constraints"]?["city"]?.string == "seoul")
            #expect(reply.json["query"]?.string?.hasPrefix("Our night buses") == true)
        }
    }

    @Test func searchAgreesWithTheEngine() async throws {
        // The API's numbers are the core's: rank the same query directly and compare scores.
        let server = try await ServerFixture.shared()
        let text = "Flooding from typhoon storm surge in the harbour district; we need early warning sensors."
        let engine = server.server.catalog.current.engine
        var query = try server.server.catalog.builder.query(text: text, city: nil, languages: nil, budgetUSD: nil)
        query.domains = engine.inferredDomains(for: query)
        let expected = engine.rank(query, k: 3)
        try await server.live { http async throws in
            let reply = try await http.post("/v1/search", key: server.keys.secretariat, json: #"{"text": "\#(text)", "k": 3}"#)
            let results = reply.json["results"]?.array ?? []
            #expect(results.map { $0["startup"]?.string } == expected.map(\.startupID))
            #expect(results.map { $0["score"]?.doubleValue } == expected.map { Optional($0.score) })
        }
    }

    @Test func searchValidatesItsInput() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let cases: [(String, Int, String)] = [
                (#"{"text": ""}"#, 422, "text"),
                (#"{"city": "seoul"}"#, 422, "text"),
                (#"{"text": "x", "city": "atlantis"}"#, 422, "city"),
                (#"{"text": "x", "languages": ["xx"]}"#, 422, "languages[0]"),
                (#"{"text": "x", "languages": "ko"}"#, 422, "languages"),
                (#"{"text": "x", "budget_usd": -5}"#, 422, "budget_usd"),
                (#"{"text": "x", "k": 0}"#, 422, "k"),
                (#"{"text": "x", "k": 101}"#, 422, "k"),
                (#"{"text": "x", "k": 2.5}"#, 422, "k"),
                (#"{"text": "x", "colour": "red"}"#, 422, "colour"),
                (#"{"text": 5}"#, 422, "text"),
                (#"[1, 2]"#, 422, ""),
                (#"{"text": "x",}"#, 400, ""),
                (#"{"text": "a", "text": "b"}"#, 400, ""),
                ("", 400, ""),
            ]
            for (body, status, field) in cases {
                let reply = try await http.post("/v1/search", key: key, json: body)
                #expect(reply.status == status, "\(body) → \(reply.status) \(reply.text)")
                #expect(reply.contentType == "application/problem+json")
                if !field.isEmpty { #expect(reply.json["detail"]?.string?.contains("'\(field)'") == true, "\(body): \(reply.text)") }
            }
        }
    }

    @Test func anonymousSearchOnlyWithPublicSearch() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            #expect(try await http.post("/v1/search", json: Self.nightBus).status == 401)
        }
        try await server.reconfigured { $0.publicSearch = true }.live { http async throws in
            #expect(try await http.post("/v1/search", json: Self.nightBus).status == 200)
            #expect(try await http.get("/v1/cities").status == 200)
            #expect(try await http.get("/v1/needs/seoul-night-travel/matches").status == 401)
        }
    }
}
