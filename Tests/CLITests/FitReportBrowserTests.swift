import Foundation
import Testing

/// The HTML fit report renders in a real browser (Debian's headless Chromium) without console
/// errors, and the screenshot is a real picture of it.
@Suite(.serialized) struct FitReportBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs a program, returning its combined output and exit status.
    static func run(_ executable: String, _ arguments: [String], in directory: URL) throws -> (String, Int32) {
        var environment = ProcessInfo.processInfo.environment
        environment["CITYMATCH_MODEL_DIR"] = NotebookTests.repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path
        environment["XDG_CACHE_HOME"] = directory.appendingPathComponent(".cache").path
        let result = try TestProcess.run(executable, arguments, in: directory, environment: environment, timeout: 300)
        return (result.output, result.status)
    }

    /// Console messages Chromium logged while loading `page`, and the screenshot's size.
    static func render(_ page: URL, screenshot: URL, in directory: URL) throws -> (console: [String], bytes: Int) {
        guard let chromium else { throw BrowserMissing() }
        let (log, status) = try run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                               "--window-size=1200,1600", "--user-data-dir=\(directory.appendingPathComponent("chromium-profile").path)",
                                               "--no-first-run", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                                               "--screenshot=\(screenshot.path)", page.absoluteString], in: directory)
        #expect(status == 0, "chromium failed: \(log)")
        let console = log.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        return (console, bytes)
    }

    struct BrowserMissing: Error, CustomStringConvertible {
        var description: String { "chromium is not installed (apt-get install chromium; scripts/test does it)" }
    }

    @Test func htmlFitReportRendersWithoutConsoleErrors() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let binary = try NotebookTests.binaryDirectory().appendingPathComponent("citymatch").path
        let report = work.appendingPathComponent("fit.html")
        let sample = NotebookTests.repositoryRoot.appendingPathComponent("datasets/sample").path
        let (output, status) = try Self.run(binary, ["fit", "safecircle", "--catalog", sample, "--k", "3", "--format", "html", "--out", report.path], in: work)
        try #require(status == 0, "citymatch fit failed: \(output)")
        let html = try String(contentsOf: report, encoding: .utf8)
        #expect(html.contains("Fit report: SafeCircle") && html.contains("<svg"))

        let (console, bytes) = try Self.render(report, screenshot: work.appendingPathComponent("fit.png"), in: work)
        #expect(console.isEmpty, "console messages: \(console)")
        #expect(bytes > 20_000, "the screenshot is suspiciously small (\(bytes) bytes)")
    }

    /// The check above would notice a broken page: a script error shows up as a console message.
    @Test func consoleErrorsAreDetected() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-browser-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let page = work.appendingPathComponent("broken.html")
        try "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>".write(to: page, atomically: true, encoding: .utf8)
        let (console, _) = try Self.render(page, screenshot: work.appendingPathComponent("broken.png"), in: work)
        #expect(console.contains { $0.contains("undefinedFunction") })
    }
}
