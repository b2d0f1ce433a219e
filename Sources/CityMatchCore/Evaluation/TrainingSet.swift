/// Training groups (one per judged need) built from a ``MatchEngine``'s own facet values.
public enum TrainingSet {
    /// For each need with judgments: every startup the engine would score, plus every judged
    /// one, with facet values and grades (unjudged = 0).
    ///
    /// - Complexity: O(judged needs · rank cost).
    public static func groups(_ engine: MatchEngine, options: RankOptions = RankOptions()) -> [RankerTrainer.Group] {
        let catalog = engine.catalog
        let judged = Dictionary(grouping: catalog.judgments, by: \.need)
        return catalog.needs.compactMap { need in
            guard let labels = judged[need.id], let query = engine.query(forNeed: need.id) else { return nil }
            let grades = Dictionary(labels.map { ($0.startup, $0.grade) }, uniquingKeysWith: max)
            var candidates = Set(engine.facetTable(query, options: options).map(\.startupIndex))
            for id in grades.keys { if let i = engine.startupIndex(id) { candidates.insert(i) } }
            let table = engine.facetTable(query, startups: candidates.sorted())
            return RankerTrainer.Group(needID: need.id, cityID: need.city, candidates: table.map { row in
                let id = catalog.startups[row.startupIndex].id
                return (startupID: id, values: row.values, grade: grades[id] ?? 0)
            })
        }
    }
}
