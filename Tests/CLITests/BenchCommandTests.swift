import Foundation
import Testing

/// The benchmark commands keep working: each runs at a tiny size and prints its documented JSON.
/// (Speed is measured by running them by hand, never by a timed test.)
@Suite struct BenchCommandTests {
    private func json(_ arguments: [String], stdin: String? = nil) throws -> [String: Any] {
        let binary = try NotebookTests.binaryDirectory().appendingPathComponent("citymatch").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = NotebookTests.repositoryRoot
        var environment = ProcessInfo.processInfo.environment
        environment["CITYMATCH_MODEL_DIR"] = NotebookTests.repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "citymatch \(arguments.joined(separator: " ")) failed")
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func benchSearchReportsTheDocumentedFields() throws {
        let result = try json(["bench", "search", "--n", "2000", "--dim", "32", "--queries", "3", "--k", "5", "--runs", "2", "--format", "json"])
        for key in ["median_ms", "qps", "recall", "peak_rss_bytes", "index_bytes"] { #expect(result[key] != nil, "\(key)") }
        #expect(result["recall"] as? Double == 1)
        #expect(result["index_bytes"] as? Int == 2000 * 32 * 4)
    }

    @Test func benchSearchLimitsReportsBothFloors() throws {
        let one = try json(["bench", "search", "--n", "5000", "--dim", "32", "--queries", "1", "--k", "5", "--runs", "1", "--limits", "--format", "json"])
        let read = try #require(one["read_once_ms"] as? Double), products = try #require(one["products_only_ms"] as? Double)
        #expect(read > 0 && products > 0)
        #expect(one["limit_ms"] as? Double == read, "one query: the floor is one read of the base")
        let batch = try json(["bench", "search", "--n", "5000", "--dim", "32", "--queries", "20", "--k", "5", "--runs", "1", "--limits", "--format", "json"])
        let batchRead = try #require(batch["read_once_ms"] as? Double), batchProducts = try #require(batch["products_only_ms"] as? Double)
        #expect(batch["limit_ms"] as? Double == max(batchRead, batchProducts))
    }

    @Test func benchSearchInt8ReportsRecallAndMemory() throws {
        let result = try json(["bench", "search", "--n", "3000", "--dim", "32", "--queries", "4", "--k", "5", "--runs", "1",
                               "--index", "int8", "--threads", "2", "--format", "json"])
        for key in ["median_ms", "qps", "recall", "peak_rss_bytes", "index_bytes", "rescore_store_bytes"] { #expect(result[key] != nil, "\(key)") }
        #expect((result["recall"] as? Double ?? 0) >= 0.9)
        #expect(result["index_bytes"] as? Int == 3000 * 32 + 4 * 3000)
        #expect(result["rescore_store_bytes"] as? Int == 3000 * 32 * 4)
    }

    @Test func benchSearchIVFSweepsProbesOnClusteredData() throws {
        let result = try json(["bench", "search", "--n", "3000", "--dim", "16", "--queries", "5", "--k", "5", "--runs", "1",
                               "--index", "ivf", "--clusters", "20", "--nlist", "20", "--nprobe", "1,20", "--format", "json"])
        for key in ["median_ms", "qps", "recall", "peak_rss_bytes", "index_bytes", "nlist", "build_ms"] { #expect(result[key] != nil, "\(key)") }
        let sweep = try #require(result["sweep"] as? [[String: Any]])
        #expect(sweep.map { $0["nprobe"] as? Int } == [1, 20])
        #expect(sweep.last?["recall"] as? Double == 1) // every list probed: exact
        #expect((result["index_bytes"] as? Int ?? 0) >= 3000 * 16 * 4)
    }

    @Test func benchSearchWritesTheVectorFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-vectors-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try json(["bench", "search", "--n", "100", "--dim", "8", "--queries", "3", "--k", "2", "--runs", "1",
                      "--write-vectors", file.path, "--format", "json"])
        let data = try Data(contentsOf: file)
        #expect(data.count == 32 + (100 + 3) * 8 * 4)
        #expect(String(decoding: data.prefix(4), as: UTF8.self) == "CMVB")
    }

    @Test func benchEncodeReportsThroughput() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-bench-\(UUID().uuidString).txt")
        try "Bins overflow before collection.\nBuses are always late.\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try json(["bench", "encode", "--file", file.path, "--runs", "1", "--format", "json"])
        #expect((result["tokens_per_s"] as? Double ?? 0) > 0)
        #expect((result["texts_per_s"] as? Double ?? 0) > 0)
        #expect(result["texts"] as? Int == 2)
    }
}
