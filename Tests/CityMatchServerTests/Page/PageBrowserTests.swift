import CityMatchCore
import Foundation
import Testing

/// The web page at `/`, driven by Debian's headless Chromium against the real server on a
/// loopback port: a city's search and a startup's fit report render with their reasons.
@Suite(.serialized) struct PageBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    struct BrowserMissing: Error, CustomStringConvertible {
        var description: String { "chromium is not installed (apt-get install chromium; scripts/test does it)" }
    }

    /// The DOM after the page's scripts ran (and its fetches answered), and Chromium's console lines.
    static func render(_ url: String) async throws -> (dom: String, console: [String]) {
        guard let chromium else { throw BrowserMissing() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let (dom, log, status) = try await run(chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage",
            "--user-data-dir=\(work.appendingPathComponent("profile").path)",
            "--enable-logging=stderr", "--v=0", "--virtual-time-budget=30000", "--dump-dom", url,
        ], in: work)
        #expect(status == 0, "chromium failed: \(log)")
        return (dom, log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init))
    }

    /// Runs a program without blocking a concurrency thread (the server under test needs them).
    static func run(_ executable: String, _ arguments: [String], in directory: URL, timeout: Duration = .seconds(120)) async throws -> (String, String, Int32) {
        let out = directory.appendingPathComponent("stdout"), err = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        defer { try? outHandle.close(); try? errHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                Issue.record("\(executable) did not finish within \(timeout)")
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.waitUntilExit()
        return (try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8), process.terminationStatus)
    }

    /// Occurrences of `needle` in `text`.
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func aCitySearchShowsRankedProvidersWithReasons() async throws {
        let server = try await ServerFixture.shared().reconfigured { $0.publicSearch = true }
        try await server.live { http in
            let port = try #require(http.client.port)
            let need = "Garbage overflows in narrow alleys before collection; trucks cannot enter; Korean-speaking vendor, under $200k"
            let query = need.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            let (dom, console) = try await Self.render("http://127.0.0.1:\(port)/#q=\(query)&k=3")
            #expect(console.isEmpty, "console messages: \(console)")
            #expect(dom.contains("3 provider(s), best first."))
            #expect(dom.contains("Understood — languages: ko · budget: $200,000"))
            #expect(Self.count("class=\"result\" data-startup=", in: dom) == 3)
            #expect(dom.contains("does not deliver in Korean, which the need requires"), "the reasons are shown")

            // The page shows what the API ranks, in the same order.
            let reply = try await http.post("/v1/search", json: #"{"text": "\#(need)", "k": 3}"#)
            let ids = (reply.json["results"]?.array ?? []).compactMap { $0["startup"]?.string }
            #expect(ids.count == 3)
            let positions = ids.compactMap { dom.range(of: "data-startup=\"\($0)\"")?.lowerBound }
            #expect(positions.count == 3 && positions == positions.sorted(), "order on the page: \(ids)")
        }
    }

    @Test func aStartupOpensItsFitReport() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http in
            let port = try #require(http.client.port)
            let (dom, console) = try await Self.render("http://127.0.0.1:\(port)/#key=\(server.keys.moonroute)&startup=moonroute-analytics")
            #expect(console.isEmpty, "console messages: \(console)")
            #expect(dom.contains("Fit report: moonroute-analytics"))
            #expect(dom.contains("5 need(s)."))
            #expect(Self.count("<tr data-need=", in: dom) == 5)
            #expect(dom.contains("What would raise your fit"))
        }
    }

    @Test func anotherStartupsReportIsRefusedOnThePage() async throws {
        let server = try await ServerFixture.shared()
        try await server.live { http in
            let port = try #require(http.client.port)
            let (dom, _) = try await Self.render("http://127.0.0.1:\(port)/#key=\(server.keys.moonroute)&startup=flowsignal")
            #expect(dom.contains("class=\"status error\""), "the refusal is shown as an error")
            #expect(!dom.contains("<tr data-need="))
        }
    }
}
