extension MatchEngine {
    /// Candidates whose exact evidence is computed together, between two checks of the bound.
    static let evidenceBlock = 8

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
    /// clamp) rounds monotonically. So bounds on the evidence give bounds on the score, in
    /// three passes:
    /// 1. The ceiling (evidence 1) orders the candidates.
    /// 2. In that order, ``VectorSketch`` brackets each one's evidence from 8-bit statement
    ///    vectors (a quarter of the memory), until the ceiling falls below the `k`-th best
    ///    lower bound: no later candidate can reach the top `k`.
    /// 3. In order of their upper bounds, candidates get their exact evidence a block at a
    ///    time, until the next upper bound is below the `k`-th best exact score: the rest can
    ///    neither enter the top `k` nor tie with it.
    /// The sketch's bounds are within ~0.01 of the exact evidence, so pass 3 computes few
    /// candidates beyond the `k` returned. With a negative weight every candidate is scored.
    ///
    /// - Complexity: O(c log c) for c candidates, plus the sketched evidence of those pass 2
    ///   reaches (O(clauses · their statements · d), in bytes) and the exact evidence of
    ///   those pass 3 reaches (the same, in floats).
    func best(_ k: Int, of candidates: [Int], values: [FacetValues], query: MatchQuery) -> [ScoredCandidate] {
        let hasClauses = query.clauseVectors.rows > 0 && embeddings.dimension > 0
        guard hasClauses && k < candidates.count && model.scoreRisesWithEveryFacet else {
            return Self.firstK(k, exactlyScored(Array(candidates.indices), of: candidates, values: values, query: query))
        }
        let ceiling = candidates.indices.map { offset in
            guard startupsWithStatements.contains(candidates[offset]) else { return model.score(values: values[offset]) }
            var raised = values[offset]
            raised[.evidence] = 1
            return model.score(values: raised)
        }
        var order = Array(candidates.indices)
        order.sort { ceiling[$0] != ceiling[$1] ? ceiling[$0] > ceiling[$1] : candidates[$0] < candidates[$1] }

        let (sketched, upper) = sketchedBounds(k, in: order, ceiling: ceiling, of: candidates, values: values, query: query)
        var reach = Array(sketched.indices)
        reach.sort { upper[$0] != upper[$1] ? upper[$0] > upper[$1] : candidates[sketched[$0]] < candidates[sketched[$1]] }

        var kept = KBestScores(k: k)
        var scored: [ScoredCandidate] = []
        scored.reserveCapacity(4 * k + Self.evidenceBlock)
        var next = 0
        while next < reach.count {
            if let threshold = kept.threshold, upper[reach[next]] < threshold { break }
            let block = reach[next..<min(reach.count, next + Self.evidenceBlock)].map { sketched[$0] }
            for candidate in exactlyScored(block, of: candidates, values: values, query: query) {
                kept.insert(candidate.score)
                scored.append(candidate)
            }
            next += block.count
        }
        return Self.firstK(k, scored)
    }

    /// Pass 2 of ``best(_:of:values:query:)``: the offsets (into `candidates`) whose evidence
    /// was bracketed, in `order`, and each one's upper bound on its score.
    ///
    /// - Complexity: O(clauses · d) per candidate bracketed, plus its statements · clauses · d.
    private func sketchedBounds(_ k: Int, in order: [Int], ceiling: [Double], of candidates: [Int], values: [FacetValues],
                                query: MatchQuery) -> (offsets: [Int], upper: [Double]) {
        let clauses = VectorSketch.Queries(query.clauseVectors, paddedDimension: statementSketch.paddedDimension)
        var lowerKept = KBestScores(k: k)
        var offsets: [Int] = [], upper: [Double] = []
        var scratch = [Float](repeating: 0, count: 2 * clauses.norms.count)
        scratch.withUnsafeMutableBufferPointer { scratch in
            for offset in order {
                if let threshold = lowerKept.threshold, ceiling[offset] < threshold { break }
                var bracket = values[offset]
                let low: Double, high: Double
                if let evidence = statementSketch.evidenceBounds(clauses, rows: embeddings.statementRanges[candidates[offset]],
                                                                 best: scratch.baseAddress!) {
                    bracket[.evidence] = evidence.lower
                    low = model.score(values: bracket)
                    bracket[.evidence] = evidence.upper
                    high = model.score(values: bracket)
                } else {
                    low = model.score(values: bracket)
                    high = low
                }
                lowerKept.insert(low)
                offsets.append(offset)
                upper.append(high)
            }
        }
        return (offsets, upper)
    }

    /// The candidates at `offsets` (into `candidates`), each with its exact evidence and score.
    ///
    /// - Complexity: O(clauses · their statements · d).
    private func exactlyScored(_ offsets: [Int], of candidates: [Int], values: [FacetValues], query: MatchQuery) -> [ScoredCandidate] {
        let hasClauses = query.clauseVectors.rows > 0 && embeddings.dimension > 0
        let alignments = hasClauses ? evidenceAlignment(query, candidates: offsets.map { candidates[$0] }) : []
        return offsets.enumerated().map { position, offset in
            var candidateValues = values[offset]
            let alignment = hasClauses ? alignments[position] : Alignment(value: nil, best: [])
            candidateValues[.evidence] = alignment.value
            return ScoredCandidate(startupIndex: candidates[offset], values: candidateValues,
                                   score: model.score(values: candidateValues), alignment: alignment.best)
        }
    }

    /// The first `k` of `scored` by score, ties to the lower catalog position.
    ///
    /// - Complexity: O(n log n).
    private static func firstK(_ k: Int, _ scored: [ScoredCandidate]) -> [ScoredCandidate] {
        Array(scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.startupIndex < $1.startupIndex }.prefix(k))
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
