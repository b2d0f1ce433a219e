extension MatchEngine {
    /// One candidate's evidence: the facet value and each clause's best statement.
    struct Alignment {
        var value: Double?
        var best: [ClauseMatch]
    }

    /// Each query clause against each candidate's statements (``ClauseSimilarity``, reading
    /// the statement vectors in place); each clause takes its best statement within each candidate.
    /// No strings: quoting is left to the explanations of the results returned.
    ///
    /// Why not one sgemm over all candidates' statements: its rounding depended on the batch
    /// (OpenBLAS takes other paths for other shapes and splits large products over threads),
    /// so a pair explained alone could differ in the last bits from the same pair ranked.
    /// ``ClauseSimilarity`` rounds each pair the same way whatever else is scored with it.
    ///
    /// - Complexity: O(clauses · candidate statements · d).
    func evidenceAlignment(_ query: MatchQuery, candidates: [Int]) -> [Alignment] {
        let d = embeddings.dimension
        let clauseCount = query.clauseVectors.rows
        guard clauseCount > 0, d > 0 else { return candidates.map { _ in Alignment(value: nil, best: []) } }
        let widest = candidates.reduce(0) { max($0, embeddings.statementRanges[$1].count) }
        var similarity = [Float](repeating: 0, count: max(1, widest * clauseCount))
        return query.clauseVectors.storage.withUnsafeBufferPointer { clauses in
            embeddings.statementVectors.storage.withUnsafeBufferPointer { statements in
                similarity.withUnsafeMutableBufferPointer { out in
                    candidates.map { i in
                        let range = embeddings.statementRanges[i]
                        guard !range.isEmpty, let base = statements.baseAddress else { return Alignment(value: nil, best: []) }
                        let width = range.count
                        ClauseSimilarity.compute(clauses: clauses.baseAddress!, clauseCount: clauseCount, statements: base + range.lowerBound * d,
                                                 statementCount: width, dimension: d, into: out.baseAddress!)
                        var best: [ClauseMatch] = []
                        best.reserveCapacity(clauseCount)
                        for c in 0..<clauseCount {
                            var top = (statement: 0, similarity: -Float.infinity)
                            for j in 0..<width where out[c * width + j] > top.similarity { top = (j, out[c * width + j]) }
                            best.append(ClauseMatch(clause: c, statement: top.statement, similarity: top.similarity))
                        }
                        let value = best.reduce(0.0) { $0 + Double(max(0, $1.similarity)) } / Double(best.count)
                        return Alignment(value: value, best: best)
                    }
                }
            }
        }
    }
}
