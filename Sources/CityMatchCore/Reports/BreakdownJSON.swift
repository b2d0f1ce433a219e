/// The JSON shapes of ranking output. These are a documented contract (docs/output-formats.md):
/// keys and nesting stay stable; new keys may be added.
public enum BreakdownJSON {
    /// `{"contributions": [...], "evidence": [...], "reasons": [...], "fit": {...}}`
    ///
    /// - Complexity: O(facets + evidence + reasons).
    public static func breakdown(_ b: ScoreBreakdown) -> JSONValue {
        .object([
            "contributions": .array(b.contributions.map { c in
                .object(["facet": .string(c.facet.rawValue), "direction": .string(c.facet.direction.rawValue),
                         "weight": .number(c.weight), "value": .number(c.value),
                         "contribution": .number(c.contribution), "imputed": .bool(c.imputed)])
            }),
            "evidence": .array(b.evidence.map { e in
                .object(["need_clause": .string(e.needClause), "startup_statement": .string(e.startupStatement),
                         "similarity": .number(e.similarity)])
            }),
            "reasons": .array(b.reasons.map(JSONValue.string)),
            "fit": fit(b),
        ])
    }

    /// `{"city_to_startup": x, "startup_to_city": y}`
    public static func fit(_ b: ScoreBreakdown) -> JSONValue {
        .object(["city_to_startup": .number(b.cityToStartupFit), "startup_to_city": .number(b.startupToCityFit)])
    }

    /// One ranked result: `{"rank": n, "startup": ID, "score": x, "fit": {...}, "breakdown": {...}}`.
    public static func result(_ r: RankedStartup, rank: Int) -> JSONValue {
        .object(["rank": .integer(Int64(rank)), "startup": .string(r.startupID), "score": .number(r.score),
                 "fit": fit(r.breakdown), "breakdown": breakdown(r.breakdown)])
    }

    /// One line of `citymatch rank --format jsonl`: `{"need": ID, "results": [...]}` (keys sorted).
    public static func rankLine(need: String, results: [RankedStartup]) -> String {
        JSONValue.object(["need": .string(need),
                          "results": .array(results.enumerated().map { result($1, rank: $0 + 1) })]).serialized()
    }
}
