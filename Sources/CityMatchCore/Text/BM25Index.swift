import Foundation

/// An Okapi BM25 inverted index: the lexical channel next to the embeddings.
///
/// For a query with distinct terms `t` (after `TextAnalyzer`), document `D`
/// scores
///
///     score(D) = Σ_t idf(t) · tf(t, D) · (k1 + 1) / (tf(t, D) + k1 · (1 − b + b · |D| / avgdl))
///
/// with `idf(t) = ln(1 + (N − df(t) + 0.5) / (df(t) + 0.5))` (the Lucene
/// variant, always positive, so a term present everywhere still counts a
/// little instead of counting against the match). `N` is the number of
/// documents, `df(t)` the number containing `t`, `|D|` the number of terms of
/// `D` after analysis and `avgdl` their mean. A term repeated in the query
/// counts once. Documents are addressed by their position in the input
/// (`0..<documentCount`); `documentIDs` maps positions back to ids.
public struct BM25Index: Sendable {
    /// BM25's free parameters.
    public struct Parameters: Sendable, Hashable {
        /// Term-frequency saturation: how fast repeats stop adding score.
        public var k1: Float
        /// Length normalisation: 0 ignores document length, 1 fully normalises.
        public var b: Float

        /// The customary defaults, k1 = 1.2 and b = 0.75.
        ///
        /// - Complexity: O(1).
        public init(k1: Float = 1.2, b: Float = 0.75) {
            precondition(k1 >= 0 && b >= 0 && b <= 1, "BM25 needs k1 ≥ 0 and 0 ≤ b ≤ 1")
            self.k1 = k1
            self.b = b
        }
    }

    /// One query term's share of a document's score, for explanations.
    public struct TermContribution: Sendable, Hashable {
        /// The analysed term (folded and stemmed: "sensor" for "Sensors").
        public var term: String
        /// Occurrences of the term in the document.
        public var termFrequency: Int
        /// The term's inverse document frequency.
        public var idf: Float
        /// Its contribution to the BM25 score.
        public var score: Float
    }

    struct Posting: Sendable, Hashable {
        var document: Int32
        var frequency: Int32
    }

    /// The BM25 parameters the index was built with.
    public let parameters: Parameters
    /// The analyser applied to documents and queries.
    public let analyzer: TextAnalyzer
    /// Document ids, by position.
    public let documentIDs: [String]
    /// Analysed length of each document, by position.
    public let documentLengths: [Int32]
    /// Mean of `documentLengths` (0 for an empty corpus).
    public let averageDocumentLength: Float

    private let postings: [String: [Posting]]
    /// `k1 · (1 − b + b · |D| / avgdl)` per document, precomputed because it
    /// is the only per-document part of the score's denominator.
    private let lengthNorms: [Float]

    /// Analyses and indexes `documents` (id and text).
    ///
    /// - Complexity: O(total text length) time, O(total terms) memory.
    public init(documents: [(id: String, text: String)],
                parameters: Parameters = Parameters(),
                analyzer: TextAnalyzer = .standard) {
        self.parameters = parameters
        self.analyzer = analyzer
        self.documentIDs = documents.map(\.id)
        // Analysis dominates building (a catalog of 100,000 startups took tens of seconds), and
        // documents are independent, so it runs in parallel chunks; postings are then appended
        // in document order, giving the same index as a sequential build.
        let analysed = Self.analyse(documents.map(\.text), analyzer: analyzer)
        var postings: [String: [Posting]] = [:]
        var lengths: [Int32] = []
        lengths.reserveCapacity(documents.count)
        for (position, document) in analysed.enumerated() {
            lengths.append(document.length)
            for (term, count) in document.frequencies {
                postings[term, default: []].append(Posting(document: Int32(position), frequency: Int32(count)))
            }
        }
        self.postings = postings
        self.documentLengths = lengths
        let total = lengths.reduce(0) { $0 + Int($1) }
        let average = lengths.isEmpty ? 0 : Float(total) / Float(lengths.count)
        self.averageDocumentLength = average
        self.lengthNorms = lengths.map { length in
            // With no terms anywhere, every document has the average length.
            let relative = average > 0 ? Float(length) / average : 1
            return parameters.k1 * (1 - parameters.b + parameters.b * relative)
        }
    }

