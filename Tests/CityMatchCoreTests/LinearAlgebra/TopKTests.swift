import Testing
@testable import CityMatchCore

/// The reference: sort everything, drop NaN and filtered rows, keep k.
func naiveTopK(_ scores: [Float], k: Int, allowed: (Int) -> Bool = { _ in true }) -> [ScoredIndex] {
    guard k > 0 else { return [] }
    let candidates = scores.enumerated()
        .filter { !$0.element.isNaN && allowed($0.offset) }
        .map { ScoredIndex(index: $0.offset, score: $0.element) }
        .sorted { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
    return Array(candidates.prefix(k))
}

@Suite struct TopKTests {
    @Test func edgeCases() {
        #expect(TopK.select([], k: 3) == [])
        #expect(TopK.select([1, 2, 3], k: 0) == [])
        #expect(TopK.select([1, 2, 3], k: -2) == [])
        #expect(TopK.select([1, 3, 2], k: 10).map(\.index) == [1, 2, 0])
        #expect(TopK.select([.nan, .nan], k: 2) == [])
        #expect(TopK.select([.nan, -.infinity, 0], k: 5).map(\.index) == [2, 1])
        #expect(TopK.select([2, 2, 2, 2], k: 2).map(\.index) == [0, 1])
    }

    @Test func sixteenWideRejectionSeesEveryLane() {
        // The fold's fast path: a score at or above the bar in any of the sixteen lanes must be seen,
        // NaN and lower scores never.
        for lane in 0..<16 {
            for (value, expected) in [(Float(0.5), true), (1, true), (0.49, false), (.nan, false), (.infinity, true)] {
                var chunk = [Float](repeating: 0.25, count: 16)
                chunk[lane] = value
                let seen = chunk.withUnsafeBufferPointer { TopKAccumulator.anyReaches($0.baseAddress!, 0.5) }
                #expect(seen == expected, "lane \(lane), value \(value)")
            }
        }
        let nans = [Float](repeating: .nan, count: 16)
        #expect(!nans.withUnsafeBufferPointer { TopKAccumulator.anyReaches($0.baseAddress!, -.infinity) })
    }

    @Test func tiesPreferLowerIndexWhateverTheInsertionOrder() {
        var accumulator = TopKAccumulator(k: 3)
        for i in [9, 4, 7, 1, 8, 2] { accumulator.insert(index: i, score: 1) }
        accumulator.insert(index: 5, score: 0.5)
        #expect(accumulator.sorted().map(\.index) == [1, 2, 4])
        #expect(accumulator.threshold == 1)
        accumulator.insert(index: 0, score: 1)
        #expect(accumulator.sorted().map(\.index) == [0, 1, 2])
    }

    @Test func matchesSortOnRandomScores() {
        var rng = SplitMix64(seed: 11)
        for trial in 0..<300 {
            let n = rng.nextInt(below: 200)
            let k = rng.nextInt(below: 40) - 2
            // Quantised half the time so that many scores tie.
            var scores = trial.isMultiple(of: 2) ? rng.floats(n) : rng.quantized(n, spread: 3)
            for i in scores.indices where rng.nextInt(below: 10) == 0 { scores[i] = .nan }
            let mask = RowFilter(count: n) { _ in rng.nextInt(below: 4) != 0 }
            #expect(TopK.select(scores, k: k) == naiveTopK(scores, k: k), "trial \(trial)")
            #expect(TopK.select(scores, k: k, filter: mask) == naiveTopK(scores, k: k, allowed: mask.contains), "trial \(trial)")
        }
    }

    @Test func mergeOfPartitionsEqualsWhole() {
        var rng = SplitMix64(seed: 12)
        for trial in 0..<100 {
            let n = rng.nextInt(below: 300)
            let k = 1 + rng.nextInt(below: 30)
            let scores = rng.quantized(n, spread: 4)
            var parts: [TopKAccumulator] = []
            var start = 0
            while start < n {
                let end = min(n, start + 1 + rng.nextInt(below: 60))
                var part = TopKAccumulator(k: k)
                scores.withUnsafeBufferPointer {
                    part.fold(scores: UnsafeBufferPointer(rebasing: $0[start..<end]), firstIndex: start)
                }
                parts.append(part)
                start = end
            }
            parts.shuffle(using: &rng)
            let merged = TopK.merge(parts)?.sorted() ?? []
            #expect(merged == naiveTopK(scores, k: k), "trial \(trial)")
        }
    }

    /// Large k keeps a buffer cut back by selection instead of a heap: the same results, ties
    /// and NaN included, whatever the order of insertion or partition.
    @Test(arguments: [TopKAccumulator.heapLimit + 1, 300, 1_000])
    func bufferedSelectionMatchesSort(k: Int) {
        var rng = SplitMix64(seed: UInt64(k))
        for trial in 0..<12 {
            let n = rng.nextInt(below: 6 * k)
            var scores = trial.isMultiple(of: 2) ? rng.floats(n) : rng.quantized(n, spread: 3)
            for i in scores.indices where rng.nextInt(below: 20) == 0 { scores[i] = .nan }
            if trial == 3 { scores = scores.sorted() }  // Ascending: every candidate passes the bar.
            let expected = naiveTopK(scores, k: k)
            #expect(TopK.select(scores, k: k) == expected, "trial \(trial)")

            var shuffled = TopKAccumulator(k: k)
            for i in Array(scores.indices).shuffled(using: &rng) {
                shuffled.insert(index: i, score: scores[i])
                // Never above the true k-th best of what was seen: nothing that belongs is refused.
                #expect(shuffled.count <= k)
            }
            #expect(shuffled.sorted() == expected, "trial \(trial) shuffled")
            if expected.count == k { #expect(shuffled.threshold <= expected[k - 1].score) }

            var parts = [TopKAccumulator(k: k), TopKAccumulator(k: k), TopKAccumulator(k: k)]
            for i in scores.indices { parts[rng.nextInt(below: 3)].insert(index: i, score: scores[i]) }
            #expect(TopK.merge(parts)?.sorted() == expected, "trial \(trial) merged")
        }
    }

    /// BM25's channel: a few positive scores among many zeros. Ties at the bar lose to the
    /// k-th best by index, as in the heap, so the zeros kept are the lowest rows.
    @Test func bufferedSelectionOfMostlyTies() {
        var scores = [Float](repeating: 0, count: 20_000)
        for i in stride(from: 7, to: 20_000, by: 97) { scores[i] = Float(i % 13) + 0.5 }
        for k in [TopKAccumulator.heapLimit + 1, 500] {
            #expect(TopK.select(scores, k: k) == naiveTopK(scores, k: k), "k=\(k)")
        }
    }

    @Test func selectionKeepsTheBestPrefix() {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            let n = 2 + rng.nextInt(below: 400)
            var items = rng.quantized(n, spread: 5).enumerated().map { ScoredIndex(index: $0.offset, score: $0.element) }
            items.shuffle(using: &rng)
            let k = 1 + rng.nextInt(below: n - 1)
            let best = items.sorted { $0.ranks(before: $1) }
            var sorted = items
            items.withUnsafeMutableBufferPointer { TopKAccumulator.selectBest(k, in: $0) }
            #expect(Set(items.prefix(k)) == Set(best.prefix(k)))
            #expect(items[k - 1] == best[k - 1])
            // With its partitioning budget spent (lopsided partitions), it sorts what is left.
            let rounds = rng.nextInt(below: 3)
            sorted.withUnsafeMutableBufferPointer { TopKAccumulator.selectBest(k, in: $0, partitions: rounds) }
            #expect(Set(sorted.prefix(k)) == Set(best.prefix(k)))
            #expect(sorted[k - 1] == best[k - 1])
        }
    }

    @Test func branchFreeComparisonIsTheRankingOrder() {
        let scores: [Float] = [-.infinity, -1, -0.0, 0, 0.5, 1, .infinity]
        for a in scores {
            for b in scores {
                for (i, j) in [(3, 3), (2, 7), (7, 2)] {
                    let x = ScoredIndex(index: i, score: a), y = ScoredIndex(index: j, score: b)
                    #expect(TopKAccumulator.ranksBefore(x, y) == (x.ranks(before: y) ? 1 : 0), "\(x) \(y)")
                }
            }
        }
    }

    @Test func sortingByKeysIsTheRankingOrder() {
        var rng = SplitMix64(seed: 11)
        let special: [Float] = [-.infinity, -1, 0, -0.0, 1e-30, -1e-30, 0.5, .infinity, .greatestFiniteMagnitude]
        for n in [0, 1, 2, 17, 300] {
            for _ in 0..<20 {
                var seen = Set<Int>()
                let items = (0..<n).map { _ -> ScoredIndex in
                    var index = rng.nextInt(below: 1_000)
                    while !seen.insert(index).inserted { index = rng.nextInt(below: 1_000) }
                    let score = rng.nextUnitDouble() < 0.3 ? special[rng.nextInt(below: special.count)]
                        : Float(rng.nextInt(below: 7)) / 4 - 0.75
                    return ScoredIndex(index: index, score: score)
                }
                let sorted = TopKAccumulator.bestFirst(items)
                let expected = items.sorted { $0.ranks(before: $1) }
                #expect(sorted.map(\.index) == expected.map(\.index))
                #expect(sorted.map(\.score.bitPattern) == expected.map(\.score.bitPattern))
            }
        }
        // Indices beyond 32 bits take the comparison, in the same order.
        let wide = [ScoredIndex(index: 1 << 40, score: 1), ScoredIndex(index: 3, score: 1), ScoredIndex(index: 1 << 33, score: 2)]
        #expect(TopKAccumulator.bestFirst(wide) == wide.sorted { $0.ranks(before: $1) })
    }

    @Test func rowFilterBasics() {
        var f = RowFilter(count: 130)
        #expect(f.allowedCount == 0 && !f.contains(0) && !f.contains(-1) && !f.contains(130))
        f.insert(0); f.insert(64); f.insert(129)
        #expect(f.allowedIndices == [0, 64, 129])
        #expect(f.containsAny(in: 1..<64) == false)
        #expect(f.containsAny(in: 1..<65) == true)
        #expect(f.containsAny(in: 65..<129) == false)
        #expect(f.containsAny(in: 128..<130) == true)
        #expect(f.containsAny(in: 5..<5) == false)
        f.remove(64)
        #expect(f.allowedIndices == [0, 129])
        let all = RowFilter(count: 130, allowingAll: true)
        #expect(all.allowedCount == 130)
        #expect(f.inverted().allowedCount == 128)
        #expect(f.inverted().union(f) == all)
        #expect(f.inverted().intersection(f).allowedCount == 0)
        #expect(RowFilter(count: 10, allowing: [1, 3]) == RowFilter(count: 10) { $0 == 1 || $0 == 3 })
        #expect(RowFilter(count: 0, allowingAll: true).allowedCount == 0)
    }
}
