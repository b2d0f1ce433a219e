import Foundation
import Testing

/// Every walkthrough in notebooks-cli/ runs against the built `citymatch` and shows exactly what it prints.
@Suite struct NotebookTests {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let notebooks: [String] = {
        let dir = repositoryRoot.appendingPathComponent("notebooks-cli")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }()

    /// The folder holding the `citymatch` built with these tests (beside the test bundle).
    static func binaryDirectory() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["CITYMATCH_BIN_DIR"] { return URL(fileURLWithPath: explicit) }
        var candidates = [URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(), Bundle.main.bundleURL]
        candidates += candidates.map { $0.deletingLastPathComponent() }
        for dir in candidates where FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("citymatch").path) {
            return dir
        }
        throw NotebookError.binaryNotFound(candidates.map(\.path))
    }

    enum NotebookError: Error { case binaryNotFound([String]) }

    @Test func thereAreNotebooks() {
        #expect(Self.notebooks.contains("01-import.md"))
    }

    @Test(arguments: notebooks)
    func notebookOutputMatches(name: String) throws {
        let runner = NotebookRunner(repositoryRoot: Self.repositoryRoot, binaryDirectory: try Self.binaryDirectory())
        let mismatches = try runner.run(notebook: Self.repositoryRoot.appendingPathComponent("notebooks-cli/\(name)"))
        for mismatch in mismatches { Issue.record("\(mismatch)") }
        #expect(mismatches.isEmpty)
    }

    @Test func placeholdersMatchAsDocumented() {
        #expect(NotebookRunner.lineMatches(pattern: "took [..] ms", line: "took 12.5 ms"))
        #expect(NotebookRunner.lineMatches(pattern: "[..]/x.sqlite", line: "/tmp/a/x.sqlite"))
        #expect(!NotebookRunner.lineMatches(pattern: "took [..] ms", line: "took 12.5 s"))
        #expect(NotebookRunner.matches(expected: ["a", "...", "z"], actual: ["a", "b", "c", "z"]))
        #expect(NotebookRunner.matches(expected: ["a", "...", "z"], actual: ["a", "z"]))
        #expect(!NotebookRunner.matches(expected: ["a", "z"], actual: ["a", "b", "z"]))
        let commands = NotebookRunner.commands(inMarkdown: "x\n```console\n$ citymatch a\nout\n\n$ citymatch b\n```\n```sh\n$ no\n```")
        #expect(commands.map(\.text) == ["citymatch a", "citymatch b"])
        #expect(commands[0].expected == ["out"])
    }
}
