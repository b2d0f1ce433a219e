/// A row index with its score, the unit of every ranked result in CityMatch.
public struct ScoredIndex: Sendable, Hashable, CustomStringConvertible {
    /// Position of the scored row (e.g. a base-matrix row).
    public var index: Int
    /// Its score; larger is better.
    public var score: Float

    /// - Complexity: O(1).
    @inlinable
    public init(index: Int, score: Float) {
        self.index = index
        self.score = score
    }

    /// The ranking order used everywhere: higher score first, and on equal
    /// scores the lower index first, so results are deterministic whatever the
    /// order in which candidates were seen (blocks, threads, merges).
    ///
    /// - Complexity: O(1).
    @inlinable
    public func ranks(before other: ScoredIndex) -> Bool {
        score > other.score || (score == other.score && index < other.index)
    }

    public var description: String { "#\(index)=\(score)" }
}

/// Exact top-k selection with a bounded heap.
///
/// Keeps the `k` best candidates seen so far under `ScoredIndex.ranks(before:)`.
/// The heap's root is the *worst* kept candidate, and its score is cached in
/// `threshold`, so rejecting a candidate — by far the common case once the heap
/// is full — costs one float comparison and never touches the heap.
///
/// NaN scores are never kept (every comparison with NaN is false, which the
/// threshold test relies on). `-inf` is an ordinary, very low score.
///
/// Accumulators over disjoint candidate sets can be combined with `merge(_:)`;
/// the result does not depend on how candidates were partitioned or ordered.
public struct TopKAccumulator: Sendable {
    /// The number of results asked for (negative values are treated as 0).
    public let k: Int

    /// A candidate must score at least this much to be considered: `-inf`
    /// until `k` candidates are held, then the score of the worst one kept
    /// (`+inf` when `k == 0`, so nothing is ever accepted).
    public private(set) var threshold: Float

    /// Min-heap under "ranks worse": `heap[0]` is the candidate to evict next.
    @usableFromInline
    internal var heap: [ScoredIndex]

    /// An empty accumulator for the best `k` candidates.
    ///
    /// `expectedCandidates`, when known, bounds the storage reserved up front
    /// (so a huge `k` over a small set does not allocate `k` slots).
    ///
    /// - Complexity: O(min(k, expectedCandidates)) for the reservation.
    public init(k: Int, expectedCandidates: Int? = nil) {
        self.k = max(k, 0)
        self.threshold = self.k == 0 ? .infinity : -.infinity
        self.heap = []
        let reserve = min(self.k, expectedCandidates ?? self.k, 1 << 16)
        if reserve > 0 { heap.reserveCapacity(reserve) }
    }

    /// How many candidates are currently held (at most `k`).
    ///
    /// - Complexity: O(1).
    public var count: Int { heap.count }

    /// Whether `k` candidates are held.
    ///
    /// - Complexity: O(1).
    public var isFull: Bool { heap.count == k }

    /// Offers one candidate.
    ///
    /// - Complexity: O(1) when rejected by the threshold, O(log k) otherwise.
    @inlinable
    public mutating func insert(index: Int, score: Float) {
        // `>=` is false for NaN, so NaN never reaches the heap.
        if score >= threshold { push(ScoredIndex(index: index, score: score)) }
    }

    /// Offers one candidate.
    ///
    /// - Complexity: O(1) when rejected by the threshold, O(log k) otherwise.
    @inlinable
    public mutating func insert(_ candidate: ScoredIndex) {
        insert(index: candidate.index, score: candidate.score)
    }

    /// Offers a run of consecutive candidates: `scores[j]` belongs to row
    /// `firstIndex + j`. Rows rejected by `filter` are skipped.
    ///
    /// This is the fold of the blocked search's hot loop. The filter is
    /// consulted only for scores that pass the threshold, so a mask costs
    /// nothing for the vast majority of rows.
    ///
    /// - Complexity: O(n + m · log k) for `n` scores of which `m` enter the heap.
    @inlinable
    public mutating func fold(scores: UnsafeBufferPointer<Float>, firstIndex: Int, filter: RowFilter? = nil) {
        var bar = threshold
        if let filter {
            for j in 0..<scores.count {
                let s = scores[j]
                if s >= bar, filter.contains(firstIndex + j) {
                    push(ScoredIndex(index: firstIndex + j, score: s))
                    bar = threshold
                }
            }
        } else {
            guard let base = scores.baseAddress else { return }
            let n = scores.count
            var j = 0
            // Fast rejection: once the heap is full almost every score is below the bar,
            // and sixteen of them are dismissed by `anyReaches` at once.
            while j + 16 <= n {
                if Self.anyReaches(base + j, bar) {
                    for t in j ..< j + 16 {
                        let s = base[t]
                        if s >= bar {
                            push(ScoredIndex(index: firstIndex + t, score: s))
                            bar = threshold
                        }
                    }
                }
                j += 16
            }
            while j < n {
                let s = base[j]
                if s >= bar {
                    push(ScoredIndex(index: firstIndex + j, score: s))
                    bar = threshold
                }
                j += 1
            }
        }
    }

