/// Every vector the matcher needs for a catalog, computed once (and cached by text at the edge).
///
/// Texts are embedded as units: each need's full text and clauses, each startup's full text
/// and statements (capabilities and description sentences).
public struct CatalogEmbeddings: Sendable {
    /// `needs.count × d`, rows in catalog order.
    public var needText: Matrix
    /// Per need: its clauses (title first) and their vectors.
    public var needClauses: [[String]]
    public var needClauseVectors: [Matrix]
    /// `startups.count × d`, rows in catalog order.
    public var startupText: Matrix
    /// Per startup: its statements, and all statements' vectors stacked (`statementRanges[i]` are startup i's rows).
    public var startupStatements: [[String]]
    public var statementVectors: Matrix
    public var statementRanges: [Range<Int>]

    /// The texts to embed for `catalog`, deduplicated, in a stable order.
    ///
    /// - Complexity: O(total text length).
    public static func texts(for catalog: Catalog) -> [String] {
        texts(for: catalog, units: Units(catalog: catalog))
    }

    /// ``texts(for:)`` with the catalog's units already split.
    ///
    /// - Complexity: O(total text length).
    public static func texts(for catalog: Catalog, units: Units) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        func add(_ text: String) { if seen.insert(text).inserted { result.append(text) } }
        for (need, clauses) in zip(catalog.needs, units.needClauses) { add(need.fullText); clauses.forEach(add) }
        for (startup, statements) in zip(catalog.startups, units.startupStatements) { add(startup.fullText); statements.forEach(add) }
        return result
    }

    /// The units below whole texts: each need's clauses and each startup's statements
    /// (``ClauseSplitter``). Split once and shared by ``texts(for:units:)`` and
    /// ``init(catalog:units:dimension:vector:)``: at 100,000 startups splitting took tens of seconds.
    public struct Units: Sendable {
        public var needClauses: [[String]]
        public var startupStatements: [[String]]

        /// Splits every need and startup, in parallel over the cores (in catalog order).
        ///
        /// - Complexity: O(total text length).
        public init(catalog: Catalog) {
            let chunk = 512
            func split<T>(_ items: [T], _ body: @escaping (T) -> [String]) -> [[String]] {
                let chunks = (items.count + chunk - 1) / chunk
                return Concurrently.map(count: chunks) { c in
                    items[c * chunk ..< min(items.count, (c + 1) * chunk)].map(body)
                }.flatMap { $0 }
            }
            needClauses = split(catalog.needs) { ClauseSplitter.clauses(of: $0) }
            startupStatements = split(catalog.startups) { ClauseSplitter.statements(of: $0) }
        }
    }

    /// Assembles the matrices from a vector per text (as returned for ``texts(for:)``).
    ///
    /// - Complexity: O(total units · d).
    public init(catalog: Catalog, dimension d: Int, vector: (String) -> [Float]) {
        self.init(catalog: catalog, units: Units(catalog: catalog), dimension: d, vector: vector)
    }

    /// ``init(catalog:dimension:vector:)`` with the catalog's units already split.
    ///
    /// - Complexity: O(total units · d).
    public init(catalog: Catalog, units: Units, dimension d: Int, vector: (String) -> [Float]) {
        func stack(_ texts: [String]) -> Matrix {
            var storage = [Float]()
            storage.reserveCapacity(texts.count * d)
            for t in texts { storage += vector(t) }
            return Matrix(rows: texts.count, columns: d, storage: storage)
        }
        needText = stack(catalog.needs.map(\.fullText))
        needClauses = units.needClauses
        needClauseVectors = needClauses.map(stack)
        startupText = stack(catalog.startups.map(\.fullText))
        startupStatements = units.startupStatements
        var ranges: [Range<Int>] = []
        var start = 0
        for statements in startupStatements {
            ranges.append(start..<start + statements.count)
            start += statements.count
        }
        statementRanges = ranges
        statementVectors = stack(startupStatements.flatMap { $0 })
    }

    public var dimension: Int { startupText.columns }
}
