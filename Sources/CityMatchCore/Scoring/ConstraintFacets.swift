/// The facets computed from catalog fields rather than text similarity. Each returns `nil`
/// when its inputs are missing, which ``ScoringModel`` treats as neutral.
public enum ConstraintFacets {
    /// Share of the required languages the startup delivers in (1 when all are covered).
    /// `nil` when the need requires none or the startup states none.
    ///
    /// - Complexity: O(languages).
    public static func language(required: [String]?, offered: [String]?) -> Double? {
        language(required: required, offeredSet: offered.map(Set.init))
    }

    /// ``language(required:offered:)`` with the offered languages already a set.
    ///
    /// - Complexity: O(required languages).
    public static func language(required: [String]?, offeredSet have: Set<String>?) -> Double? {
        guard let required, !required.isEmpty, let have else { return nil }
        return Double(required.filter(have.contains).count) / Double(required.count)
    }

    /// 1 when the minimum contract fits the budget, else (budget / minimum)²: a contract
    /// 20% over budget keeps 0.69, one at twice the budget 0.25. `nil` when either is unknown.
    public static func budget(budgetUSD: Double?, minimumContractUSD: Double?) -> Double? {
        guard let budget = budgetUSD, let minimum = minimumContractUSD else { return nil }
        if minimum <= budget { return 1 }
        let ratio = budget / minimum
        return ratio * ratio
    }

    /// The startup's side of the same comparison, softer: budget / minimum contract, capped at 1.
    public static func dealSize(budgetUSD: Double?, minimumContractUSD: Double?) -> Double? {
        guard let budget = budgetUSD, let minimum = minimumContractUSD else { return nil }
        return minimum <= budget ? 1 : budget / minimum
    }

    /// Market coverage of the city (see ``MarketRegions/coverage(of:region:by:)``); `nil`
    /// without a city or without stated markets.
    public static func market(city: City?, markets: [String]?) -> Double? {
        guard let city, let markets else { return nil }
        return MarketRegions.coverage(of: city.country, region: city.region, by: markets)
    }

    /// 1 when the startup speaks one of the administration's working languages, else 0.
    public static func workingLanguage(cityLanguages: [String]?, offered: [String]?) -> Double? {
        workingLanguage(citySet: workingLanguageSet(cityLanguages), offeredSet: offered.map(Set.init))
    }

    /// ``workingLanguage(cityLanguages:offered:)`` on sets (`cityLanguages` from ``workingLanguageSet(_:)``).
    ///
    /// - Complexity: O(min of the two set sizes).
    public static func workingLanguage(citySet cityLanguages: Set<String>?, offeredSet offered: Set<String>?) -> Double? {
        guard let cityLanguages, let offered else { return nil }
        return cityLanguages.isDisjoint(with: offered) ? 0 : 1
    }

    /// A city's working languages as a set; nil when it states none (the facet is then missing).
    public static func workingLanguageSet(_ languages: [String]?) -> Set<String>? {
        guard let languages, !languages.isEmpty else { return nil }
        return Set(languages)
    }

    /// Overlap coefficient of the words in the two sides' domain tags
    /// (`transit-planning` → transit, planning), with plurals folded.
    ///
    /// - Complexity: O(total tag length).
    public static func domains(_ a: [String]?, _ b: [String]?) -> Double? {
        domains(words: domainWordSet(a), domainWordSet(b))
    }

    /// ``domains(_:_:)`` on word sets from ``domainWordSet(_:)``, so each side's tags are
    /// analysed once rather than once per pair.
    ///
    /// - Complexity: O(min of the two set sizes).
    public static func domains(words x: Set<String>?, _ y: Set<String>?) -> Double? {
        guard let x, let y, !x.isEmpty, !y.isEmpty else { return nil }
        let (small, large) = x.count <= y.count ? (x, y) : (y, x)
        let shared = small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
        return Double(shared) / Double(min(x.count, y.count))
    }

