import CityMatchCore
import Foundation
import Testing
@testable import CityMatchStore

/// Counts the texts it is asked to encode; vectors are a deterministic function of the text.
final class CountingEncoder: SentenceEncoder, @unchecked Sendable {
    let modelID = "test/counting"
    let dimension = 8
    private let lock = NSLock()
    private var seen: [String] = []

    var encoded: [String] { lock.withLock { seen } }

    func encode(_ texts: [String]) throws -> Matrix {
        lock.withLock { seen += texts }
        var m = Matrix(rows: texts.count, columns: dimension)
        for (r, t) in texts.enumerated() {
            for (i, b) in t.utf8.enumerated() { m[r, i % dimension] += Float(b) }
        }
        m.normalizeRows()
        return m
    }
}

@Suite struct EmbeddingPipelineTests {
    @Test func reEmbeddingEncodesOnlyTextsThatChanged() async throws {
        let dir = try TestPaths.temporaryDirectory()
        let store = try SQLiteCatalogStore(path: dir.appendingPathComponent("cache.sqlite").path)
        let encoder = CountingEncoder()
        let pipeline = EmbeddingPipeline(encoder: encoder, cache: store)

        let (first, stats1) = try await pipeline.embed(["bins overflow", "buses are late", "bins overflow"])
        #expect(stats1 == .init(texts: 2, cacheHits: 0, encoded: 2))
        let (second, stats2) = try await pipeline.embed(["bins overflow", "buses are late"])
        #expect(stats2 == .init(texts: 2, cacheHits: 2, encoded: 0))
        #expect(second == first)
        let (_, stats3) = try await pipeline.embed(["bins overflow", "buses are always late"])
        #expect(stats3 == .init(texts: 2, cacheHits: 1, encoded: 1))
        #expect(encoder.encoded == ["bins overflow", "buses are late", "buses are always late"])

        // Another model's cache entries are not reused.
        let other = CountingEncoder()
        let (_, stats4) = try await EmbeddingPipeline(encoder: OtherModel(base: other), cache: store).embed(["bins overflow"])
        #expect(stats4.encoded == 1)
    }

    @Test func textHashIsSHA256OfUTF8() {
        #expect(EmbeddingPipeline.textHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

struct OtherModel: SentenceEncoder {
    let base: CountingEncoder
    var modelID: String { "test/other" }
    var dimension: Int { base.dimension }
    func encode(_ texts: [String]) throws -> Matrix { try base.encode(texts) }
}
