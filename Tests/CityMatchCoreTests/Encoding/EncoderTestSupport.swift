import Foundation
import Testing
@testable import CityMatchCore

/// Locates the model files and fixtures shared by the tokenizer and encoder tests.
enum EncoderTestSupport {
    /// `$CITYMATCH_MODEL_DIR`, else `<package root>/models/all-minilm-l6-v2`.
    static var modelDirectory: URL {
        if let env = ProcessInfo.processInfo.environment["CITYMATCH_MODEL_DIR"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        // #filePath = <root>/Tests/CityMatchCoreTests/Encoding/EncoderTestSupport.swift
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.appendingPathComponent("models/all-minilm-l6-v2", isDirectory: true)
    }

    static let missingMessage = "model weights missing: run `citymatch model fetch`"

    /// Reads one model file, or records a clear failure and returns nil.
    static func modelFile(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) -> Data? {
        let url = modelDirectory.appendingPathComponent(name)
        guard let data = try? Data(contentsOf: url, options: .alwaysMapped) else {
            Issue.record("\(missingMessage) (\(url.path) not found)", sourceLocation: sourceLocation)
            return nil
        }
        return data
    }

    static func tokenizer(sourceLocation: SourceLocation = #_sourceLocation) throws -> BertTokenizer? {
        guard let data = modelFile("vocab.txt", sourceLocation: sourceLocation) else { return nil }
        return try BertTokenizer(vocabularyData: data)
    }

    /// The encoder, loaded once per test process.
    static let sharedEncoder: Result<MiniLMEncoder, Error>? = {
        let dir = modelDirectory
        guard let vocab = try? Data(contentsOf: dir.appendingPathComponent("vocab.txt")),
              let config = try? Data(contentsOf: dir.appendingPathComponent("config.json")),
              let weights = try? Data(contentsOf: dir.appendingPathComponent("model.safetensors"), options: .alwaysMapped)
        else { return nil }
        return Result {
            let tokenizer = try BertTokenizer(vocabularyData: vocab)
            let cfg = try MiniLMConfig(json: config)
            return try weights.withUnsafeBytes { raw in
                try MiniLMEncoder(tokenizer: tokenizer, config: cfg, weights: SafetensorsView(buffer: raw))
            }
        }
    }()

    static func encoder(sourceLocation: SourceLocation = #_sourceLocation) throws -> MiniLMEncoder? {
        guard let result = sharedEncoder else {
            Issue.record("\(missingMessage) (looked in \(modelDirectory.path))", sourceLocation: sourceLocation)
            return nil
        }
        return try result.get()
    }

    /// A fixture file under Fixtures/encoder, read from the test bundle.
    static func fixture(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Fixtures/encoder/\(name)", withExtension: nil) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/encoder/\(name)"])
        }
        return try Data(contentsOf: url)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i]); na += Double(a[i]) * Double(a[i]); nb += Double(b[i]) * Double(b[i])
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}
