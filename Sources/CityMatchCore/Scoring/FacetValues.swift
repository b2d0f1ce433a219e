/// One optional value per facet (nil = inputs missing), in ``Facet/allCases`` order.
///
/// The scorer's input: a fixed-size table rather than a dictionary, because `rank` fills one
/// for every candidate (a thousand per query) and hashing facet names dominated that cost.
public struct FacetValues: Sendable, Equatable {
    // Inline storage, no heap: ranking fills one per candidate and copies some (a bound with
    // the evidence facet at its ceiling), and an array's allocation per copy showed in profiles.
    // A missing facet has bit `ordinal` of `present` clear and 0 in `values`, so equal
    // contents compare equal.
    private var values = SIMD16<Double>()
    private var present: UInt16 = 0

    /// Every facet missing.
    ///
    /// - Complexity: O(1).
    public init() {
        precondition(Facet.allCases.count <= 16, "FacetValues holds at most 16 facets")
    }

    /// The values of a dictionary (absent keys and nil entries are missing).
    ///
    /// - Complexity: O(facets).
    public init(_ values: [Facet: Double?]) {
        self.init()
        for (facet, value) in values { self[facet] = value }
    }

    /// - Complexity: O(1).
    public subscript(facet: Facet) -> Double? {
        get { present & (1 << facet.ordinal) != 0 ? values[facet.ordinal] : nil }
        set {
            if let newValue {
                values[facet.ordinal] = newValue
                present |= 1 << facet.ordinal
            } else {
                values[facet.ordinal] = 0
                present &= ~(1 << facet.ordinal)
            }
        }
    }

    /// The same values keyed by facet (every facet present, nil when missing).
    ///
    /// - Complexity: O(facets).
    public var dictionary: [Facet: Double?] {
        Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, self[$0]) })
    }
}
