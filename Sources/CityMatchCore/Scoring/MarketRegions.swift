/// Region names that startups use for their markets, resolved to ISO 3166-1 alpha-2 countries.
///
/// Markets are free strings in the format (`KR`, `EU`, `LATAM`, `Nordics`, `Global`); this table
/// lets market fit compare them with a city's country. Names are matched case-insensitively,
/// ignoring spaces, hyphens and `&`.
public enum MarketRegions {
    /// Markets meaning "anywhere".
    public static let worldwide: Set<String> = ["global", "worldwide", "international", "world", "anywhere"]

    private static let eu: Set<String> = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
                                          "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"]
    private static let europeOther: Set<String> = ["GB", "NO", "CH", "IS", "UA", "RS", "BA", "ME", "MK", "AL", "MD", "BY", "XK", "LI", "MC", "AD", "SM"]
    private static let latam: Set<String> = ["MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA", "CU", "DO", "HT", "PR", "CO", "VE", "EC",
                                             "PE", "BO", "BR", "PY", "UY", "AR", "CL", "GY", "SR", "JM", "TT"]
    private static let eastAsia: Set<String> = ["CN", "JP", "KR", "KP", "MN", "TW", "HK", "MO"]
    private static let sea: Set<String> = ["ID", "MY", "PH", "SG", "TH", "VN", "KH", "LA", "MM", "BN", "TL"]
    private static let southAsia: Set<String> = ["IN", "PK", "BD", "LK", "NP", "BT", "MV", "AF"]
    private static let oceania: Set<String> = ["AU", "NZ", "PG", "FJ", "WS", "TO", "VU", "SB"]
    private static let centralAsia: Set<String> = ["KZ", "UZ", "KG", "TJ", "TM"]
    private static let caucasus: Set<String> = ["AM", "AZ", "GE"]
    private static let mena: Set<String> = ["DZ", "BH", "EG", "IR", "IQ", "IL", "JO", "KW", "LB", "LY", "MA", "OM", "PS", "QA", "SA",
                                            "SY", "TN", "AE", "YE", "TR"]
    private static let gcc: Set<String> = ["AE", "SA", "QA", "KW", "BH", "OM"]
    private static let eastAfrica: Set<String> = ["KE", "TZ", "UG", "RW", "BI", "ET", "SO", "DJ", "ER", "SS", "MG", "MW", "MZ", "ZM", "ZW"]
    private static let westAfrica: Set<String> = ["NG", "GH", "SN", "CI", "ML", "BF", "NE", "GN", "SL", "LR", "TG", "BJ", "GM", "GW", "CV", "MR"]
    private static let centralAfrica: Set<String> = ["CM", "CF", "TD", "CG", "CD", "GA", "GQ", "ST", "AO"]
    private static let southernAfrica: Set<String> = ["ZA", "NA", "BW", "LS", "SZ", "ZW", "MZ", "ZM", "MW", "AO"]
    private static let northAfrica: Set<String> = ["DZ", "EG", "LY", "MA", "TN", "SD"]
    private static let northAmerica: Set<String> = ["US", "CA", "MX"]

    private static let table: [String: Set<String>] = {
        let africa = eastAfrica.union(westAfrica).union(centralAfrica).union(southernAfrica).union(northAfrica)
        let asia = eastAsia.union(sea).union(southAsia).union(centralAsia)
        let europe = eu.union(europeOther)
        return [
            "eu": eu, "europe": europe, "europeanunion": eu, "westerneurope": europe,
            "nordics": ["DK", "FI", "IS", "NO", "SE"], "baltics": ["EE", "LV", "LT"],
            "balkans": ["AL", "BA", "BG", "HR", "ME", "MK", "RS", "SI", "XK", "GR", "RO"],
            "latam": latam, "latinamerica": latam, "latinamericacaribbean": latam, "southamerica": latam.subtracting(["MX", "GT", "BZ", "SV", "HN", "NI", "CR", "PA", "CU", "DO", "HT", "PR", "JM", "TT"]),
            "andes": ["CO", "EC", "PE", "BO", "CL", "VE", "AR"], "centralamerica": ["GT", "BZ", "SV", "HN", "NI", "CR", "PA"],
            "northamerica": northAmerica,
            "apac": asia.union(oceania), "asiapacific": asia.union(oceania), "eastasiapacific": eastAsia.union(sea).union(oceania),
            "asia": asia, "eastasia": eastAsia, "sea": sea, "southeastasia": sea, "asean": sea,
            "southasia": southAsia, "himalaya": ["NP", "BT", "IN", "CN", "PK"], "centralasia": centralAsia,
            "caucasus": caucasus, "europecentralasia": europe.union(centralAsia).union(caucasus).union(["TR", "RU"]),
            "cis": centralAsia.union(caucasus).union(["RU", "BY", "MD"]),
            "mena": mena, "middleeast": mena.subtracting(northAfrica), "middleeastnorthafrica": mena, "gcc": gcc, "gulf": gcc,
            "africa": africa, "subsaharanafrica": africa.subtracting(northAfrica), "eastafrica": eastAfrica, "westafrica": westAfrica,
            "centralafrica": centralAfrica, "southernafrica": southernAfrica, "northafrica": northAfrica,
            "oceania": oceania,
        ]
    }()

    /// Lower-case letters only: `East Africa`, `east-africa` → `eastafrica`.
    public static func normalized(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter })
    }

    /// The countries a market name covers: itself for an alpha-2 code, a region's members,
    /// every country for `Global`; empty for names it does not know.
    ///
    /// - Complexity: O(1) amortised (table look-up).
    public static func countries(in market: String) -> Set<String>? {
        let trimmed = market.trimmingWhitespace()
        if trimmed.count == 2, ISOCodes.countries[trimmed.uppercased()] != nil { return [trimmed.uppercased()] }
        let key = normalized(trimmed)
        if worldwide.contains(key) { return nil }  // nil: everywhere
        return table[key] ?? []
    }

    /// How well `markets` cover a city: 1 when its country is named (or the market is
    /// worldwide), 0.75 when a named region contains it, 0 otherwise.
    ///
    /// - Complexity: O(markets).
    public static func coverage(of country: String, region: String?, by markets: [String]) -> Double {
        coverage(of: country, normalizedRegion: region.map(normalized), by: markets.map(Market.init))
    }

    /// A startup's market name read once: the countries it covers (nil: everywhere) and its
    /// normalised name (compared with a city's region name).
    public struct Market: Sendable, Equatable {
        public var countries: Set<String>?
        public var normalizedName: String

        /// - Complexity: O(name length) plus one table look-up.
        public init(_ name: String) {
            countries = MarketRegions.countries(in: name)
            normalizedName = MarketRegions.normalized(name)
        }
    }

    /// ``coverage(of:region:by:)`` on markets read once per startup and a region normalised
    /// once per query (``normalized(_:)``).
    ///
    /// - Complexity: O(markets).
    public static func coverage(of country: String, normalizedRegion: String?, by markets: [Market]) -> Double {
        var best = 0.0
        for market in markets {
            guard let covered = market.countries else { return 1 }
            if covered.count == 1, covered.contains(country) { return 1 }
            if covered.contains(country) { best = max(best, 0.75) }
            if let normalizedRegion, normalizedRegion == market.normalizedName { best = max(best, 0.75) }
        }
        return best
    }
}
