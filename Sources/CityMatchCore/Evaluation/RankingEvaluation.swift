/// Ranking quality of a ``MatchEngine`` over its catalog's judgments.
public struct RankingEvaluation: Sendable {
    public struct Figures: Sendable, Equatable {
        public var needs = 0
        public var ndcg = 0.0
        public var recall = 0.0
        public var mrr = 0.0
        public var map = 0.0

        mutating func add(ndcg: Double, recall: Double, mrr: Double, map: Double) {
            self.ndcg += ndcg; self.recall += recall; self.mrr += mrr; self.map += map; needs += 1
        }

        var averaged: Figures {
            guard needs > 0 else { return self }
            var f = self
            let n = Double(needs)
            f.ndcg /= n; f.recall /= n; f.mrr /= n; f.map /= n
            return f
        }
    }

    /// Means over needs that have at least one judgment.
    public var overall: Figures
    public var byCity: [(key: String, value: Figures)]
    /// Share of startups that appear in some need's top 10 (over all needs).
    public var coverage: Double
    public var coveredStartups: Int
    /// Gini coefficient of top-10 appearances over all startups.
    public var gini: Double
    public var needs: Int { overall.needs }

    /// Ranks every need's full candidate list and scores it against the judgments.
    ///
    /// - Complexity: O(needs · rank cost).
    public static func run(_ engine: MatchEngine, k: Int = 10, options: RankOptions = RankOptions()) -> RankingEvaluation {
        let catalog = engine.catalog
        let grades = Dictionary(grouping: catalog.judgments, by: \.need).mapValues { js in
            Dictionary(js.map { ($0.startup, $0.grade) }, uniquingKeysWith: max)
        }
        var overall = Figures()
        var byCity: [String: Figures] = [:]
        var appearances = [Int](repeating: 0, count: catalog.startups.count)
        for need in catalog.needs {
            guard let query = engine.query(forNeed: need.id) else { continue }
            let ranked = engine.rank(query, k: catalog.startups.count, options: options)
            for r in ranked.prefix(k) { appearances[r.startupIndex] += 1 }
            guard let g = grades[need.id], !g.isEmpty else { continue }
            let ids = ranked.map(\.startupID)
            let ndcg = RankingMetrics.ndcg(ids, grades: g, k: k), recall = RankingMetrics.recall(ids, grades: g, k: k)
            let mrr = RankingMetrics.reciprocalRank(ids, grades: g), ap = RankingMetrics.averagePrecision(ids, grades: g)
            overall.add(ndcg: ndcg, recall: recall, mrr: mrr, map: ap)
            byCity[need.city, default: Figures()].add(ndcg: ndcg, recall: recall, mrr: mrr, map: ap)
        }
        let covered = appearances.filter { $0 > 0 }.count
        return RankingEvaluation(overall: overall.averaged,
                                 byCity: byCity.map { ($0.key, $0.value.averaged) }.sorted { $0.key < $1.key },
                                 coverage: catalog.startups.isEmpty ? 0 : Double(covered) / Double(catalog.startups.count),
                                 coveredStartups: covered, gini: RankingMetrics.gini(appearances))
    }
}
