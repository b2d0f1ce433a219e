/// The (city, startup) pairs a shortlist chooses from, scored as `rank` scores them.
///
/// A pair's score is the best score the startup reaches over the city's needs, and the pair
/// remembers that need and its breakdown.
public struct ScoredPair: Sendable {
    public var candidate: ShortlistCandidate
    public var breakdown: ScoreBreakdown
}

public enum ShortlistCandidates {
    /// Every city's candidate pairs: for each of its needs, the startups `rank` returns
    /// (all of them when the catalog fits the candidate pool, else the best `perNeed`),
    /// keeping each startup's best need.
    ///
    /// - Complexity: O(needs · rank cost).
    public static func pairs(_ engine: MatchEngine, options: RankOptions, perNeed: Int,
                             progress: ((Int, Int) -> Void)? = nil) -> [ScoredPair] {
        let catalog = engine.catalog
        let depth = catalog.startups.count <= options.candidatePool ? catalog.startups.count : perNeed
        var best: [String: [Int: ScoredPair]] = [:]
        for (i, need) in catalog.needs.enumerated() {
            guard let query = engine.query(forNeed: need.id) else { continue }
            for r in engine.rank(query, k: depth, options: options) {
                let startup = catalog.startups[r.startupIndex]
                let pair = ScoredPair(candidate: ShortlistCandidate(city: need.city, startup: startup.id, startupCountry: startup.country,
                                                                    score: r.score, need: need.id),
                                      breakdown: r.breakdown)
                if let existing = best[need.city]?[r.startupIndex], existing.candidate.score >= r.score { continue }
                best[need.city, default: [:]][r.startupIndex] = pair
            }
            progress?(i + 1, catalog.needs.count)
        }
        // Cities in catalog order, startups in catalog order: a canonical input for the planner.
        return catalog.cities.flatMap { city in
            (best[city.id] ?? [:]).sorted { $0.key < $1.key }.map(\.value)
        }
    }
}
