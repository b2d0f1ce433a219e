/// Turns facet values into an exact, additive ``ScoreBreakdown``.
///
/// score = Σ_f w_f · φ_f. A facet whose inputs are missing (an optional field absent on
/// either side, or a need that states no such constraint) is *neutral*: it takes the pair's
/// weighted mean over its known facets, so the missing field neither raises nor lowers the
/// pair's score relative to its other evidence. Equivalently, the score is the weighted mean
/// of the known facets, scaled to the full weight.
public struct ScoringModel: Sendable, Equatable {
    public var weights: RankerWeights

    public init(weights: RankerWeights) { self.weights = weights }

    /// The breakdown for facet values `values` (nil = missing).
    ///
    /// - Complexity: O(number of facets).
    public func breakdown(values: [Facet: Double?], evidence: [EvidencePair] = [], reasons: [String] = []) -> ScoreBreakdown {
        var knownWeight = 0.0, knownSum = 0.0
        for facet in Facet.allCases {
            if let value = values[facet] ?? nil {
                knownWeight += weights.weight(facet)
                knownSum += weights.weight(facet) * Self.clamp(value)
            }
        }
        let neutral = knownWeight > 0 ? knownSum / knownWeight : 0
        let contributions = Facet.allCases.map { facet -> FacetContribution in
            if let value = values[facet] ?? nil {
                return FacetContribution(facet: facet, weight: weights.weight(facet), value: Self.clamp(value), imputed: false)
            }
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
