/// A candidate's exact score and what its explanation needs, without any of the explanation's
/// strings: ``MatchEngine`` scores every candidate in this form and builds the full
/// ``ScoreBreakdown`` (reasons, quoted evidence) only for the results it returns.
///
/// `score` is `ScoringModel.score(values:)` of `values`, which is bit-identical to the
/// `score` of the breakdown ``MatchEngine/explain(_:scored:evidencePairs:)`` builds from it.
public struct ScoredCandidate: Sendable {
    /// Position of the startup in the catalog.
    public var startupIndex: Int
    public var values: FacetValues
    public var score: Double
    /// Each need clause's best statement of the startup, in clause order (empty without clauses or statements).
    var alignment: [ClauseMatch]
}

/// A need clause and the startup's statement most similar to it (indices into the query's
/// clauses and the startup's statements).
struct ClauseMatch: Sendable {
    var clause: Int
    var statement: Int
    var similarity: Float
}
