/// One optional value per facet (nil = inputs missing), in ``Facet/allCases`` order.
///
/// The scorer's input: a fixed-size table rather than a dictionary, because `rank` fills one
/// for every candidate (a thousand per query) and hashing facet names dominated that cost.
public struct FacetValues: Sendable, Equatable {
    private var slots: [Double?]

    /// Every facet missing.
    ///
    /// - Complexity: O(facets).
    public init() { slots = [Double?](repeating: nil, count: Facet.allCases.count) }

    /// The values of a dictionary (absent keys and nil entries are missing).
    ///
    /// - Complexity: O(facets).
    public init(_ values: [Facet: Double?]) {
        self.init()
        for (facet, value) in values { slots[facet.ordinal] = value }
    }

    /// - Complexity: O(1).
    public subscript(facet: Facet) -> Double? {
        get { slots[facet.ordinal] }
        set { slots[facet.ordinal] = newValue }
    }

    /// The same values keyed by facet (every facet present, nil when missing).
    ///
    /// - Complexity: O(facets).
    public var dictionary: [Facet: Double?] {
        Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, slots[$0.ordinal]) })
    }
}
