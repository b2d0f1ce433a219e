import CityMatchCore
import Foundation

/// Errors raised while locating or loading the sentence-encoder model.
public enum ModelDirectoryError: Error, CustomStringConvertible {
    case missingFiles(directory: String, files: [String])
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingFiles(let dir, let files):
            return "model weights missing: run `citymatch model fetch` (\(dir) lacks \(files.joined(separator: ", ")))"
        case .unreadable(let path, let reason): return "cannot read \(path): \(reason)"
        case .invalid(let path, let reason): return "\(path): \(reason)"
        }
    }
}

/// Where the all-MiniLM-L6-v2 files live, and how to load them into a `MiniLMEncoder`.
///
/// Resolution order: an explicit path, then `$CITYMATCH_MODEL_DIR`, then
/// `./models/all-minilm-l6-v2` under the current directory.
public struct ModelDirectory: Sendable {
    public static let environmentVariable = "CITYMATCH_MODEL_DIR"
    public static let defaultRelativePath = "models/all-minilm-l6-v2"
    /// The files the encoder needs (all listed, with hashes, in the manifest).
    public static let requiredFiles = ["model.safetensors", "vocab.txt", "tokenizer.json", "config.json"]

    public let url: URL

    /// The folder at `url`.
    ///
    /// - Complexity: O(1).
    public init(url: URL) { self.url = url.standardizedFileURL }

    /// Picks the model folder: `explicit` > `$CITYMATCH_MODEL_DIR` > `./models/all-minilm-l6-v2`.
    ///
    /// - Complexity: O(1).
    public static func resolve(explicit: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               currentDirectory: String = FileManager.default.currentDirectoryPath) -> ModelDirectory {
        let base = URL(fileURLWithPath: currentDirectory, isDirectory: true)
        if let explicit, !explicit.isEmpty { return ModelDirectory(url: URL(fileURLWithPath: explicit, isDirectory: true, relativeTo: base)) }
        if let env = environment[environmentVariable], !env.isEmpty {
            return ModelDirectory(url: URL(fileURLWithPath: env, isDirectory: true, relativeTo: base))
        }
        return ModelDirectory(url: base.appendingPathComponent(defaultRelativePath, isDirectory: true))
    }

    public var path: String { url.path }

    /// The URL of one file in the folder.
    ///
    /// - Complexity: O(1).
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Required files that are not present.
    ///
    /// - Complexity: O(number of required files).
    public func missingFiles() -> [String] {
        Self.requiredFiles.filter { !FileManager.default.fileExists(atPath: file($0).path) }
    }

    /// Loads the vocabulary, configuration and weights (memory-mapped, then
    /// copied into the encoder) into a ready encoder.
    ///
    /// - Complexity: O(size of the model files).
    public func loadEncoder(maxBatchTokens: Int = 4096) throws -> MiniLMEncoder {
        let missing = missingFiles()
        guard missing.isEmpty else { throw ModelDirectoryError.missingFiles(directory: path, files: missing) }
        let vocabURL = file("vocab.txt"), configURL = file("config.json"), weightsURL = file("model.safetensors")
        let tokenizer: BertTokenizer
        let config: MiniLMConfig
        do {
            tokenizer = try BertTokenizer(vocabularyData: try Data(contentsOf: vocabURL))
        } catch let error as BertTokenizerError {
            throw ModelDirectoryError.invalid(path: vocabURL.path, reason: error.description)
        } catch {
            throw ModelDirectoryError.unreadable(path: vocabURL.path, reason: error.localizedDescription)
        }
        do {
            config = try MiniLMConfig(json: try Data(contentsOf: configURL))
        } catch let error as MiniLMConfigError {
            throw ModelDirectoryError.invalid(path: configURL.path, reason: error.description)
        } catch {
            throw ModelDirectoryError.unreadable(path: configURL.path, reason: error.localizedDescription)
        }
        let mapped = try MappedFile(path: weightsURL.path)
        do {
            let view = try SafetensorsView(buffer: mapped.bytes, owner: mapped)
            return try withExtendedLifetime(mapped) {
                try MiniLMEncoder(tokenizer: tokenizer, config: config, weights: view,
                                  modelID: ModelManifest.builtIn.modelID, maxBatchTokens: maxBatchTokens)
            }
        } catch let error as SafetensorsError {
            throw ModelDirectoryError.invalid(path: weightsURL.path, reason: error.description)
        } catch let error as MiniLMConfigError {
            throw ModelDirectoryError.invalid(path: weightsURL.path, reason: error.description)
        }
    }
}
