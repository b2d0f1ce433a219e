import Foundation

/// Errors raised while reading a model's `config.json`.
public enum MiniLMConfigError: Error, Equatable, CustomStringConvertible {
    case invalidJSON(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .invalidJSON(let why): return "config.json: \(why)"
        case .unsupported(let why): return "config.json: unsupported model: \(why)"
        }
    }
}

/// The architecture of a BERT-style sentence encoder, as read from the
/// Hugging Face `config.json` (all-MiniLM-L6-v2: 6 layers, hidden 384, 12 heads,
/// intermediate 1536, 512 positions, vocabulary 30522, LayerNorm eps 1e-12).
public struct MiniLMConfig: Sendable, Equatable, Decodable {
    public var hiddenSize: Int
    public var numHiddenLayers: Int
    public var numAttentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var vocabSize: Int
    public var typeVocabSize: Int
    public var layerNormEps: Float
    public var hiddenAct: String

    enum CodingKeys: String, CodingKey {
        case hiddenSize = "hidden_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case intermediateSize = "intermediate_size"
        case maxPositionEmbeddings = "max_position_embeddings"
        case vocabSize = "vocab_size"
        case typeVocabSize = "type_vocab_size"
        case layerNormEps = "layer_norm_eps"
        case hiddenAct = "hidden_act"
    }

    /// all-MiniLM-L6-v2's configuration.
    public static let allMiniLML6v2 = MiniLMConfig(
        hiddenSize: 384, numHiddenLayers: 6, numAttentionHeads: 12, intermediateSize: 1536,
        maxPositionEmbeddings: 512, vocabSize: 30522, typeVocabSize: 2, layerNormEps: 1e-12, hiddenAct: "gelu")

    /// A configuration from its values (not validated; see `validate()`).
    ///
    /// - Complexity: O(1).
    public init(hiddenSize: Int, numHiddenLayers: Int, numAttentionHeads: Int, intermediateSize: Int,
                maxPositionEmbeddings: Int, vocabSize: Int, typeVocabSize: Int, layerNormEps: Float, hiddenAct: String) {
        self.hiddenSize = hiddenSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.vocabSize = vocabSize
        self.typeVocabSize = typeVocabSize
        self.layerNormEps = layerNormEps
        self.hiddenAct = hiddenAct
    }

    /// Parses and checks `config.json`.
    ///
    /// - Complexity: O(size of the JSON).
    public init(json data: Data) throws {
        do {
            self = try JSONDecoder().decode(MiniLMConfig.self, from: data)
        } catch let error as DecodingError {
            throw MiniLMConfigError.invalidJSON(Self.describe(error))
        } catch {
            throw MiniLMConfigError.invalidJSON(String(describing: error))
        }
        try validate()
    }

    /// Per-head width (`hiddenSize / numAttentionHeads`).
    public var headSize: Int { hiddenSize / max(numAttentionHeads, 1) }

    /// Checks the values the encoder relies on.
    ///
    /// - Complexity: O(1).
    public func validate() throws {
        guard hiddenSize > 0, numHiddenLayers > 0, numAttentionHeads > 0, intermediateSize > 0,
              maxPositionEmbeddings > 0, vocabSize > 0, typeVocabSize > 0 else {
            throw MiniLMConfigError.unsupported("sizes must be positive")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw MiniLMConfigError.unsupported("hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(numAttentionHeads)")
        }
        guard hiddenAct == "gelu" else {
            throw MiniLMConfigError.unsupported("hidden_act '\(hiddenAct)' (only exact-erf 'gelu' is implemented)")
        }
        guard layerNormEps > 0, layerNormEps.isFinite else {
            throw MiniLMConfigError.unsupported("layer_norm_eps must be positive")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "missing key '\(key.stringValue)'"
        case .typeMismatch(_, let ctx), .valueNotFound(_, let ctx), .dataCorrupted(let ctx):
            let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? ctx.debugDescription : "'\(path)': \(ctx.debugDescription)"
        @unknown default: return String(describing: error)
        }
    }
}
