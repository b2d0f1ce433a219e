/// The startups' fields in the form the constraint facets read them, prepared once per catalog:
/// every string a facet compares (a language code, a domain word, a market name, a resolved
/// place) is numbered once (``FacetVocabulary``), and each startup keeps lists of numbers and
/// its minimum contract, in one cache line (``NumberRows``).
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
    private var lists = NumberRows(listsPerRow: List.allCases.count)

    /// - Complexity: O(total length of the startups' fields).
    init(_ startups: [Startup], resolver: ReferenceResolver) {
        for startup in startups { lists.appendRow(numbered(startup, resolver: resolver), value: startup.minContractUSD) }
    }

    /// Startup `i`'s lists replaced by those of `startup` (a counterfactual edit of its fields).
    ///
    /// - Complexity: O(the startup's fields).
    mutating func replace(_ i: Int, with startup: Startup, resolver: ReferenceResolver) {
        lists.replaceRow(i, with: numbered(startup, resolver: resolver), value: startup.minContractUSD)
    }

    /// Calls `body` with read access to every startup's lists.
    ///
    /// - Complexity: O(1) plus `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try lists.withReader { try body(Reader(lists: $0)) }
    }

    /// Read access to the lists, valid only inside ``withReader(_:)``.
    struct Reader {
        fileprivate let lists: NumberRows.Reader

        /// Startup `i`'s list `list` (nil when the startup does not state the field).
        ///
        /// - Complexity: O(1).
        @inline(__always)
        subscript(_ i: Int, _ list: List) -> UnsafeBufferPointer<Int32>? { lists[i, list.rawValue] }

        /// Startup `i`'s minimum contract (USD), read from the same cache line as its lists.
        ///
        /// - Complexity: O(1).
        @inline(__always)
        func minimumContract(_ i: Int) -> Double? { lists.value(i) }
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
