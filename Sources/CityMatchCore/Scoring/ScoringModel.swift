/// Turns facet values into an exact, additive ``ScoreBreakdown``.
///
/// score = Σ_f w_f · φ_f. A facet whose inputs are missing (an optional field absent on
/// either side, or a need that states no such constraint) is *neutral*: it takes the weighted
/// mean of the pair's known facets of the same group (relevance, city constraints, startup
/// wishes), or of all its known facets when its group has none. The missing field thus neither
/// raises nor lowers the pair's score relative to the related evidence it does have, and an
/// absent relevance facet is never filled in from constraints (or the reverse).
public struct ScoringModel: Sendable, Equatable {
    public var weights: RankerWeights

    public init(weights: RankerWeights) { self.weights = weights }

    /// The breakdown for facet values `values` (nil = missing).
    ///
    /// - Complexity: O(number of facets).
    public func breakdown(values: [Facet: Double?], evidence: [EvidencePair] = [], reasons: [String] = []) -> ScoreBreakdown {
        var groupWeight: [FacetGroup: Double] = [:], groupSum: [FacetGroup: Double] = [:]
        var knownWeight = 0.0, knownSum = 0.0
        for facet in Facet.allCases {
            guard let value = values[facet] ?? nil else { continue }
            let w = weights.weight(facet)
            groupWeight[facet.group, default: 0] += w
            groupSum[facet.group, default: 0] += w * Self.clamp(value)
            knownWeight += w
            knownSum += w * Self.clamp(value)
        }
        let overall = knownWeight > 0 ? knownSum / knownWeight : 0
        let contributions = Facet.allCases.map { facet -> FacetContribution in
            if let value = values[facet] ?? nil {
                return FacetContribution(facet: facet, weight: weights.weight(facet), value: Self.clamp(value), imputed: false)
            }
            let w = groupWeight[facet.group] ?? 0
            let neutral = w > 0 ? (groupSum[facet.group] ?? 0) / w : overall
            return FacetContribution(facet: facet, weight: weights.weight(facet), value: neutral, imputed: true)
        }
        return ScoreBreakdown(contributions: contributions, evidence: evidence, reasons: reasons)
    }

    /// The score alone (same arithmetic as ``breakdown(values:evidence:reasons:)``).
    ///
    /// - Complexity: O(number of facets).
    public func score(values: [Facet: Double?]) -> Double {
        breakdown(values: values).score
    }

    static func clamp(_ x: Double) -> Double { x.isNaN ? 0 : min(1, max(0, x)) }
}