    /// The words of `tags`; nil when there are no tags (the facet is then missing).
    ///
    /// - Complexity: O(total tag length).
    public static func domainWordSet(_ tags: [String]?) -> Set<String>? {
        guard let tags, !tags.isEmpty else { return nil }
        return domainWords(tags)
    }

    static func domainWords(_ tags: [String]) -> Set<String> {
        Set(tags.flatMap { TextAnalyzer.standard.terms($0.replacing("-", with: " ").replacing("_", with: " ")) })
    }

    /// Deployments like this city: the city itself 1, its country 0.75, its region 0.5,
    /// elsewhere 0.25; an empty reference list 0; `nil` when references are not stated.
    public static func trackRecord(city: City?, references: [String]?, resolver: ReferenceResolver) -> Double? {
        trackRecord(city: city.map { resolver.located($0) }, references: references.map { resolver.located($0) })
    }

    /// ``trackRecord(city:references:resolver:)`` on places resolved once (``ReferenceResolver/located(_:)-(City)``
    /// per query, ``ReferenceResolver/located(_:)-([String])`` per startup), rather than once per pair.
    ///
    /// - Complexity: O(references).
    public static func trackRecord(city: ReferenceResolver.Located?, references: [ReferenceResolver.Located?]?) -> Double? {
        guard let city, let references else { return nil }
        var best = 0.0
        for reference in references {
            guard let place = reference else { best = max(best, 0.25); continue }
            if place.cityID == city.cityID || place.foldedName == city.foldedName { return 1 }
            if place.country == city.country { best = max(best, 0.75); continue }
            if let r = place.region, r == city.region { best = max(best, 0.5); continue }
            best = max(best, 0.25)
        }
        return best
    }
}

/// Resolves a startup's references (city ids or names) to places, using the catalog's
/// cities first and a table of real cities (GeoNames) second.
public struct ReferenceResolver: Sendable {
    public struct Place: Sendable, Equatable {
        public var cityID: String?
        public var name: String
        public var country: String
    }

    private let byKey: [String: Place]
    private let regions: [String: String]

    /// - Complexity: O(cities + table size).
    public init(cities: [City]) {
        var byKey: [String: Place] = [:]
        var regions: [String: String] = [:]
        for row in SynthCityTable.rows {
            byKey[Self.fold(row.name)] = byKey[Self.fold(row.name)] ?? Place(cityID: nil, name: row.name, country: row.country)
            if let region = row.region { regions[row.country] = regions[row.country] ?? region }
        }
        for city in cities {
            let place = Place(cityID: city.id, name: city.name, country: city.country)
            byKey[Self.fold(city.name)] = place
            byKey[city.id] = place
            if let region = city.region, regions[city.country] == nil { regions[city.country] = region }
        }
        self.byKey = byKey
        self.regions = regions
    }

    public func resolve(_ reference: String) -> Place? { byKey[reference] ?? byKey[Self.fold(reference)] }

    /// A place with the parts track record compares: id, folded name, country and its region.
    public struct Located: Sendable, Hashable {
        public var cityID: String?
        public var foldedName: String
        public var country: String
        public var region: String?
    }

    /// A catalog city, located.
    ///
    /// - Complexity: O(name length).
    public func located(_ city: City) -> Located {
        Located(cityID: city.id, foldedName: Self.fold(city.name), country: city.country, region: region(of: city.country))
    }

    /// Each reference resolved and located (nil where it cannot be resolved).
    ///
    /// - Complexity: O(total reference length).
    public func located(_ references: [String]) -> [Located?] {
        references.map { reference in
            resolve(reference).map { Located(cityID: $0.cityID, foldedName: Self.fold($0.name), country: $0.country, region: region(of: $0.country)) }
        }
    }

    /// The World Bank region of a country, when known.
    public func region(of country: String) -> String? { regions[country] }

    static func fold(_ name: String) -> String { TextAnalyzer(stopWords: [], stems: false).terms(name).joined(separator: " ") }
}
