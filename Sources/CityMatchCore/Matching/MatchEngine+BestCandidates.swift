extension MatchEngine {
    /// Candidates whose evidence is computed together, between two checks of the bound.
    static let evidenceBlock = 32

    /// The best `k` of `candidates` (best first, ties to the lower catalog position), exactly
    /// scored, with `values` their facet values before the evidence facet (aligned with
    /// `candidates`). The same result, bit for bit, as computing every candidate's evidence
    /// and sorting them all.
    ///
    /// Why: the evidence facet (every clause against every statement, ``ClauseSimilarity``)
    /// is most of a candidate's cost, and most of a 1,500-candidate pool cannot reach the top
    /// `k` whatever its evidence. With non-negative weights the score never falls when a facet
    /// value rises: it is a weighted sum plus weighted means for imputed facets, and each
    /// floating-point operation in it (add, multiply by w ≥ 0, divide by a positive total,
    /// clamp) rounds monotonically. So the score with evidence at its ceiling, 1, bounds the
    /// exact score from above. Candidates are taken in order of that bound, scored exactly a
    /// block at a time, and the rest are skipped once the next bound is below the `k`-th best
    /// exact score: they can neither enter the top `k` nor tie with it. With a negative weight
    /// every candidate is scored.
    ///
    /// - Complexity: O(c log c) for c candidates, plus the evidence of those scored:
    ///   O(clauses · their statements · d).
    func best(_ k: Int, of candidates: [Int], values: [FacetValues], query: MatchQuery) -> [ScoredCandidate] {
        let hasClauses = query.clauseVectors.rows > 0 && embeddings.dimension > 0
        var order = Array(candidates.indices)
        var bound: [Double] = []
        let pruning = hasClauses && k < candidates.count && model.scoreRisesWithEveryFacet
        if pruning {
            bound = candidates.indices.map { offset in
                guard !embeddings.statementRanges[candidates[offset]].isEmpty else { return model.score(values: values[offset]) }
                var ceiling = values[offset]
                ceiling[.evidence] = 1
                return model.score(values: ceiling)
            }
            order.sort { bound[$0] != bound[$1] ? bound[$0] > bound[$1] : candidates[$0] < candidates[$1] }
        }
        var kept = KBestScores(k: k)
        var scored: [ScoredCandidate] = []
        scored.reserveCapacity(pruning ? min(candidates.count, 4 * k + Self.evidenceBlock) : candidates.count)
        var next = 0
        while next < order.count {
            if pruning, let threshold = kept.threshold, bound[order[next]] < threshold { break }
            let block = order[next..<min(order.count, next + (pruning ? Self.evidenceBlock : order.count))]
            let alignments = hasClauses ? evidenceAlignment(query, candidates: block.map { candidates[$0] }) : []
            for (position, offset) in block.enumerated() {
                var candidateValues = values[offset]
                let alignment = hasClauses ? alignments[position] : Alignment(value: nil, best: [])
                candidateValues[.evidence] = alignment.value
                let score = model.score(values: candidateValues)
                kept.insert(score)
                scored.append(ScoredCandidate(startupIndex: candidates[offset], values: candidateValues, score: score,
                                              alignment: alignment.best))
            }
            next += block.count
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.startupIndex < $1.startupIndex }
        return Array(scored.prefix(k))
    }
}

/// The `k` highest scores seen so far (a binary min-heap), for the bound in
/// ``MatchEngine/best(_:of:values:query:)``.
struct KBestScores {
    let k: Int
    private var heap: [Double] = []

    init(k: Int) {
        self.k = k
        heap.reserveCapacity(k)
    }

    /// The `k`-th highest score seen, once `k` have been seen. - Complexity: O(1).
    var threshold: Double? { heap.count == k && k > 0 ? heap[0] : nil }

    /// - Complexity: O(log k).
    mutating func insert(_ score: Double) {
        guard k > 0 else { return }
        if heap.count < k {
            heap.append(score)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard heap[child] < heap[parent] else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        } else if score > heap[0] {
            heap[0] = score
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < k, heap[left] < heap[smallest] { smallest = left }
                if right < k, heap[right] < heap[smallest] { smallest = right }
                guard smallest != parent else { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
    }
}
