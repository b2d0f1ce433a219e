import Testing
@testable import CityMatchCore

@Suite struct RankingMetricsTests {
    @Test func ndcgByHand() {
        let grades = ["a": 3, "b": 2, "c": 1]
        #expect(RankingMetrics.ndcg(["a", "b", "c"], grades: grades) == 1)
        // Ranking c, a, x: DCG = 1/log2(2) + 7/log2(3); ideal = 7 + 3/log2(3) + 1/2.
        let dcg = 1.0 + 7 / log2(3.0)
        let ideal = 7.0 + 3 / log2(3.0) + 0.5
        #expect(abs(RankingMetrics.ndcg(["c", "a", "x"], grades: grades) - dcg / ideal) < 1e-12)
        #expect(RankingMetrics.ndcg(["x"], grades: [:]) == 0)
    }

    @Test func recallMRRAndAveragePrecision() {
        let grades = ["a": 3, "b": 2, "c": 1]
        #expect(RankingMetrics.recall(["x", "a", "c"], grades: grades, k: 3) == 0.5)
        #expect(RankingMetrics.reciprocalRank(["x", "c", "b"], grades: grades) == 1.0 / 3)
        #expect(abs(RankingMetrics.averagePrecision(["a", "x", "b"], grades: grades) - (1 + 2.0 / 3) / 2) < 1e-12)
    }

    @Test func gini() {
        #expect(RankingMetrics.gini([5, 5, 5, 5]) == 0)
        #expect(abs(RankingMetrics.gini([0, 0, 0, 10]) - 0.75) < 1e-12)
    }

    @Test func evaluationOfTheFixtureCatalog() throws {
        let report = RankingEvaluation.run(try EngineFixture.engine())
        #expect(report.needs == 2)
        #expect(report.overall.mrr == 1)
        #expect(report.coverage > 0 && report.coverage <= 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
