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

/// Up to four optional lists of numbers per row, and one optional `Double`, each row in one
/// 64-byte cache line when its lists hold at most ``inlineNumbers`` numbers (else they live in
/// an overflow array the row points to).
///
/// Why one line per row: ranking reads the lists of ~1,400 candidates scattered over the
/// catalog, and with a row's list bounds, its numbers and the startup's minimum contract in
/// three arrays, each candidate cost three cache misses; at 100,000 startups those loads, not
/// the comparisons, were the facets' cost.
struct NumberRows: @unchecked Sendable {
    /// Numbers a row holds in its own line.
    static let inlineNumbers = 12
    private static let slots = 16  // 64 bytes of Int32: header, value (2 slots), overflow offset, numbers
    /// Header of a row whose lists are in the overflow array: no inline header has it (four
    /// lists of 254 numbers do not fit a line).
    private static let spilled = UInt32(0xFEFE_FEFE)
    private static let missingList = UInt32(0xFF)

    let listsPerRow: Int
    private var storage: Storage
    private var overflow: [Int32] = []

    /// - Complexity: O(1).
    init(listsPerRow: Int) {
        precondition((1...4).contains(listsPerRow), "one to four lists per row")
        self.listsPerRow = listsPerRow
        storage = Storage(capacity: 0)
    }

    var count: Int { storage.count }

    /// Appends a row. - Complexity: O(total length of `lists`) amortised.
    mutating func appendRow(_ lists: [[Int32]?], value: Double?) {
        if !isKnownUniquelyReferenced(&storage) || storage.count == storage.capacity {
            storage = storage.copy(capacity: Swift.max(16, storage.count * 2))
        }
        storage.count += 1
        write(storage.count - 1, lists, value)
    }

    /// Row `row` replaced; numbers it had in the overflow array stay there, unreferenced.
    ///
    /// - Complexity: O(total length of `lists`), plus a copy of every row if they are shared.
    mutating func replaceRow(_ row: Int, with lists: [[Int32]?], value: Double?) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: storage.capacity) }
        write(row, lists, value)
    }

    private mutating func write(_ row: Int, _ lists: [[Int32]?], _ value: Double?) {
        precondition(lists.count == listsPerRow, "a row has listsPerRow lists")
        let line = storage.base + row * Self.slots
        line.update(repeating: 0, count: Self.slots)
        UnsafeMutableRawPointer(line + 1).storeBytes(of: value ?? .nan, as: Double.self)
        line[3] = value == nil ? 0 : 1
        let total = lists.reduce(0) { $0 + ($1?.count ?? 0) }
        var header = UInt32(0)
        for (j, list) in lists.enumerated() {
            header |= (list.map { UInt32(Swift.min($0.count, 254)) } ?? Self.missingList) << (8 * UInt32(j))
        }
        for j in lists.count..<4 { header |= Self.missingList << (8 * UInt32(j)) }
        let fitsInline = total <= Self.inlineNumbers && lists.allSatisfy { ($0?.count ?? 0) < 255 }
        if fitsInline {
            line[0] = Int32(bitPattern: header)
            var t = 4
            for list in lists { for n in list ?? [] { line[t] = n; t += 1 } }
        } else {
            precondition(overflow.count + total + 4 < Int(Int32.max), "at most 2³¹ - 1 numbers")
            line[0] = Int32(bitPattern: Self.spilled)
            line[4] = Int32(overflow.count)
            for j in 0..<4 { overflow.append(j < lists.count ? (lists[j].map { Int32($0.count) } ?? -1) : -1) }
            for list in lists { overflow += list ?? [] }
        }
    }

    /// - Complexity: O(1) plus `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try overflow.withUnsafeBufferPointer { overflow in
            try withExtendedLifetime(storage) { try body(Reader(rows: storage.base, overflow: overflow)) }
        }
    }

    struct Reader {
        let rows: UnsafeMutablePointer<Int32>
        let overflow: UnsafeBufferPointer<Int32>

        /// Row `row`'s list `list` (nil: no list). - Complexity: O(lists per row).
        @inline(__always)
        subscript(_ row: Int, _ list: Int) -> UnsafeBufferPointer<Int32>? {
            let line = UnsafePointer(rows + row * NumberRows.slots)
            let header = UInt32(bitPattern: line[0])
            if header == NumberRows.spilled {
                let counts = overflow.baseAddress! + Int(line[4])
                guard counts[list] >= 0 else { return nil }
                var start = 4
                for j in 0..<list { start += Swift.max(0, Int(counts[j])) }
                return UnsafeBufferPointer(start: counts + start, count: Int(counts[list]))
            }
            let count = (header >> (8 * UInt32(list))) & NumberRows.missingList
            guard count != NumberRows.missingList else { return nil }
            var start = 4
            for j in 0..<list {
                let c = (header >> (8 * UInt32(j))) & NumberRows.missingList
                start += c == NumberRows.missingList ? 0 : Int(c)
            }
            return UnsafeBufferPointer(start: line + start, count: Int(count))
        }

        /// Row `row`'s value. - Complexity: O(1).
        @inline(__always)
        func value(_ row: Int) -> Double? {
            let line = UnsafePointer(rows + row * NumberRows.slots)
            return line[3] == 0 ? nil : UnsafeRawPointer(line + 1).loadUnaligned(as: Double.self)
        }
    }

    /// The rows' lines, 64-byte aligned so that a row is one cache line.
    private final class Storage {
        let base: UnsafeMutablePointer<Int32>
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, capacity) * 4 * NumberRows.slots, alignment: 64)
            base = raw.bindMemory(to: Int32.self, capacity: Swift.max(1, capacity) * NumberRows.slots)
        }

        func copy(capacity: Int) -> Storage {
            let copy = Storage(capacity: capacity)
            copy.base.update(from: base, count: count * NumberRows.slots)
            copy.count = count
            return copy
        }

        deinit { base.deallocate() }
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
