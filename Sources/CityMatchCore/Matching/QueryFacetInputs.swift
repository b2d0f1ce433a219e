/// The query side of the facets, numbered with the catalog's ``FacetVocabulary`` once per query.
///
/// Markets and places are valued against the query's city the first time a candidate lists
/// them (by ``MarketRegions/coverage(of:normalizedRegion:by:)`` and
/// ``ConstraintFacets/trackRecord(city:references:)`` on that one item); a startup's market and
/// track-record facets are the best of its items' values, which is what those functions return
/// for the whole list.
struct QueryFacetInputs {
    var budgetUSD: Double?
    /// The required languages, numbered, repeats kept (the facet is a share of this list); nil
    /// when none are required (the hard filter then keeps everyone). -1: no startup offers it.
    var requiredLanguages: [Int32]?
    /// The city's working languages that some startup offers; nil when the city states none.
    var cityWorkingLanguages: [Int32]?
    /// The need's domain words that some startup uses, and how many distinct words it has
    /// (0: the facet is missing).
    var domainWords: [Int32]
    var domainWordCount: Int
    var city: ReferenceResolver.Located?
    var cityRegion: String?
    private let vocabulary: FacetVocabulary
    /// Per market and per place: its value for this city once computed, else -1.
    private var marketValues: [Double]
    private var placeValues: [Double]

    /// - Complexity: O(the query's field lengths + the vocabulary's markets and places).
    init(_ query: MatchQuery, resolver: ReferenceResolver, vocabulary: FacetVocabulary) {
        budgetUSD = query.budgetUSD
        requiredLanguages = query.languages.flatMap { $0.isEmpty ? nil : $0.map(vocabulary.languages.existingNumber) }
        cityWorkingLanguages = ConstraintFacets.workingLanguageSet(query.city?.languages).map { set in
            set.map(vocabulary.languages.existingNumber).filter { $0 >= 0 }
        }
        let words = ConstraintFacets.domainWordSet(query.domains) ?? []
        domainWords = words.map(vocabulary.domainWords.existingNumber).filter { $0 >= 0 }
        domainWordCount = words.count
        city = query.city.map { resolver.located($0) }
        cityRegion = query.city?.region.map(MarketRegions.normalized)
        self.vocabulary = vocabulary
        marketValues = [Double](repeating: -1, count: city == nil ? 0 : vocabulary.markets.count)
        placeValues = [Double](repeating: -1, count: city == nil ? 0 : vocabulary.places.count)
    }

    /// ``ConstraintFacets/language(required:offeredSet:)`` of the startup's languages.
    ///
    /// - Complexity: O(required · offered), both a handful.
    func language(offered: UnsafeBufferPointer<Int32>?) -> Double? {
        guard let required = requiredLanguages, let offered else { return nil }
        var delivered = 0
        for language in required where offered.contains(language) { delivered += 1 }
        return Double(delivered) / Double(required.count)
    }

    /// Whether the startup offers every required language (true when none is required).
    ///
    /// - Complexity: O(required · offered).
    func offersRequiredLanguages(_ offered: UnsafeBufferPointer<Int32>?) -> Bool {
        guard let required = requiredLanguages else { return true }
        guard let offered else { return false }
        return required.allSatisfy(offered.contains)
    }

    /// ``ConstraintFacets/workingLanguage(citySet:offeredSet:)`` of the startup's languages.
    ///
    /// - Complexity: O(city languages · offered).
    func workingLanguage(offered: UnsafeBufferPointer<Int32>?) -> Double? {
        guard let city = cityWorkingLanguages, let offered else { return nil }
        return offered.contains(where: city.contains) ? 1 : 0
    }

    /// ``ConstraintFacets/domains(words:_:)`` of the startup's domain words (distinct).
    ///
    /// - Complexity: O(query words · startup words).
    func domains(words: UnsafeBufferPointer<Int32>?) -> Double? {
        guard domainWordCount > 0, let words, !words.isEmpty else { return nil }
        var shared = 0
        for word in words where domainWords.contains(word) { shared += 1 }
        return Double(shared) / Double(min(domainWordCount, words.count))
    }

    /// ``MarketRegions/coverage(of:normalizedRegion:by:)`` of the startup's markets; nil
    /// without a city or without stated markets.
    ///
    /// - Complexity: O(markets), plus one market's coverage the first time it is seen.
    mutating func market(_ markets: UnsafeBufferPointer<Int32>?) -> Double? {
        guard let city, let markets else { return nil }
        var best = 0.0
        for m in markets {
            if marketValues[Int(m)] < 0 {
                marketValues[Int(m)] = MarketRegions.coverage(of: city.country, normalizedRegion: cityRegion,
                                                              by: [vocabulary.markets[Int(m)]])
            }
            best = max(best, marketValues[Int(m)])
        }
        return best
    }

    /// ``ConstraintFacets/trackRecord(city:references:)`` of the startup's places; nil
    /// without a city or without stated references.
    ///
    /// - Complexity: O(references), plus one place's value the first time it is seen.
    mutating func trackRecord(_ places: UnsafeBufferPointer<Int32>?) -> Double? {
        guard let city, let places else { return nil }
        var best = 0.0
        for p in places {
            if placeValues[Int(p)] < 0 {
                placeValues[Int(p)] = ConstraintFacets.trackRecord(city: city, references: [vocabulary.places.keys[Int(p)]]) ?? 0
            }
            best = max(best, placeValues[Int(p)])
        }
        return best
    }
}
