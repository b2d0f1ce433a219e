import CityMatchCore
import Testing

/// Reads of needs, startups and cities; matches, fit reports, explanations and shortlists.
@Suite struct RecordRoutesTests {
    @Test func needMatchesAreTheRankOutput() async throws {
        let server = try await ServerFixture.shared()
        let engine = server.server.catalog.current.engine
        let expected = engine.rank(try #require(engine.query(forNeed: "seoul-night-travel")), k: 4)
        try await server.live { http async throws in
            let reply = try await http.get("/v1/needs/seoul-night-travel/matches?k=4", key: server.keys.busan)
            #expect(reply.status == 200)
            #expect(reply.json["need"]?.string == "seoul-night-travel")
            #expect(reply.json["results"]?.array?.map { $0["startup"]?.string } == expected.map { Optional($0.startupID) })
            #expect(try await http.get("/v1/needs/nope/matches", key: server.keys.busan).status == 404)
            #expect(try await http.get("/v1/needs/seoul-night-travel/matches?k=0", key: server.keys.busan).status == 422)
            #expect(try await http.get("/v1/needs/seoul-night-travel/matches?k=ten", key: server.keys.busan).status == 422)
            #expect(try await http.get("/v1/needs/seoul-night-travel/matches?require_language=maybe", key: server.keys.busan).status == 422)
        }
    }

    @Test func recordsReadBackAsCatalogLines() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let need = try await http.get("/v1/needs/busan-port-soot", key: server.keys.seoul)
            #expect(need.status == 200)
            #expect(need.json["city"]?.string == "busan")
            let startup = try await http.get("/v1/startups/flowsignal", key: server.keys.flowsignal)
            #expect(startup.json["name"]?.string == "FlowSignal")
            let city = try await http.get("/v1/cities/seoul", key: server.keys.moonroute)
            #expect(city.json["geonames_id"]?.int == 1835848)  // unknown fields survive
            let cities = try await http.get("/v1/cities", key: server.keys.moonroute)
            #expect(cities.json["cities"]?.array?.count == 12)
            #expect(try await http.get("/v1/startups/nope", key: server.keys.secretariat).status == 404)
        }
    }

    @Test func fitReportInThreeFormats() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let key = server.keys.moonroute
            let json = try await http.get("/v1/startups/moonroute-analytics/fit?k=3", key: key)
            #expect(json.status == 200)
            #expect(json.json["startup"]?.string == "moonroute-analytics")
            #expect(json.json["best_needs"]?.array?.count == 3)
            let markdown = try await http.get("/v1/startups/moonroute-analytics/fit", key: key, headers: [.accept: "text/markdown"])
            #expect(markdown.contentType.hasPrefix("text/markdown"))
            let html = try await http.get("/v1/startups/moonroute-analytics/fit", key: key, headers: [.accept: "text/html,*/*;q=0.8"])
            #expect(html.contentType.hasPrefix("text/html"))
            #expect(html.text.contains("<html"))
        }
    }

    @Test func explainMatchesTheCLIShape() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let reply = try await http.get("/v1/explain?need=seoul-night-travel&startup=moonroute-analytics", key: server.keys.seoul)
            #expect(reply.status == 200)
            #expect(reply.json["rank"]?.int == 1)
            #expect(reply.json["of"]?.int == 150)
            #expect(reply.json["breakdown"]?["reasons"]?.array?.isEmpty == false)
            #expect(try await http.get("/v1/explain?need=seoul-night-travel", key: server.keys.seoul).status == 422)
            #expect(try await http.get("/v1/explain?need=nope&startup=flowsignal", key: server.keys.seoul).status == 404)
        }
    }

    @Test func shortlistsAsJSONAndCSV() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let body = #"{"per_city": 2, "max_per_startup": 1, "max_per_country": 1}"#
            let json = try await http.post("/v1/shortlists", key: key, json: body)
            #expect(json.status == 200, "\(json.text)")
            let lists = json.json["shortlists"]?.array ?? []
            #expect(lists.count == 12)
            #expect(lists.allSatisfy { ($0["entries"]?.array?.count ?? 0) <= 2 })
            #expect(json.json["audit"]?["parameters"]?["per_city"]?.int == 2)
            let csv = try await http.post("/v1/shortlists", key: key, json: body, headers: [.accept: "text/csv"])
            #expect(csv.contentType.hasPrefix("text/csv"))
            #expect(csv.text.hasPrefix("city,rank,startup,need,score"))
            #expect(try await http.post("/v1/shortlists", key: key, json: #"{"per_city": 2}"#).status == 422)
            #expect(try await http.post("/v1/shortlists", key: key, json: #"{"per_city": 2, "max_per_startup": 1, "min_score": 2}"#).status == 422)
        }
    }
}