    /// Each text's analysed length and term frequencies, sorted by term so posting order, and
    /// hence float summation order, is reproducible. Chunks of texts run on all cores.
    ///
    /// - Complexity: O(total text length).
    private static func analyse(_ texts: [String], analyzer: TextAnalyzer) -> [(length: Int32, frequencies: [(String, Int)])] {
        let chunk = 512
        let chunks = (texts.count + chunk - 1) / chunk
        let results = AnalysisSlots(count: chunks)
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            results.store(c, texts[c * chunk ..< min(texts.count, (c + 1) * chunk)].map { text in
                let terms = analyzer.terms(text)
                let frequencies = terms.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
                return (Int32(terms.count), frequencies.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            })
        }
        return results.take()
    }

    /// One slot per chunk, each written by one worker, read after all have finished.
    private final class AnalysisSlots: @unchecked Sendable {
        private var slots: [[(length: Int32, frequencies: [(String, Int)])]]
        private let lock = NSLock()

        init(count: Int) { slots = Array(repeating: [], count: count) }

        func store(_ index: Int, _ value: [(length: Int32, frequencies: [(String, Int)])]) {
            lock.lock(); defer { lock.unlock() }
            slots[index] = value
        }

        func take() -> [(length: Int32, frequencies: [(String, Int)])] { slots.flatMap { $0 } }
    }

    /// Number of indexed documents.
    ///
    /// - Complexity: O(1).
    public var documentCount: Int { documentIDs.count }

    /// Number of distinct terms.
    ///
    /// - Complexity: O(1).
    public var vocabularySize: Int { postings.count }

    /// Number of documents containing the analysed `term`.
    ///
    /// - Complexity: O(1) expected.
    public func documentFrequency(of term: String) -> Int {
        postings[term]?.count ?? 0
    }

    /// `ln(1 + (N − df + 0.5) / (df + 0.5))` for the analysed `term`.
    ///
    /// - Complexity: O(1) expected.
    public func idf(of term: String) -> Float {
        Self.idf(documentFrequency: documentFrequency(of: term), documentCount: documentCount)
    }

    /// The distinct analysed terms of `query`, in first-occurrence order.
    ///
    /// - Complexity: O(length of `query`).
    public func queryTerms(_ query: String) -> [String] {
        var seen = Set<String>()
        return analyzer.terms(query).filter { seen.insert($0).inserted }
    }

    /// The BM25 score of every document for `query`, indexed by position
    /// (zeros where no term matches, all zeros for an empty query).
    ///
    /// - Complexity: O(N + Σ_t df(t)) over the query's distinct terms.
    public func scores(query: String) -> [Float] {
        var result = [Float](repeating: 0, count: documentCount)
        for term in queryTerms(query) {
            guard let list = postings[term] else { continue }
            let weight = Self.idf(documentFrequency: list.count, documentCount: documentCount) * (parameters.k1 + 1)
            for posting in list {
                let d = Int(posting.document)
                let tf = Float(posting.frequency)
                result[d] += weight * tf / (tf + lengthNorms[d])
            }
        }
        return result
    }

    /// The `k` best documents for `query` (positive scores only), best first,
    /// ties broken by lower position; `filter` restricts the candidates.
    ///
    /// - Complexity: O(N + Σ_t df(t) + N' log k), N' the matching documents.
    public func topK(query: String, k: Int, filter: RowFilter? = nil) -> [ScoredIndex] {
        let all = scores(query: query)
        var accumulator = TopKAccumulator(k: k, expectedCandidates: all.count)
        for (d, s) in all.enumerated() where s > 0 && (filter?.contains(d) ?? true) {
            accumulator.insert(index: d, score: s)
        }
        return accumulator.sorted()
    }

