extension ShortlistReport {
    /// Plans the shortlists for scored `pairs` under `limits` and assembles the report: each
    /// city's entries with their breakdowns, the exposure table against merit, the audit record.
    /// The CLI (`citymatch shortlist`) and the server (`POST /v1/shortlists`) both build theirs here.
    /// `engine` is the one that scored the pairs; only the selected pairs are explained.
    ///
    /// - Complexity: the planner's (min-cost flow over the pairs) plus O(pairs) assembly and
    ///   one explanation per selected pair.
    public static func planned(_ pairs: [ScoredPair], engine: MatchEngine, limits: ShortlistLimits, audit: AuditRecord) -> ShortlistReport {
        let catalog = engine.catalog
        let candidates = pairs.map(\.candidate)
        let plan = ShortlistPlanner.plan(candidates, limits: limits)
        let scored = Dictionary(pairs.map { (PairKey(city: $0.candidate.city, startup: $0.candidate.startup), $0) },
                                uniquingKeysWith: { first, _ in first })
        let shortlists = catalog.cities.map { city in
            (city: city, entries: plan.entries(forCity: city.id).compactMap { candidate in
                scored[PairKey(city: candidate.city, startup: candidate.startup)].map { Entry(candidate: candidate, breakdown: $0.breakdown(in: engine)) }
            })
        }
        let exposure = ExposureTable.rows(selected: plan.selected, candidates: candidates, perCity: limits.perCity,
                                          minimumScore: limits.minimumScore, startups: catalog.startupsByID())
        return ShortlistReport(audit: audit, shortlists: shortlists, exposure: exposure,
                               startupNames: Dictionary(catalog.startups.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first }),
                               needTitles: Dictionary(catalog.needs.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first }))
    }

    private struct PairKey: Hashable {
        var city: String
        var startup: String
    }
}
