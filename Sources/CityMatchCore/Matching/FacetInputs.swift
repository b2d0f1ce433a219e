/// A startup's fields in the form the constraint facets read them, prepared once per catalog.
///
/// Why: `rank` scores about a thousand candidates per query, and re-analysing every
/// candidate's domain tags, references and market names for every pair cost more than the
/// vector search itself. The facets computed from these are the same functions
/// (``ConstraintFacets``), fed sets and resolved places instead of raw strings.
struct StartupFacetInputs: Sendable {
    var languages: Set<String>?
    var domainWords: Set<String>?
    var markets: [MarketRegions.Market]?
    var references: [ReferenceResolver.Located?]?

    /// - Complexity: O(the startup's field lengths).
    init(_ startup: Startup, resolver: ReferenceResolver) {
        languages = startup.languages.map(Set.init)
        domainWords = ConstraintFacets.domainWordSet(startup.domains)
        markets = startup.markets.map { $0.map(MarketRegions.Market.init) }
        references = startup.references.map { resolver.located($0) }
    }
}

/// The query side of the facets, hoisted out of the per-candidate loop.
struct QueryFacetInputs {
    var languages: [String]?
    var budgetUSD: Double?
    /// `languages` as a set, nil when none are required (the hard filter then keeps everyone).
    var requiredLanguages: Set<String>?
    var domainWords: Set<String>?
    var city: ReferenceResolver.Located?
    var cityRegion: String?
    var cityWorkingLanguages: Set<String>?

    /// - Complexity: O(the query's field lengths).
    init(_ query: MatchQuery, resolver: ReferenceResolver) {
        languages = query.languages
        budgetUSD = query.budgetUSD
        requiredLanguages = query.languages.flatMap { $0.isEmpty ? nil : Set($0) }
        domainWords = ConstraintFacets.domainWordSet(query.domains)
        city = query.city.map { resolver.located($0) }
        cityRegion = query.city?.region.map(MarketRegions.normalized)
        cityWorkingLanguages = ConstraintFacets.workingLanguageSet(query.city?.languages)
    }
}
