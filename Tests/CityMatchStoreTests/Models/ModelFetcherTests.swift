import CityMatchCore
import Crypto
import Foundation
import Testing
@testable import CityMatchStore

@Suite struct ModelFetcherTests {
    static func sha(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }

    /// A manifest over two small synthetic files, and a source folder holding them.
    static func fixture(corrupt: Bool = false) throws -> (manifest: ModelManifest, source: URL, target: URL) {
        let root = try TestPaths.temporaryDirectory()
        let source = root.appendingPathComponent("source"), target = root.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let files: [(String, Data)] = [("vocab.txt", Data("[PAD]\n[UNK]\n".utf8)), ("model.safetensors", Data((0..<1000).map { UInt8($0 % 251) }))]
        var entries: [ModelManifest.File] = []
        for (name, data) in files {
            entries.append(.init(name: name, sha256: sha(data), bytes: data.count))
            var written = data
            if corrupt && name == "model.safetensors" { written[10] ^= 0xFF }
            try written.write(to: source.appendingPathComponent(name))
        }
        var manifest = ModelManifest.builtIn
        manifest.files = entries
        return (manifest, source, target)
    }

    @Test func refusesWrongChecksumAndLeavesNoBadFile() throws {
        let (manifest, source, target) = try Self.fixture(corrupt: true)
        let fetcher = ModelFetcher(directory: ModelDirectory(url: target), manifest: manifest)
        let bad = try Data(contentsOf: source.appendingPathComponent("model.safetensors"))
        do {
            _ = try fetcher.fetch(from: source)
            Issue.record("fetch accepted a corrupted file")
        } catch let error as ModelFetchError {
            #expect(error == .checksumMismatch(file: "model.safetensors", expected: manifest.files[1].sha256, actual: Self.sha(bad)))
            #expect(error.description.contains("model.safetensors"))
            #expect(error.description.contains(manifest.files[1].sha256))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: target.path)
        #expect(!left.contains("model.safetensors"))
        let partials = left.filter { $0.contains("partial") }
        #expect(partials.isEmpty, "\(left)")
    }

    @Test func installsThenIsIdempotentAndRepairs() throws {
        let (manifest, source, target) = try Self.fixture()
        var lines: [String] = []
        let box = LogBox()
        let fetcher = ModelFetcher(directory: ModelDirectory(url: target), manifest: manifest, log: { box.append($0) })
        #expect(try fetcher.fetch(from: source) == .installed(["vocab.txt", "model.safetensors"]))
        let allVerified = fetcher.status().allSatisfy { $0.verified }
        #expect(allVerified)
        #expect(try fetcher.fetch(from: source) == .alreadyInstalled)
        lines = box.lines
        #expect(lines.last?.contains("nothing to do") == true)
        // A damaged installed file is detected and replaced.
        try Data("garbage".utf8).write(to: target.appendingPathComponent("vocab.txt"))
        #expect(try fetcher.fetch(from: source) == .installed(["vocab.txt"]))
        #expect(try fetcher.fetch(from: source) == .alreadyInstalled)
        // A damaged file with a damaged source is removed, not left in place.
        try Data("garbage".utf8).write(to: target.appendingPathComponent("vocab.txt"))
        try Data("also garbage".utf8).write(to: source.appendingPathComponent("vocab.txt"))
        #expect(throws: ModelFetchError.self) { try fetcher.fetch(from: source) }
        #expect(!FileManager.default.fileExists(atPath: target.appendingPathComponent("vocab.txt").path))
    }

    @Test func missingSourceFileIsReported() throws {
        let (manifest, source, target) = try Self.fixture()
        try FileManager.default.removeItem(at: source.appendingPathComponent("vocab.txt"))
        let fetcher = ModelFetcher(directory: ModelDirectory(url: target), manifest: manifest)
        #expect(throws: ModelFetchError.sourceFileMissing(file: "vocab.txt", path: source.appendingPathComponent("vocab.txt").path)) {
            try fetcher.fetch(from: source)
        }
    }

    @Test func builtInManifestEqualsCommittedManifest() throws {
        let url = TestPaths.repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2/manifest.json")
        let committed = try ModelManifest(json: Data(contentsOf: url))
        #expect(committed == ModelManifest.builtIn)
        #expect(committed.files.map(\.name).sorted() == ModelDirectory.requiredFiles.sorted())
        #expect(committed.dimension == 384 && committed.maxTokens == 256 && committed.normalized && committed.pooling == "mean")
    }
}

final class LogBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ s: String) { lock.lock(); stored.append(s); lock.unlock() }
    var lines: [String] { lock.lock(); defer { lock.unlock() }; return stored }
}

@Suite struct ModelDirectoryTests {
    @Test func resolutionOrder() {
        let env = [ModelDirectory.environmentVariable: "/env/model"]
        #expect(ModelDirectory.resolve(explicit: "/explicit", environment: env, currentDirectory: "/cwd").path == "/explicit")
        #expect(ModelDirectory.resolve(explicit: nil, environment: env, currentDirectory: "/cwd").path == "/env/model")
        #expect(ModelDirectory.resolve(explicit: nil, environment: [:], currentDirectory: "/cwd").path == "/cwd/models/all-minilm-l6-v2")
        #expect(ModelDirectory.resolve(explicit: "rel", environment: [:], currentDirectory: "/cwd").path == "/cwd/rel")
    }

    @Test func missingWeightsGiveAClearMessage() throws {
        let dir = try TestPaths.temporaryDirectory()
        #expect(throws: ModelDirectoryError.self) { try ModelDirectory(url: dir).loadEncoder() }
        do { _ = try ModelDirectory(url: dir).loadEncoder() } catch {
            #expect(String(describing: error).contains("model weights missing: run `citymatch model fetch`"))
        }
    }

    @Test func mappedFileReadsBytes() throws {
        let dir = try TestPaths.temporaryDirectory()
        let url = dir.appendingPathComponent("f.bin")
        try Data([1, 2, 3, 4, 5]).write(to: url)
        let mapped = try MappedFile(path: url.path)
        #expect(Array(mapped.bytes) == [1, 2, 3, 4, 5])
        try Data().write(to: url)
        #expect(try MappedFile(path: url.path).bytes.isEmpty)
        #expect(throws: MappedFileError.self) { try MappedFile(path: dir.appendingPathComponent("none").path) }
    }

    /// Loads the real model through the store (needs the weights: CI fetches them first).
    @Test func loadsTheRealModel() throws {
        var dir = ModelDirectory(url: TestPaths.repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2"))
        if let env = ProcessInfo.processInfo.environment[ModelDirectory.environmentVariable], !env.isEmpty {
            dir = ModelDirectory(url: URL(fileURLWithPath: env))
        }
        guard dir.missingFiles().isEmpty else {
            Issue.record("model weights missing: run `citymatch model fetch` (looked in \(dir.path))")
            return
        }
        let encoder = try dir.loadEncoder()
        #expect(encoder.dimension == 384)
        #expect(encoder.modelID == "sentence-transformers/all-MiniLM-L6-v2")
        let m = try encoder.encode(["The weather is lovely today.", "It's so sunny outside!"])
        let cos = zip(m.row(0), m.row(1)).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs(cos - 0.6660) < 0.0001)
        let verified = ModelFetcher(directory: dir).status().allSatisfy { $0.verified }
        #expect(verified)
    }
}
