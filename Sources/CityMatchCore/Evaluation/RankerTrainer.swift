#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fits facet weights on graded judgments: pairwise logistic loss (RankNet) over every pair of
/// startups of one need with different grades, weighted by the grade difference, with weights
/// kept non-negative and summing to 1 (so scores stay in [0, 1] and explanations stay readable).
public struct RankerTrainer: Sendable {
    /// One need's training data: every scored startup's facet values and its grade.
    public struct Group: Sendable {
        public var needID: String
        public var cityID: String
        public var candidates: [(startupID: String, values: [Facet: Double?], grade: Int)]

        public init(needID: String, cityID: String, candidates: [(startupID: String, values: [Facet: Double?], grade: Int)]) {
            self.needID = needID
            self.cityID = cityID
            self.candidates = candidates
        }
    }

    public var epochs = 400
    public var learningRate = 0.5
    /// Pull towards uniform weights, so facets without signal keep a small share.
    public var regularisation = 1e-3
    /// Temperature of the pairwise logistic: scores differ by hundredths, so pairs are scaled up.
    public var sharpness = 20.0

    public init() {}

    /// Weights fitted on `groups`.
    ///
    /// - Complexity: O(epochs · Σ pairs · facets).
    public func fit(_ groups: [Group], facets: [Facet] = Facet.allCases) -> [Facet: Double] {
        var w = [Double](repeating: 1 / Double(facets.count), count: facets.count)
        // Pairs (better, worse, weight) per group, precomputed.
        let pairs: [[(Int, Int, Double)]] = groups.map { g in
            var result: [(Int, Int, Double)] = []
            for i in g.candidates.indices {
                for j in g.candidates.indices where g.candidates[i].grade > g.candidates[j].grade {
                    result.append((i, j, Double(g.candidates[i].grade - g.candidates[j].grade)))
                }
            }
            return result
        }
        let pairCount = max(1, pairs.reduce(0) { $0 + $1.count })
        for epoch in 0..<epochs {
            // Imputed values follow the current weights (the scoring rule), held fixed within an epoch.
            let model = ScoringModel(weights: RankerWeights(weights: Dictionary(uniqueKeysWithValues: zip(facets, w)), method: "training"))
            var gradient = [Double](repeating: 0, count: facets.count)
            for (g, group) in groups.enumerated() where !pairs[g].isEmpty {
                let x: [[Double]] = group.candidates.map { c in
                    let b = model.breakdown(values: c.values)
                    return facets.map { f in b.contributions.first { $0.facet == f }!.value }
                }
                let s = x.map { row in zip(row, w).reduce(0) { $0 + $1.0 * $1.1 } }
                for (i, j, weight) in pairs[g] {
                    let margin = sharpness * (s[i] - s[j])
                    let p = 1 / (1 + exp(margin))  // d/dmargin of log(1 + e^{-margin}) is -p
                    for f in facets.indices { gradient[f] -= weight * p * sharpness * (x[i][f] - x[j][f]) }
                }
            }
            let rate = learningRate / (1 + Double(epoch) / 100)
            for f in facets.indices {
                let g = gradient[f] / Double(pairCount) + regularisation * (w[f] - 1 / Double(facets.count))
                w[f] = max(0, w[f] - rate * g)
            }
            let total = w.reduce(0, +)
            if total > 0 { w = w.map { $0 / total } } else { w = w.map { _ in 1 / Double(facets.count) } }
        }
        return Dictionary(uniqueKeysWithValues: zip(facets, w))
    }

    /// Mean NDCG@10 over needs when each city's needs are ranked by weights fitted on the other cities.
    ///
    /// - Returns: the held-out NDCG@10 per need and its mean.
    /// - Complexity: O(cities · fit).
    public func crossValidate(_ groups: [Group]) -> (perNeed: [String: Double], mean: Double) {
        let cities = Set(groups.map(\.cityID)).sorted()
        var perNeed: [String: Double] = [:]
        for city in cities {
            let train = groups.filter { $0.cityID != city }
            let weights = fit(train)
            let model = ScoringModel(weights: RankerWeights(weights: weights, method: "cv"))
            for group in groups where group.cityID == city {
                perNeed[group.needID] = Self.ndcg(group, model: model)
            }
        }
        let mean = perNeed.isEmpty ? 0 : perNeed.values.reduce(0, +) / Double(perNeed.count)
        return (perNeed, mean)
    }

    /// NDCG@10 of one group ranked by `model`.
    public static func ndcg(_ group: Group, model: ScoringModel, k: Int = 10) -> Double {
        let ranking = group.candidates.enumerated()
            .map { (id: $1.startupID, order: $0, score: model.score(values: $1.values)) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
            .map(\.id)
        let grades = Dictionary(group.candidates.map { ($0.startupID, $0.grade) }, uniquingKeysWith: max)
        return RankingMetrics.ndcg(ranking, grades: grades, k: k)
    }
}
