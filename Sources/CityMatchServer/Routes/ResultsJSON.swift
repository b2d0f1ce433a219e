import CityMatchCore

/// Ranked results as the CLI writes them (``BreakdownJSON``, docs/output-formats.md), plus
/// each startup's display `name` so a page need not look it up.
enum ResultsJSON {
    /// - Complexity: O(results · breakdown size).
    static func results(_ results: [RankedStartup], catalog: Catalog) -> JSONValue {
        .array(results.enumerated().map { offset, result in
            var json = BreakdownJSON.result(result, rank: offset + 1)
            if case .object(var members) = json, catalog.startups.indices.contains(result.startupIndex) {
                members["name"] = .string(catalog.startups[result.startupIndex].name)
                json = .object(members)
            }
            return json
        })
    }
}
