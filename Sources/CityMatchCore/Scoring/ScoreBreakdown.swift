/// One facet's part in a score: `contribution == weight × value`.
public struct FacetContribution: Sendable, Equatable, Codable {
    public var facet: Facet
    public var weight: Double
    /// φ in [0, 1]. For an imputed facet, the pair's weighted mean over its known facets.
    public var value: Double
    public var contribution: Double
    /// True when the facet's inputs were missing (an optional field absent) and the value was imputed.
    public var imputed: Bool

    public init(facet: Facet, weight: Double, value: Double, imputed: Bool) {
        self.facet = facet
        self.weight = weight
        self.value = value
        self.contribution = weight * value
        self.imputed = imputed
    }
}

/// A need clause and the startup statement that answers it best.
public struct EvidencePair: Sendable, Equatable, Codable {
    public var needClause: String
    public var startupStatement: String
    public var similarity: Double

    public init(needClause: String, startupStatement: String, similarity: Double) {
        self.needClause = needClause
        self.startupStatement = startupStatement
        self.similarity = similarity
    }
}

/// Why a startup scored what it did for a need: exact and additive.
///
/// `score == contributions.map(\.contribution).reduce(0, +)` (tests hold this to 1e-6).
/// The two directional fits are each direction's contributions divided by its weights,
/// so each lies in [0, 1]; the score is their weight-share-weighted sum.
public struct ScoreBreakdown: Sendable, Equatable {
    public var contributions: [FacetContribution]
    public var evidence: [EvidencePair]
    public var reasons: [String]

    public init(contributions: [FacetContribution], evidence: [EvidencePair], reasons: [String]) {
        self.contributions = contributions
        self.evidence = evidence
        self.reasons = reasons
    }

    /// Σ contributions.
    public var score: Double { Self.sum(contributions) }

    /// Σ contributions in their order: the one summation every score goes through.
    ///
    /// - Complexity: O(contributions).
    static func sum(_ contributions: [FacetContribution]) -> Double {
        contributions.reduce(0) { $0 + $1.contribution }
    }

    /// City→startup fit in [0, 1]: does the startup solve the need under the city's constraints?
    public var cityToStartupFit: Double { fit(.cityToStartup) }
    /// Startup→city fit in [0, 1]: does the city match what the startup wants?
    public var startupToCityFit: Double { fit(.startupToCity) }

    public func fit(_ direction: FitDirection) -> Double {
        let part = contributions.filter { $0.facet.direction == direction }
        let weight = part.reduce(0) { $0 + $1.weight }
        return weight > 0 ? part.reduce(0) { $0 + $1.contribution } / weight : 0
    }

    public func value(of facet: Facet) -> Double? { contributions.first { $0.facet == facet }?.value }
}
