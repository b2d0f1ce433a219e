/// One ingredient of a match score. Every facet's value φ lies in [0, 1].
public enum Facet: String, CaseIterable, Codable, Sendable, Comparable {
    /// Cosine of the whole need text and the whole startup text.
    case semantic
    /// Mean over the need's clauses of the best-matching startup statement's cosine.
    case evidence
    /// BM25 of the need text against the startup text, divided by the best BM25 for that need.
    case lexical
    /// Overlap of the domain tags' words.
    case domains
    /// Share of the need's required languages the startup delivers in.
    case language
    /// Whether the startup's minimum contract fits the need's budget.
    case budget
    /// Deployments in this city, its country, its region or cities like it.
    case trackRecord = "track_record"
    /// Whether the city's country (or its region) is among the startup's markets.
    case market
    /// Whether the startup speaks one of the city administration's working languages.
    case workingLanguage = "working_language"
    /// Whether the need's budget is worth the startup's while (its minimum contract).
    case dealSize = "deal_size"

    /// Which side's wishes the facet measures.
    public var direction: FitDirection {
        switch self {
        case .semantic, .evidence, .lexical, .domains, .language, .budget, .trackRecord: .cityToStartup
        case .market, .workingLanguage, .dealSize: .startupToCity
        }
    }

    /// Facets that measure the same kind of thing; a missing facet is imputed from its group.
    public var group: FacetGroup {
        switch self {
        case .semantic, .evidence, .lexical, .domains: .relevance
        case .language, .budget, .trackRecord: .cityConstraints
        case .market, .workingLanguage, .dealSize: .startupWishes
        }
    }

    public static func < (a: Facet, b: Facet) -> Bool { a.ordinal < b.ordinal }

    /// Position in ``allCases`` (the order scores are summed in), for fixed-size tables.
    ///
    /// - Complexity: O(1).
    public var ordinal: Int {
        switch self {
        case .semantic: 0
        case .evidence: 1
        case .lexical: 2
        case .domains: 3
        case .language: 4
        case .budget: 5
        case .trackRecord: 6
        case .market: 7
        case .workingLanguage: 8
        case .dealSize: 9
        }
    }
}

/// The two directions of reciprocal fit.
public enum FitDirection: String, Codable, Sendable {
    /// Does the startup solve the need under the city's constraints?
    case cityToStartup = "city_to_startup"
    /// Does the city match what the startup wants (market, contract size, languages)?
    case startupToCity = "startup_to_city"
}

/// Kinds of facet: how well the texts match, whether the city's constraints hold, whether the
/// startup's wishes hold.
public enum FacetGroup: String, Codable, Sendable, CaseIterable {
    case relevance
    case cityConstraints = "city_constraints"
    case startupWishes = "startup_wishes"

    /// Position in ``allCases``.
    ///
    /// - Complexity: O(1).
    public var ordinal: Int {
        switch self {
        case .relevance: 0
        case .cityConstraints: 1
        case .startupWishes: 2
        }
    }
}
