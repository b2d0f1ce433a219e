/// The startups' fields in the form the constraint facets read them, prepared once per catalog:
/// every string a facet compares (a language code, a domain word, a market name, a resolved
/// place) is numbered once (``FacetVocabulary``), and each startup keeps lists of numbers.
///
/// Why: `rank` scores about 1,400 candidates per query. Re-analysing every candidate's tags,
/// references and market names per pair cost more than the vector search; hashing the
/// analysed strings (sets of languages and domain words, resolved places) was still about an
/// eighth of a server request at 100,000 startups. Numbers compare without hashing, and the
/// markets and places, whose value depends on the query's city, are valued once per query and
/// distinct market or place (``QueryFacetInputs``) rather than once per pair. The values are
/// those of ``ConstraintFacets`` and ``MarketRegions``, bit for bit.
struct StartupFacetLists: Sendable {
    /// The lists kept per startup, in this order.
    enum List: Int, CaseIterable {
        case languages, domainWords, markets, places
    }

    private(set) var vocabulary = FacetVocabulary()
    private var lists = NumberLists(listsPerRow: List.allCases.count)

    /// - Complexity: O(total length of the startups' fields).
    init(_ startups: [Startup], resolver: ReferenceResolver) {
        for startup in startups { lists.appendRow(numbered(startup, resolver: resolver)) }
    }

    /// Startup `i`'s lists replaced by those of `startup` (a counterfactual edit of its fields).
    ///
    /// - Complexity: O(the startup's fields).
    mutating func replace(_ i: Int, with startup: Startup, resolver: ReferenceResolver) {
        lists.replaceRow(i, with: numbered(startup, resolver: resolver))
    }

    /// Calls `body` with read access to every startup's lists.
    ///
    /// - Complexity: O(1) plus `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try lists.withReader { try body(Reader(lists: $0)) }
    }

    /// Read access to the lists, valid only inside ``withReader(_:)``.
    struct Reader {
        fileprivate let lists: NumberLists.Reader

        /// Startup `i`'s list `list` (nil when the startup does not state the field).
        ///
        /// - Complexity: O(1).
        @inline(__always)
        subscript(_ i: Int, _ list: List) -> UnsafeBufferPointer<Int32>? { lists[i, list.rawValue] }
    }

    private mutating func numbered(_ startup: Startup, resolver: ReferenceResolver) -> [[Int32]?] {
        // Domain words in sorted order, so numbering does not depend on a set's iteration order.
        let words = ConstraintFacets.domainWordSet(startup.domains).map { $0.sorted() }
        return [
            startup.languages.map { $0.map { vocabulary.languages.number($0) } },
            words.map { $0.map { vocabulary.domainWords.number($0) } },
            startup.markets.map { $0.map { vocabulary.number(market: $0) } },
            startup.references.map { resolver.located($0).map { vocabulary.places.number($0) } },
        ]
    }
}

/// The strings the constraint facets compare, each numbered in order of first sight.
struct FacetVocabulary: Sendable {
    var languages = Interner<String>()
    var domainWords = Interner<String>()
    /// Market names as written; ``markets`` holds each one read (``MarketRegions/Market``).
    private(set) var marketNames = Interner<String>()
    private(set) var markets: [MarketRegions.Market] = []
    /// Resolved references (nil: a reference that resolves to no known place).
    var places = Interner<ReferenceResolver.Located?>()

    /// - Complexity: O(name length) for a new market, else one look-up.
    mutating func number(market name: String) -> Int32 {
        let n = marketNames.number(name)
        if Int(n) == markets.count { markets.append(MarketRegions.Market(name)) }
        return n
    }
}

/// Values numbered in order of first sight.
struct Interner<Key: Hashable & Sendable>: Sendable {
    private var numbers: [Key: Int32] = [:]
    private(set) var keys: [Key] = []

    /// `key`'s number, numbering it if new. - Complexity: O(1) amortised (one hash).
    mutating func number(_ key: Key) -> Int32 {
        if let n = numbers[key] { return n }
        precondition(keys.count < Int(Int32.max), "at most 2³¹ - 1 distinct values")
        let n = Int32(keys.count)
        numbers[key] = n
        keys.append(key)
        return n
    }

    /// `key`'s number, or -1 when it was never numbered (so it equals no numbered value).
    ///
    /// - Complexity: O(1) (one hash).
    func existingNumber(_ key: Key) -> Int32 { numbers[key] ?? -1 }

    var count: Int { keys.count }
}

/// A fixed number of optional lists of numbers per row, stored back to back in one array
/// (no array, so no reference count, per list).
struct NumberLists: Sendable {
    let listsPerRow: Int
    /// Per row and list: where its numbers start and how many (-1: no list).
    private var spans: [(start: Int32, count: Int32)] = []
    private var numbers: [Int32] = []

    init(listsPerRow: Int) { self.listsPerRow = listsPerRow }

    /// - Complexity: O(total length of `lists`).
    mutating func appendRow(_ lists: [[Int32]?]) {
        precondition(lists.count == listsPerRow, "a row has listsPerRow lists")
        for list in lists { spans.append(store(list)) }
    }

    /// Row `row`'s lists replaced; the old numbers stay in the array, unreferenced.
    ///
    /// - Complexity: O(total length of `lists`).
    mutating func replaceRow(_ row: Int, with lists: [[Int32]?]) {
        precondition(lists.count == listsPerRow, "a row has listsPerRow lists")
        for (j, list) in lists.enumerated() { spans[row * listsPerRow + j] = store(list) }
    }

    private mutating func store(_ list: [Int32]?) -> (start: Int32, count: Int32) {
        guard let list else { return (0, -1) }
        precondition(numbers.count + list.count < Int(Int32.max), "at most 2³¹ - 1 numbers")
        defer { numbers += list }
        return (Int32(numbers.count), Int32(list.count))
    }

    /// - Complexity: O(1) plus `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try spans.withUnsafeBufferPointer { spans in
            try numbers.withUnsafeBufferPointer { numbers in
                try body(Reader(listsPerRow: listsPerRow, spans: spans, numbers: numbers))
            }
        }
    }

    struct Reader {
        let listsPerRow: Int
        let spans: UnsafeBufferPointer<(start: Int32, count: Int32)>
        let numbers: UnsafeBufferPointer<Int32>

        /// - Complexity: O(1).
        @inline(__always)
        subscript(_ row: Int, _ list: Int) -> UnsafeBufferPointer<Int32>? {
            let span = spans[row * listsPerRow + list]
            guard span.count >= 0 else { return nil }
            return UnsafeBufferPointer(rebasing: numbers[Int(span.start) ..< Int(span.start) + Int(span.count)])
        }
    }
}

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
