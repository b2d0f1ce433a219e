#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard ranking metrics over graded judgments (grades 0..3; unjudged = 0).
///
/// A startup is *relevant* when its grade is at least ``relevantGrade`` (2: it solves a
/// substantial part of the need). NDCG uses gains 2^grade − 1 and log2 discounts.
public enum RankingMetrics {
    public static let relevantGrade = 2

    /// NDCG@k of `ranking` (ids best first). 0 when the need has no graded startup.
    ///
    /// - Complexity: O(k + judged · log judged).
    public static func ndcg(_ ranking: [String], grades: [String: Int], k: Int = 10) -> Double {
        func gain(_ g: Int) -> Double { Double((1 << max(0, g)) - 1) }
        var dcg = 0.0
        for (position, id) in ranking.prefix(k).enumerated() { dcg += gain(grades[id] ?? 0) / log2(Double(position + 2)) }
        let ideal = grades.values.sorted(by: >).prefix(k).enumerated().reduce(0.0) { $0 + gain($1.element) / log2(Double($1.offset + 2)) }
        return ideal > 0 ? dcg / ideal : 0
    }

    /// Share of relevant startups found in the top `k`. 0 when none is relevant.
    public static func recall(_ ranking: [String], grades: [String: Int], k: Int = 10) -> Double {
        let relevant = grades.filter { $0.value >= relevantGrade }.count
        guard relevant > 0 else { return 0 }
        return Double(ranking.prefix(k).filter { (grades[$0] ?? 0) >= relevantGrade }.count) / Double(relevant)
    }

    /// 1 / rank of the first relevant startup (0 when none appears).
    public static func reciprocalRank(_ ranking: [String], grades: [String: Int]) -> Double {
        guard let position = ranking.firstIndex(where: { (grades[$0] ?? 0) >= relevantGrade }) else { return 0 }
        return 1 / Double(position + 1)
    }

    /// Average precision over the full ranking.
    public static func averagePrecision(_ ranking: [String], grades: [String: Int]) -> Double {
        let relevant = grades.filter { $0.value >= relevantGrade }.count
        guard relevant > 0 else { return 0 }
        var hits = 0, sum = 0.0
        for (position, id) in ranking.enumerated() where (grades[id] ?? 0) >= relevantGrade {
            hits += 1
            sum += Double(hits) / Double(position + 1)
        }
        return sum / Double(relevant)
    }

    /// Gini coefficient of non-negative counts (0: all equal; near 1: concentrated on few).
    ///
    /// - Complexity: O(n log n).
    public static func gini(_ counts: [Int]) -> Double {
        let sorted = counts.sorted()
        let total = sorted.reduce(0, +)
        guard sorted.count > 1, total > 0 else { return 0 }
        var weighted = 0.0
        for (i, c) in sorted.enumerated() { weighted += Double(i + 1) * Double(c) }
        let n = Double(sorted.count)
        return (2 * weighted) / (n * Double(total)) - (n + 1) / n
    }
}
