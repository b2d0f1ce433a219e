/// What a city needs to defend its shortlist: the criteria, fixed before the run, and
/// fingerprints of every input, so the same inputs can be shown to give the same list.
public struct AuditRecord: Sendable, Equatable {
    /// SHA-256 of the catalog's records (canonical JSON lines, sorted).
    public var catalogHash: String
    public var modelID: String
    /// SHA-256 of the encoder weights file (from the verified model manifest).
    public var modelWeightsHash: String
    /// SHA-256 of the ranker weights (canonical JSON of facet → weight).
    public var rankerWeightsHash: String
    public var parameters: [String: JSONValue]
    public var toolVersion: String
    /// ISO 8601, UTC.
    public var timestamp: String

    public init(catalogHash: String, modelID: String, modelWeightsHash: String, rankerWeightsHash: String,
                parameters: [String: JSONValue], toolVersion: String, timestamp: String) {
        self.catalogHash = catalogHash; self.modelID = modelID; self.modelWeightsHash = modelWeightsHash
        self.rankerWeightsHash = rankerWeightsHash; self.parameters = parameters; self.toolVersion = toolVersion
        self.timestamp = timestamp
    }

    public var json: JSONValue {
        .object(["catalog_sha256": .string(catalogHash), "model_id": .string(modelID), "model_weights_sha256": .string(modelWeightsHash),
                 "ranker_weights_sha256": .string(rankerWeightsHash), "parameters": .object(parameters),
                 "tool_version": .string(toolVersion), "timestamp": .string(timestamp)])
    }

    /// SHA-256 of every record's canonical JSON line, sorted, one per line.
    ///
    /// - Complexity: O(catalog size · log).
    public static func catalogHash(_ catalog: Catalog) -> String {
        var lines = catalog.cities.map { "c " + $0.jsonLine() } + catalog.needs.map { "n " + $0.jsonLine() }
        lines += catalog.startups.map { "s " + $0.jsonLine() } + catalog.judgments.map { "j " + $0.jsonLine() }
        return sha256((lines.sorted().joined(separator: "\n") + "\n"))
    }

    /// SHA-256 of the facet weights as canonical JSON.
    public static func weightsHash(_ weights: RankerWeights) -> String {
        sha256(JSONValue.object(weights.weights.mapValues(JSONValue.number)).serialized())
    }

    static func sha256(_ text: String) -> String { SHA256Hex.digest(text) }
}
