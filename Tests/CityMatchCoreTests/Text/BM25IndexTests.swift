import Testing
@testable import CityMatchCore

@Suite struct BM25IndexTests {
    // Analysed: d0 = smart parking sensor (3 terms), d1 = parking parking app (3),
    // d2 = water quality sensor city (4; "for" and "the" are stop words).
    // N = 3, avgdl = 10/3, so k1·(1 − b + b·|D|/avgdl) = 1.11 for d0 and d1, 1.38 for d2.
    static let corpus: [(id: String, text: String)] = [
        ("d0", "Smart parking sensors"),
        ("d1", "Parking, parking app!"),
        ("d2", "Water quality sensors for the city"),
    ]
    let index = BM25Index(documents: corpus)

    @Test func handComputedScores() {
        #expect(index.documentCount == 3)
        #expect(abs(index.averageDocumentLength - 10.0 / 3) < 1e-6)
        #expect(index.documentLengths == [3, 3, 4])

        // parking: df = 2, idf = ln(1 + 1.5/2.5) = ln 1.6.
        let idfParking = 0.470003629245736
        let parking = index.scores(query: "parking")
        #expect(abs(Double(parking[0]) - idfParking * 2.2 * 1 / (1 + 1.11)) < 1e-5) // 0.490051
        #expect(abs(Double(parking[1]) - idfParking * 2.2 * 2 / (2 + 1.11)) < 1e-5) // 0.664957
        #expect(parking[2] == 0)

        // sensor: df = 2 (ln 1.6); water: df = 1, idf = ln(1 + 2.5/1.5) = ln(8/3).
        let idfWater = 0.980829253011726
        let mixed = index.scores(query: "Sensors WATER")
        #expect(abs(Double(mixed[0]) - idfParking * 2.2 / 2.11) < 1e-5)
        #expect(mixed[1] == 0)
        #expect(abs(Double(mixed[2]) - (idfParking + idfWater) * 2.2 / 2.38) < 1e-5) // 1.341106
        #expect(abs(Double(index.idf(of: "water")) - idfWater) < 1e-6)
    }

    @Test func parametersAreOverridable() {
        // b = 0: no length normalisation, so the same tf gives the same score.
        let flat = BM25Index(documents: Self.corpus, parameters: .init(k1: 2, b: 0))
        let s = flat.scores(query: "sensor")
        #expect(s[0] == s[2] && s[0] > 0)
        #expect(abs(Double(s[0]) - 0.470003629245736 * 3 / 3) < 1e-5)
    }

    @Test func repeatedQueryTermsCountOnce() {
        #expect(index.scores(query: "parking parking") == index.scores(query: "parking"))
    }

    @Test func accentAndCaseFoldedMatching() {
        let cafes = BM25Index(documents: [("a", "Café des Arts"), ("b", "Tea house")])
        #expect(cafes.scores(query: "cafe")[0] > 0)
        #expect(cafes.scores(query: "CAFÉ") == cafes.scores(query: "cafe"))
        #expect(cafes.scores(query: "cafe")[1] == 0)
    }

    @Test func stopWordsAndEmptyQueriesScoreZero() {
        #expect(index.scores(query: "") == [0, 0, 0])
        #expect(index.scores(query: "the of for") == [0, 0, 0])
        #expect(index.scores(query: "the parking") == index.scores(query: "parking"))
        #expect(index.topK(query: "", k: 3) == [])
        #expect(BM25Index(documents: []).scores(query: "parking") == [])
        let blank = BM25Index(documents: [("x", ""), ("y", "the")])
        #expect(blank.scores(query: "anything") == [0, 0])
    }

    @Test func cjkDocumentsAreSearchable() {
        let cjk = BM25Index(documents: [("tokyo", "東京都のスマートシティ計画"), ("seoul", "서울 스마트시티"), ("en", "smart city")])
        let tokyo = cjk.scores(query: "東京")
        #expect(tokyo[0] > 0 && tokyo[1] == 0 && tokyo[2] == 0)
        let seoul = cjk.scores(query: "스마트시티")
        #expect(seoul[1] > 0 && seoul[0] == 0)
    }

    @Test func contributionsExplainTheScore() {
        let parts = index.contributions(query: "water sensors parking", document: 2)
        #expect(parts.map(\.term) == ["water", "sensor"])
        #expect(parts.allSatisfy { $0.termFrequency == 1 })
        let total = parts.reduce(Float(0)) { $0 + $1.score }
        #expect(abs(total - index.scores(query: "water sensors parking")[2]) < 1e-6)
        #expect(index.contributions(query: "app", document: 0).isEmpty)
    }

    @Test func topKRanksAndFilters() {
        // d0 ≈ 0.490 + 0.490, d1 ≈ 0.665, d2 ≈ 0.434.
        #expect(index.topK(query: "parking sensor", k: 5).map(\.index) == [0, 1, 2])
        #expect(index.topK(query: "parking", k: 5).map(\.index) == [1, 0])
        #expect(index.topK(query: "parking", k: 1).map(\.index) == [1])
        let onlyFirst = RowFilter(count: 3, allowing: [0])
        #expect(index.topK(query: "parking", k: 5, filter: onlyFirst).map(\.index) == [0])
        #expect(index.documentIDs[index.topK(query: "water", k: 1)[0].index] == "d2")
    }

    @Test func normalisedScoresStayInUnitInterval() {
        var rng = SplitMix64(seed: 3)
        let words = ["energy", "grid", "mobility", "parking", "water", "waste", "sensor", "data", "city", "air", "the"]
        func text(_ n: Int) -> String { (0..<n).map { _ in words[rng.nextInt(below: words.count)] }.joined(separator: " ") }
        let documents = (0..<60).map { (id: "doc\($0)", text: text(1 + rng.nextInt(below: 25))) }
        let big = BM25Index(documents: documents)
        for _ in 0..<30 {
            let scores = big.scores(query: text(1 + rng.nextInt(below: 4)))
            let byMax = BM25Index.normalizedByMaximum(scores)
            #expect(byMax.allSatisfy { $0 >= 0 && $0 <= 1 })
            if let best = scores.max(), best > 0 { #expect(byMax.contains(1)) }
            #expect(scores.allSatisfy { (0..<1).contains(BM25Index.saturated($0, halfScore: 2)) })
        }
        #expect(BM25Index.normalizedByMaximum([0, 0]) == [0, 0])
        #expect(BM25Index.normalizedByMaximum([]) == [])
        // The sixteen-lane maximum finds the same best, wherever it lies, and the same quotients.
        for n in [1, 15, 16, 17, 40, 333] {
            for _ in 0..<20 {
                let scores = (0..<n).map { _ in Float(rng.nextUnitDouble() * 9 - 1) }
                let best = scores.max()!
                let expected = best > 0 ? scores.map { max(0, $0) / best } : [Float](repeating: 0, count: n)
                #expect(BM25Index.normalizedByMaximum(scores) == expected)
            }
        }
        #expect(BM25Index.saturated(2, halfScore: 2) == 0.5)
        #expect(BM25Index.saturated(.nan, halfScore: 2) == 0)
        #expect(BM25Index.saturated(.infinity, halfScore: 2) == 1)
    }
}