    /// Per-term breakdown of `document`'s score for `query`: one entry per
    /// distinct query term found in the document, largest contribution
    /// first. The contributions sum to `scores(query:)[document]`.
    ///
    /// - Complexity: O(Σ_t df(t)) (a scan of each query term's postings).
    public func contributions(query: String, document: Int) -> [TermContribution] {
        precondition(document >= 0 && document < documentCount, "document \(document) outside 0..<\(documentCount)")
        var result: [TermContribution] = []
        for term in queryTerms(query) {
            guard let list = postings[term],
                  let posting = list.first(where: { Int($0.document) == document }) else { continue }
            let idf = Self.idf(documentFrequency: list.count, documentCount: documentCount)
            let tf = Float(posting.frequency)
            let score = idf * (parameters.k1 + 1) * tf / (tf + lengthNorms[document])
            result.append(TermContribution(term: term, termFrequency: Int(posting.frequency), idf: idf, score: score))
        }
        return result.sorted { $0.score != $1.score ? $0.score > $1.score : $0.term < $1.term }
    }

    /// Query-relative normalisation to [0, 1]: each score divided by the
    /// query's best score, so the top document gets 1. All-zero (or empty)
    /// input stays zero. Use it to rank-fuse within one query; it says
    /// nothing about how good the best match is in absolute terms.
    ///
    /// - Complexity: O(n).
    public static func normalizedByMaximum(_ scores: [Float]) -> [Float] {
        var normalized = scores
        normalizeByMaximum(&normalized)
        return normalized
    }

    /// ``normalizedByMaximum(_:)`` in place (ranking normalises a fresh array per query, and a
    /// second array of N floats was as costly as the arithmetic). NaN scores count as 0.
    ///
    /// - Complexity: O(n), two passes.
    static func normalizeByMaximum(_ scores: inout [Float]) {
        scores.withUnsafeMutableBufferPointer { scores in
            let best = largest(UnsafeBufferPointer(scores))
            guard best > 0, best.isFinite else {
                scores.update(repeating: 0)
                return
            }
            for i in scores.indices { scores[i] = max(0, scores[i]) / best }
        }
    }

    /// The largest of `values` ignoring NaN, 0 when there are none larger (scores are ≥ 0).
    /// Sixteen lanes at a time: `Sequence.max()` compares one element at a time.
    ///
    /// - Complexity: O(n).
    private static func largest(_ values: UnsafeBufferPointer<Float>) -> Float {
        guard let base = values.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var lanes = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= values.count {
            let x = raw.loadUnaligned(fromByteOffset: 4 * i, as: SIMD16<Float>.self)
            lanes = lanes.replacing(with: x, where: x .> lanes)
            i += 16
        }
        var best = lanes.max()
        while i < values.count {
            if values[i] > best { best = values[i] }
            i += 1
        }
        return best
    }

    /// Absolute normalisation to [0, 1): `s / (s + halfScore)`, which maps 0
    /// to 0, `halfScore` to 0.5 and grows towards 1. Unlike
    /// `normalizedByMaximum` it is comparable across queries, which suits
    /// blending with cosine similarities; choose `halfScore` near a typical
    /// "decent match" score for the corpus (e.g. the median top-1 score).
    ///
    /// - Complexity: O(1).
    public static func saturated(_ score: Float, halfScore: Float) -> Float {
        precondition(halfScore > 0, "halfScore must be positive")
        // Also sends NaN to 0.
        guard score > 0 else { return 0 }
        return score.isFinite ? score / (score + halfScore) : 1
    }

    /// - Complexity: O(1).
    static func idf(documentFrequency df: Int, documentCount n: Int) -> Float {
        Float(log(1 + (Double(n - df) + 0.5) / (Double(df) + 0.5)))
    }
}
