import CityMatchCore
import Foundation

/// Encodes texts through a cache: only texts whose (model id, SHA-256) is not stored are
/// run through the encoder, in batches, and their vectors stored for next time.
public struct EmbeddingPipeline: Sendable {
    public let encoder: any SentenceEncoder
    public let cache: any CatalogStore
    /// Texts encoded per batch (and written to the cache per transaction), so an interrupted
    /// run keeps what it finished.
    public var batchSize = 256

    public init(encoder: any SentenceEncoder, cache: any CatalogStore) {
        self.encoder = encoder
        self.cache = cache
    }

    /// What one call did.
    public struct Statistics: Sendable, Equatable {
        public var texts = 0
        public var cacheHits = 0
        public var encoded = 0
    }

    /// SHA-256 of the text's UTF-8 bytes, lower-case hex.
    public static func textHash(_ text: String) -> String { SHA256Hex.digest(text) }

    /// A vector per distinct text.
    ///
    /// - Complexity: O(texts) cache look-ups plus one forward pass per uncached text.
    public func embed(_ texts: [String], progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> ([String: [Float]], Statistics) {
        var unique: [String] = []
        var seen = Set<String>()
        for t in texts where seen.insert(t).inserted { unique.append(t) }
        let hashes = unique.map(Self.textHash)
        let cached = try await cache.cachedEmbeddings(modelID: encoder.modelID, textHashes: hashes)
        var result: [String: [Float]] = [:]
        var missing: [(text: String, hash: String)] = []
        for (text, hash) in zip(unique, hashes) {
            if let v = cached[hash], v.count == encoder.dimension { result[text] = v } else { missing.append((text, hash)) }
        }
        var stats = Statistics(texts: unique.count, cacheHits: unique.count - missing.count, encoded: 0)
        var done = 0
        for start in stride(from: 0, to: missing.count, by: batchSize) {
            let batch = Array(missing[start..<min(start + batchSize, missing.count)])
            let matrix = try encoder.encode(batch.map(\.text))
            var entries: [(textHash: String, vector: [Float])] = []
            for (row, item) in batch.enumerated() {
                let v = matrix.row(row)
                result[item.text] = v
                entries.append((item.hash, v))
            }
            try await cache.storeEmbeddings(modelID: encoder.modelID, entries)
            done += batch.count
            stats.encoded = done
            progress?(done, missing.count)
        }
        return (result, stats)
    }
}