    /// Whether any of the sixteen scores at `p` is `>= bar` (NaN never is).
    ///
    /// Written as four `SIMD4` compares OR-ed into one mask because that is
    /// what the compiler turns into straight-line `cmpps`/`orps`/`movmskps` on
    /// every x86-64 level; a single `SIMD16` compare with `any` is lowered lane
    /// by lane through the stack, which made the fold cost as much as the sgemm.
    ///
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    internal static func anyReaches(_ p: UnsafePointer<Float>, _ bar: Float) -> Bool {
        let r = UnsafeRawPointer(p), b = SIMD4<Float>(repeating: bar)
        let m = (r.loadUnaligned(fromByteOffset: 0, as: SIMD4<Float>.self) .>= b)
            .| (r.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self) .>= b)
            .| (r.loadUnaligned(fromByteOffset: 32, as: SIMD4<Float>.self) .>= b)
            .| (r.loadUnaligned(fromByteOffset: 48, as: SIMD4<Float>.self) .>= b)
        return any(m)
    }

    /// Adds every candidate held by `other` (typically built over a disjoint
    /// part of the same candidate set, e.g. by another thread).
    ///
    /// - Complexity: O(other.count · log k).
    public mutating func merge(_ other: TopKAccumulator) {
        for candidate in other.heap { insert(candidate) }
    }

    /// The kept candidates, best first (see `ScoredIndex.ranks(before:)`).
    ///
    /// - Complexity: O(k log k).
    public func sorted() -> [ScoredIndex] {
        heap.sorted { $0.ranks(before: $1) }
    }

    /// Heap insertion once the threshold test has passed; kept out of line so
    /// the fold loop stays small.
    ///
    /// - Complexity: O(log k).
    @usableFromInline
    internal mutating func push(_ candidate: ScoredIndex) {
        guard candidate.score == candidate.score, k > 0 else { return }
        if heap.count < k {
            heap.append(candidate)
            siftUp(from: heap.count - 1)
            if heap.count == k { threshold = heap[0].score }
            return
        }
        // Full: a candidate tying the threshold still loses unless its index is lower.
        guard candidate.ranks(before: heap[0]) else { return }
        heap[0] = candidate
        siftDown(from: 0)
        threshold = heap[0].score
    }

    // The sifts work on the heap's buffer: an array subscript assignment checks bounds and
    // uniqueness on every write, and with k = 1,000 (a ranking's candidate pool) the pushes
    // while a search's threshold is still low showed in profiles.
    private mutating func siftUp(from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            var child = start
            let item = heap[child]
            while child > 0 {
                let parent = (child - 1) / 2
                // Root holds the worst: move `item` up while it ranks worse than its parent.
                guard heap[parent].ranks(before: item) else { break }
                heap[child] = heap[parent]
                child = parent
            }
            heap[child] = item
        }
    }

    private mutating func siftDown(from start: Int) {
        heap.withUnsafeMutableBufferPointer { heap in
            let n = heap.count
            var parent = start
            let item = heap[parent]
            while true {
                var child = 2 * parent + 1
                guard child < n else { break }
                // Pick the worse of the two children.
                if child + 1 < n, heap[child].ranks(before: heap[child + 1]) { child += 1 }
                guard item.ranks(before: heap[child]) else { break }
                heap[parent] = heap[child]
                parent = child
            }
            heap[parent] = item
        }
    }
}

public enum TopK {
    /// The `k` best entries of a dense score array (index = position), best
    /// first, NaN entries skipped; rows rejected by `filter` are skipped too.
    ///
    /// - Complexity: O(n + m · log k), `m` ≤ n the number of heap insertions.
    public static func select(_ scores: [Float], k: Int, filter: RowFilter? = nil) -> [ScoredIndex] {
        var accumulator = TopKAccumulator(k: k, expectedCandidates: scores.count)
        scores.withUnsafeBufferPointer { accumulator.fold(scores: $0, firstIndex: 0, filter: filter) }
        return accumulator.sorted()
    }

    /// Combines accumulators built over disjoint candidate sets into one.
    ///
    /// - Complexity: O(Σ count · log k).
    public static func merge(_ parts: [TopKAccumulator]) -> TopKAccumulator? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() { result.merge(part) }
        return result
    }
}
