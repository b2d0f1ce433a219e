import Foundation
import CityMatchCore
import Testing

@Suite struct OperationsRoutesTests {
    @Test func healthIsPublicAndCountsTheCatalog() async throws {
        try await ServerFixture.shared().live { http async throws in
            let reply = try await http.get("/healthz")
            #expect(reply.status == 200)
            #expect(reply.json["status"]?.string == "ok")
            #expect(reply.json["cities"]?.int == 12)
            #expect(reply.json["startups"]?.int == 150)
        }
    }

    @Test func requestIDIsEchoedOrGenerated() async throws {
        try await ServerFixture.shared().live { http async throws in
            let echoed = try await http.get("/healthz", headers: [.init("X-Request-Id")!: "abc-123"])
            #expect(echoed.headers[.init("X-Request-Id")!] == "abc-123")
            let generated = try await http.get("/healthz", headers: [.init("X-Request-Id")!: "bad id\twith spaces"])
            let id = generated.headers[.init("X-Request-Id")!] ?? ""
            #expect(id.count == 36 && id != "bad id\twith spaces")
        }
    }

    @Test func metricsNeedTheSecretariatAndCountRequests() async throws {
        let server = try await ServerFixture.fresh()
        try await server.live { http async throws in
            _ = try await http.get("/healthz")
            #expect(try await http.get("/metrics").status == 401)
            #expect(try await http.get("/metrics", key: server.keys.seoul).status == 403)
            let reply = try await http.get("/metrics", key: server.keys.secretariat)
            #expect(reply.status == 200)
            #expect(reply.contentType.hasPrefix("text/plain"))
            for name in ["citymatch_http_requests_total{", "citymatch_http_request_duration_seconds_bucket{", "citymatch_index_startups 150",
                         "citymatch_encoder_cache_hits_total", "citymatch_encoder_cache_misses_total",
                         "citymatch_search_rescans_total"] {
                #expect(reply.text.contains(name), "missing \(name)")
            }
            #expect(reply.text.contains(#"route="/healthz""#))
        }
        try await server.reconfigured { $0.publicMetrics = true }.live { http async throws in
            #expect(try await http.get("/metrics").status == 200)
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await ServerFixture.shared().live { http async throws in
            let reply = try await http.get("/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.json["openapi"]?.string?.hasPrefix("3.1") == true)
        }
    }

    @Test func unknownRoutesAndMethodsAreProblems() async throws {
        try await ServerFixture.shared().live { http async throws in
            let missing = try await http.get("/v1/nothing-here")
            #expect(missing.status == 404)
            #expect(missing.contentType == "application/problem+json")
            #expect(missing.json["detail"]?.string?.contains("/openapi.json") == true)
            let wrongMethod = try await http.call(.patch, "/v1/search")
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers[.allow] == "POST")
            #expect(wrongMethod.contentType == "application/problem+json")
        }
    }
}

@Suite struct StaticPageTests {
    /// The page's hook: a folder's files are served at / (index.html for /), publicly.
    @Test func publicFolderIsServedAtTheRoot() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("<!doctype html><title>CityMatch</title>".utf8).write(to: folder.appendingPathComponent("index.html"))
        let server = try await ServerFixture.shared().reconfigured { $0.publicDirectory = folder.path }
        try await server.live { http async throws in
            let page = try await http.get("/")
            #expect(page.status == 200)
            #expect(page.contentType.hasPrefix("text/html"))
            #expect(page.text.contains("<title>CityMatch</title>"))
            #expect(try await http.get("/v1/cities").status == 401)  // the API behind it still needs a key
        }
    }
}
