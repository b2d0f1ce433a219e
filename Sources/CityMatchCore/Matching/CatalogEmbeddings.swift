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
        var seen = Set<String>()
        var result: [String] = []
        func add(_ text: String) { if seen.insert(text).inserted { result.append(text) } }
        for need in catalog.needs { add(need.fullText); ClauseSplitter.clauses(of: need).forEach(add) }
        for startup in catalog.startups { add(startup.fullText); ClauseSplitter.statements(of: startup).forEach(add) }
        return result
    }

    /// Assembles the matrices from a vector per text (as returned for ``texts(for:)``).
    ///
    /// - Complexity: O(total units · d).
    public init(catalog: Catalog, dimension d: Int, vector: (String) -> [Float]) {
        func stack(_ texts: [String]) -> Matrix {
            var storage = [Float]()
            storage.reserveCapacity(texts.count * d)
            for t in texts { storage += vector(t) }
            return Matrix(rows: texts.count, columns: d, storage: storage)
        }
        needText = stack(catalog.needs.map(\.fullText))
        needClauses = catalog.needs.map { ClauseSplitter.clauses(of: $0) }
        needClauseVectors = needClauses.map(stack)
        startupText = stack(catalog.startups.map(\.fullText))
        startupStatements = catalog.startups.map { ClauseSplitter.statements(of: $0) }
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
