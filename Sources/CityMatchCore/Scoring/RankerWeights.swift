/// The facet weights of the score, and where they came from.
///
/// Weights are non-negative and sum to 1, so every score lies in [0, 1]. `citymatch train`
/// fits them on judgments and writes them to `models/ranker.json`; ``shipped`` are the
/// defaults trained on the development catalog, used when no file is given.
public struct RankerWeights: Sendable, Equatable, Codable {
    public var weights: [String: Double]
    /// The facets in the order they were fitted (the feature list).
    public var features: [String]
    /// SHA-256 of the judgments and texts the weights were fitted on (empty for hand-set weights).
    public var trainingDataHash: String
    /// NDCG@10 on cities held out during cross-validation (nil for hand-set weights).
    public var crossValidatedNDCG10: Double?
    /// How the weights were fitted.
    public var method: String

    enum CodingKeys: String, CodingKey {
        case weights, features, method
        case trainingDataHash = "training_data_hash"
        case crossValidatedNDCG10 = "cross_validated_ndcg_at_10"
    }

    public init(weights: [Facet: Double], trainingDataHash: String = "", crossValidatedNDCG10: Double? = nil, method: String) {
        // Summed in facet order: a dictionary's iteration order changes from process to process,
        // and so did the last bits of the total, the normalised weights, and the audit's hash of them.
        let total = Facet.allCases.reduce(0) { $0 + max(0, weights[$1] ?? 0) }
        self.weights = Dictionary(uniqueKeysWithValues: Facet.allCases.map { f in
            (f.rawValue, total > 0 ? max(0, weights[f] ?? 0) / total : 1 / Double(Facet.allCases.count))
        })
        self.features = Facet.allCases.map(\.rawValue)
        self.trainingDataHash = trainingDataHash
        self.crossValidatedNDCG10 = crossValidatedNDCG10
        self.method = method
    }

    /// The weight of `facet` (0 for facets the file does not name).
    public func weight(_ facet: Facet) -> Double { weights[facet.rawValue] ?? 0 }

    /// Equal weights: a neutral starting point and the fallback for catalogs without judgments.
    public static let uniform = RankerWeights(weights: Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, 1.0) }),
                                              method: "uniform")
}
