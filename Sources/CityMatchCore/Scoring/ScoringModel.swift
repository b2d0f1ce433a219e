/// Turns facet values into an exact, additive ``ScoreBreakdown``.
///
/// score = Σ_f w_f · φ_f. A facet whose inputs are missing (an optional field absent on
/// either side, or a need that states no such constraint) is *neutral*: it takes the weighted
/// mean of the pair's known facets of the same group (relevance, city constraints, startup
/// wishes), or of all its known facets when its group has none. The missing field thus neither
/// raises nor lowers the pair's score relative to the related evidence it does have, and an
/// absent relevance facet is never filled in from constraints (or the reverse).
///
/// ``contributions(_:)`` is the only place the arithmetic happens: ``score(values:)`` (used to
/// rank every candidate) and ``breakdown(values:evidence:reasons:)`` (built for the results
/// shown) both sum its output in facet order, so a result's score is bit-identical to the sum
/// its explanation reports.
public struct ScoringModel: Sendable, Equatable {
    public var weights: RankerWeights {
        didSet { weightTable = Self.table(weights) }
    }
    /// `weights` by ``Facet/ordinal``: the look-up by name hashed a string per facet per candidate.
    private var weightTable: [Double]

    public init(weights: RankerWeights) {
        self.weights = weights
        self.weightTable = Self.table(weights)
    }

    /// Each facet's weight, value (imputed when missing) and contribution, in facet order.
    ///
    /// - Complexity: O(number of facets).
    public func contributions(_ values: FacetValues) -> [FacetContribution] {
        let groups = FacetGroup.allCases.count
        var groupWeight = [Double](repeating: 0, count: groups), groupSum = [Double](repeating: 0, count: groups)
        var knownWeight = 0.0, knownSum = 0.0
        for facet in Facet.allCases {
            guard let value = values[facet] else { continue }
            let w = weightTable[facet.ordinal]
            groupWeight[facet.group.ordinal] += w
            groupSum[facet.group.ordinal] += w * Self.clamp(value)
            knownWeight += w
            knownSum += w * Self.clamp(value)
        }
        let overall = knownWeight > 0 ? knownSum / knownWeight : 0
        return Facet.allCases.map { facet -> FacetContribution in
            let weight = weightTable[facet.ordinal]
            if let value = values[facet] {
                return FacetContribution(facet: facet, weight: weight, value: Self.clamp(value), imputed: false)
            }
            let w = groupWeight[facet.group.ordinal]
            let neutral = w > 0 ? groupSum[facet.group.ordinal] / w : overall
            return FacetContribution(facet: facet, weight: weight, value: neutral, imputed: true)
        }
    }

    /// The breakdown for facet values `values`.
    ///
    /// - Complexity: O(number of facets).
    public func breakdown(values: FacetValues, evidence: [EvidencePair] = [], reasons: [String] = []) -> ScoreBreakdown {
        ScoreBreakdown(contributions: contributions(values), evidence: evidence, reasons: reasons)
    }

    /// The breakdown for facet values `values` (nil or absent = missing).
    ///
    /// - Complexity: O(number of facets).
    public func breakdown(values: [Facet: Double?], evidence: [EvidencePair] = [], reasons: [String] = []) -> ScoreBreakdown {
        breakdown(values: FacetValues(values), evidence: evidence, reasons: reasons)
    }

    /// The score alone: bit-identical to `breakdown(values:).score` (same contributions, same sum).
    ///
    /// - Complexity: O(number of facets).
    public func score(values: FacetValues) -> Double {
        // `contributions` then `ScoreBreakdown.sum`, without their arrays (ranking scores every
        // candidate, some twice): the same operations on the same operands in the same order.
        var groupWeight = SIMD4<Double>(), groupSum = SIMD4<Double>()
        var knownWeight = 0.0, knownSum = 0.0
        for facet in Facet.allCases {
            guard let value = values[facet] else { continue }
            let w = weightTable[facet.ordinal], g = facet.group.ordinal
            groupWeight[g] += w
            groupSum[g] += w * Self.clamp(value)
            knownWeight += w
            knownSum += w * Self.clamp(value)
        }
        let overall = knownWeight > 0 ? knownSum / knownWeight : 0
        var total = 0.0
        for facet in Facet.allCases {
            let weight = weightTable[facet.ordinal]
            let value: Double
            if let known = values[facet] {
                value = Self.clamp(known)
            } else {
                let g = facet.group.ordinal, w = groupWeight[g]
                value = w > 0 ? groupSum[g] / w : overall
            }
            total += weight * value
        }
        return total
    }

    /// The score alone (same arithmetic as ``breakdown(values:evidence:reasons:)``).
    ///
    /// - Complexity: O(number of facets).
    public func score(values: [Facet: Double?]) -> Double {
        score(values: FacetValues(values))
    }

    /// True when no weight is negative: then raising any facet's value never lowers the
    /// score, which bounds in ranking rely on. - Complexity: O(number of facets).
    public var scoreRisesWithEveryFacet: Bool { weightTable.allSatisfy { $0 >= 0 } }

    static func clamp(_ x: Double) -> Double { x.isNaN ? 0 : min(1, max(0, x)) }

    private static func table(_ weights: RankerWeights) -> [Double] {
        Facet.allCases.map { weights.weight($0) }
    }
}
