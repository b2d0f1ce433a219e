/// What a city is looking for, in the form the matcher scores: a catalog need or free text.
public struct MatchQuery: Sendable {
    /// The need's id, when the query is a catalog need.
    public var needID: String?
    public var text: String
    /// Clauses compared with startup statements for evidence (title first for a need).
    public var clauses: [String]
    /// Embedding of `text` (unit length).
    public var vector: [Float]
    /// `clauses.count × d`, unit rows.
    public var clauseVectors: Matrix
    public var city: City?
    /// Languages a provider must deliver in.
    public var languages: [String]?
    public var budgetUSD: Double?
    public var domains: [String]?

    public init(needID: String? = nil, text: String, clauses: [String], vector: [Float], clauseVectors: Matrix,
                city: City? = nil, languages: [String]? = nil, budgetUSD: Double? = nil, domains: [String]? = nil) {
        self.needID = needID; self.text = text; self.clauses = clauses; self.vector = vector
        self.clauseVectors = clauseVectors; self.city = city; self.languages = languages
        self.budgetUSD = budgetUSD; self.domains = domains
    }
}

/// Options of a ranking.
public struct RankOptions: Sendable, Equatable {
    /// Keep only startups that deliver in every language the query requires.
    public var requireLanguage = false
    /// Keep only startups whose minimum contract fits the budget (unknown minimum passes).
    public var withinBudget = false
    /// Exact scoring is applied to at most this many candidates, taken from the semantic and
    /// lexical channels (catalogs up to this size are scored in full).
    public var candidatePool = 1_000
    /// How many evidence pairs a breakdown quotes.
    public var evidencePairs = 3

    public init(requireLanguage: Bool = false, withinBudget: Bool = false, candidatePool: Int = 1_000) {
        self.requireLanguage = requireLanguage
        self.withinBudget = withinBudget
        self.candidatePool = candidatePool
    }
}

/// One ranked startup with its explanation.
public struct RankedStartup: Sendable {
    public var startupID: String
    /// Position of the startup in the catalog.
    public var startupIndex: Int
    public var breakdown: ScoreBreakdown
    public var score: Double { breakdown.score }
}
