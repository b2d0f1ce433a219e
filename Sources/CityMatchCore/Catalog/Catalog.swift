/// A whole catalog: cities, their needs, startups and (optionally) relevance judgments.
///
/// A plain value: the core reads and returns catalogs; where they are stored is the edge's business.
public struct Catalog: Sendable, Equatable {
    public var cities: [City]
    public var needs: [Need]
    public var startups: [Startup]
    public var judgments: [Judgment]

    public init(cities: [City] = [], needs: [Need] = [], startups: [Startup] = [], judgments: [Judgment] = []) {
        self.cities = cities
        self.needs = needs
        self.startups = startups
        self.judgments = judgments
    }

    /// Total number of records.
    public var count: Int { cities.count + needs.count + startups.count + judgments.count }

    /// Cities by id. - Complexity: O(cities).
    public func citiesByID() -> [String: City] { Dictionary(cities.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b }) }
    /// Needs by id. - Complexity: O(needs).
    public func needsByID() -> [String: Need] { Dictionary(needs.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b }) }
    /// Startups by id. - Complexity: O(startups).
    public func startupsByID() -> [String: Startup] { Dictionary(startups.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b }) }

    /// The ids this catalog defines, for resolving references of a later partial import.
    public var identifiers: KnownIdentifiers {
        KnownIdentifiers(cities: Set(cities.map(\.id)), needs: Set(needs.map(\.id)), startups: Set(startups.map(\.id)))
    }

    /// This catalog with `other`'s records upserted by key (other wins), order kept, new records appended.
    ///
    /// - Complexity: O(self.count + other.count).
    public func merging(_ other: Catalog) -> Catalog {
        Catalog(cities: Self.upsert(cities, other.cities), needs: Self.upsert(needs, other.needs),
                startups: Self.upsert(startups, other.startups), judgments: Self.upsert(judgments, other.judgments))
    }

    private static func upsert<R: CatalogRecord>(_ base: [R], _ changes: [R]) -> [R] {
        var position = [String: Int](minimumCapacity: base.count)
        var result = base
        for (i, r) in base.enumerated() { position[r.key] = i }
        for r in changes {
            if let i = position[r.key] { result[i] = r } else { position[r.key] = result.count; result.append(r) }
        }
        return result
    }
}

/// Ids that references may point at.
public struct KnownIdentifiers: Sendable, Equatable {
    public var cities: Set<String>
    public var needs: Set<String>
    public var startups: Set<String>

    public init(cities: Set<String> = [], needs: Set<String> = [], startups: Set<String> = []) {
        self.cities = cities
        self.needs = needs
        self.startups = startups
    }

    public static let none = KnownIdentifiers()
}
