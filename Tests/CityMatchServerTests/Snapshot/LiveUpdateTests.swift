import CityMatchCore
import Testing

/// Writes through the API: validated like an import, persisted, and visible to the next search.
@Suite struct LiveUpdateTests {
    static let drone = #"""
    {"name": "Skylark Canopy", "description": "Skylark maps urban tree canopy and heat islands with drones and thermal cameras, and plans street-tree planting where shade cuts heat stress most.", "capabilities": ["Thermal drone surveys of urban heat islands", "Tree canopy mapping", "Street-tree planting plans"], "domains": ["climate", "urban-heat"], "country": "ES", "languages": ["es", "en"]}
    """#
    static let query = #"{"text": "Thermal drone surveys to map urban heat islands and plan street-tree planting for shade.", "k": 3}"#

    @Test func putThenSearchFindsItThenDeleteRemovesIt() async throws {
        let server = try await ServerFixture.fresh()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let before = try await http.post("/v1/search", key: key, json: Self.query)
            #expect(before.json["results"]?.array?.contains { $0["startup"]?.string == "skylark-canopy" } == false)

            let created = try await http.put("/v1/startups/skylark-canopy", key: key, json: Self.drone)
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["id"]?.string == "skylark-canopy")
            let again = try await http.put("/v1/startups/skylark-canopy", key: key, json: Self.drone)
            #expect(again.status == 200)

            let after = try await http.post("/v1/search", key: key, json: Self.query)
            #expect(after.json["results"]?[0]?["startup"]?.string == "skylark-canopy", "\(after.text.prefix(400))")
            #expect(try await server.store.catalog().startups.contains { $0.id == "skylark-canopy" })

            #expect(try await http.delete("/v1/startups/skylark-canopy", key: key).status == 204)
            let gone = try await http.post("/v1/search", key: key, json: Self.query)
            #expect(gone.json["results"]?.array?.contains { $0["startup"]?.string == "skylark-canopy" } == false)
            #expect(try await http.get("/v1/startups/skylark-canopy", key: key).status == 404)
            #expect(try await http.delete("/v1/startups/skylark-canopy", key: key).status == 404)
            #expect(try await server.store.catalog().startups.contains { $0.id == "skylark-canopy" } == false)
        }
    }

    @Test func onlyChangedTextsAreReencoded() async throws {
        let server = try await ServerFixture.fresh()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let misses = { (text: String) -> Int in
                let line = text.split(separator: "\n").first { $0.hasPrefix("citymatch_encoder_cache_misses_total") } ?? ""
                return Int(line.split(separator: " ").last.map(String.init) ?? "") ?? -1
            }
            let start = misses(try await http.get("/metrics", key: key).text)
            // A constraint-only change (same texts) encodes nothing.
            var record = try await http.get("/v1/startups/flowsignal", key: key).json.object ?? [:]
            record["min_contract_usd"] = .integer(12345)
            #expect(try await http.put("/v1/startups/flowsignal", key: key, json: JSONValue.object(record).serialized()).status == 200)
            #expect(misses(try await http.get("/metrics", key: key).text) == start)
            // A new capability encodes the new full text and the one new statement.
            record["capabilities"] = .array([.string("Pedestrian flow counting with lidar at festival sites")])
            #expect(try await http.put("/v1/startups/flowsignal", key: key, json: JSONValue.object(record).serialized()).status == 200)
            let added = misses(try await http.get("/metrics", key: key).text) - start
            #expect(added >= 1 && added <= 3, "encoded \(added) texts")
        }
    }

    @Test func invalidRecordIs422WithFieldsAndStoreUnchanged() async throws {
        let server = try await ServerFixture.fresh()
        let before = try await server.store.catalog()
        try await server.live { http async throws in
            let key = server.keys.secretariat
            let bad = #"{"name": "Broken", "description": "x", "country": "Spain", "languages": ["english"], "founded": 1700}"#
            let reply = try await http.put("/v1/startups/broken-one", key: key, json: bad)
            #expect(reply.status == 422)
            #expect(reply.contentType == "application/problem+json")
            let fields = Set((reply.json["errors"]?.array ?? []).compactMap { $0["field"]?.string })
            #expect(fields.isSuperset(of: ["country", "languages[0]", "founded"]), "\(reply.text)")
            #expect(reply.json["errors"]?[0]?["file"]?.string == "startups.jsonl")
            #expect(reply.json["errors"]?[0]?["line"]?.int == 1)
            #expect(reply.json["detail"]?.string?.contains("field 'country'") == true)

            // Replacing a good record with a bad one leaves the good one.
            let badUpdate = #"{"id": "flowsignal", "name": "", "description": "x", "country": "KR"}"#
            #expect(try await http.put("/v1/startups/flowsignal", key: key, json: badUpdate).status == 422)
            // The path's id wins: a different id in the body is refused.
            #expect(try await http.put("/v1/startups/flowsignal", key: key, json: #"{"id": "other", "name": "n", "description": "d", "country": "KR"}"#).status == 422)
            // References are checked against the store: an unknown city.
            let orphan = try await http.put("/v1/needs/new-need", key: key, json: #"{"city": "atlantis", "title": "t", "description": "d"}"#)
            #expect(orphan.status == 422)
            #expect(orphan.json["errors"]?[0]?["field"]?.string == "city")
            #expect(try await http.put("/v1/startups/Bad_ID", key: key, json: #"{"name": "n", "description": "d", "country": "KR"}"#).status == 422)
            #expect(try await http.put("/v1/startups/flowsignal", key: key, json: "{not json").status == 400)
        }
        #expect(try await server.store.catalog() == before)
        #expect(server.server.catalog.current.version == 1)
    }

    @Test func needsAndCitiesToo() async throws {
        let server = try await ServerFixture.fresh()
        try await server.live { http async throws in
            let seoul = server.keys.seoul
            let need = #"{"city": "seoul", "title": "Heat on bus stops", "description": "Bus stops on wide avenues have no shade; riders wait in 35 degree heat. We want shade and cooling."}"#
            #expect(try await http.put("/v1/needs/seoul-bus-stop-heat", key: seoul, json: need).status == 201)
            #expect(try await http.get("/v1/needs/seoul-bus-stop-heat/matches?k=2", key: seoul).json["results"]?.array?.count == 2)
            #expect(try await http.delete("/v1/needs/seoul-bus-stop-heat", key: seoul).status == 204)
            #expect(try await http.get("/v1/needs/seoul-bus-stop-heat/matches", key: seoul).status == 404)

            let city = #"{"name": "Suwon", "country": "KR", "languages": ["ko"]}"#
            #expect(try await http.put("/v1/cities/suwon", key: server.keys.secretariat, json: city).status == 201)
            let search = try await http.post("/v1/search", key: seoul, json: #"{"text": "night buses", "city": "suwon", "k": 1}"#)
            #expect(search.status == 200)
        }
    }

    /// Writes race each other and readers: all land, one at a time, and every snapshot a reader
    /// takes is whole (its index covers exactly its catalog's startups).
    /// (Driven through the service: the HTTP test client serialises requests on one connection.)
    @Test func concurrentWritesAllLandAndReadersSeeWholeSnapshots() async throws {
        let server = try await ServerFixture.fresh()
        let service = server.server.catalog
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<4 {
                group.addTask {
                    let record: [String: JSONValue] = ["id": .string("bulk-\(i)"), "name": .string("Bulk \(i)"),
                                                       "description": .string("Sensor networks for air quality number \(i)."), "country": .string("KR")]
                    let (outcome, _) = try await service.upsert(.startup, object: record)
                    #expect(outcome == .created)
                }
                group.addTask {
                    for _ in 0..<20 {
                        let snapshot = service.current
                        #expect(snapshot.engine.startupIndex.count == snapshot.catalog.startups.count)
                        #expect(snapshot.engine.embeddings.startupText.rows == snapshot.catalog.startups.count)
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        let ids = try await server.store.catalog().startups.map(\.id)
        #expect((0..<4).allSatisfy { ids.contains("bulk-\($0)") })
        #expect(service.current.version == 5)
        #expect(service.current.catalog.startups.count == 154)
        try await server.live { http async throws in
            let reply = try await http.get("/v1/startups/bulk-3", key: server.keys.secretariat)
            #expect(reply.status == 200)
        }
    }
}
