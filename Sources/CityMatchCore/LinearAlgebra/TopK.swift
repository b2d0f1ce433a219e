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

/// Exact top-k selection: a bounded heap for small `k`, a buffer with periodic selection for
/// large `k`.
///
/// Keeps the `k` best candidates seen so far under `ScoredIndex.ranks(before:)`.
/// `threshold` is a score every candidate that can still enter the result reaches, so
/// rejecting a candidate — by far the common case once `k` are held — costs one float
/// comparison and touches nothing else.
///
/// Small `k` (≤ `heapLimit`): a min-heap whose root is the worst kept candidate, and whose
/// score is `threshold`. Large `k` (a ranking's pool of 1,000): candidates that pass are
/// appended to a buffer of `2k`; when it fills, a selection keeps its best `k` and
/// `threshold` becomes the worst of them. A heap pays a sift of log k cache-missing steps for
/// each of the ~k·ln(N/k) candidates that pass during a scan; the buffer pays an append, and a
/// linear-time selection once per k appends. With six queries sharing a scan of 100,000 rows,
/// the heaps took as long as the dot products. Between selections `threshold` lags (it is
/// lower than a heap's would be), which admits a few more candidates but never drops one.
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
    /// (for large `k`, as of the last selection); `+inf` when `k == 0`, so
    /// nothing is ever accepted.
    public private(set) var threshold: Float

    /// The largest `k` kept in a heap; larger ones use the buffer.
    public static let heapLimit = 128

    /// Small `k`: a min-heap under "ranks worse" (`heap[0]` is the candidate to
    /// evict next). Large `k`: an unordered buffer of up to `2k` candidates, the
    /// best `k` of which are the result.
    @usableFromInline
    internal var heap: [ScoredIndex]

    @usableFromInline
    internal var buffered: Bool { k > Self.heapLimit }

    /// Buffer mode: the size at which the buffer is cut back to `k`.
    @usableFromInline
    internal let capacity: Int

    /// Buffer mode: the `k`-th best as of the last selection (nil before the first).
    @usableFromInline
    internal var kthBest: ScoredIndex?

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
        self.capacity = self.k > Int.max / 2 ? Int.max : 2 * self.k
        self.kthBest = nil
        let wanted = self.k > Self.heapLimit ? capacity : self.k
        let reserve = min(wanted, expectedCandidates ?? wanted, 1 << 17)
        if reserve > 0 { heap.reserveCapacity(reserve) }
    }

    /// How many candidates are currently held (at most `k`).
    ///
    /// - Complexity: O(1).
    public var count: Int { min(heap.count, k) }

    /// Whether `k` candidates are held.
    ///
    /// - Complexity: O(1).
    public var isFull: Bool { heap.count >= k }

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
        guard buffered, heap.count > k else { return Self.bestFirst(heap) }
        var kept = heap
        kept.withUnsafeMutableBufferPointer { Self.selectBest(k, in: $0) }
        return Self.bestFirst(Array(kept.prefix(k)))
    }

    /// `items` sorted by ``ScoredIndex/ranks(before:)``, best first.
    ///
    /// Why keys: each item becomes one integer that orders the same way (the score's bits
    /// made monotone, then the complement of the index), and integers sort in half the time
    /// of the two-field comparison, whose outcome a branch predicts no better than a coin.
    /// Items the key cannot represent exactly (an index outside 32 bits, a score of -0, which
    /// ties with +0) take the comparison.
    ///
    /// - Complexity: O(n log n).
    static func bestFirst(_ items: [ScoredIndex]) -> [ScoredIndex] {
        guard items.allSatisfy({ UInt($0.index) <= UInt(UInt32.max) && $0.score.bitPattern != (-0.0 as Float).bitPattern }) else {
            return items.sorted { $0.ranks(before: $1) }
        }
        var keys = items.map { item -> UInt64 in
            let bits = item.score.bitPattern
            let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
            return UInt64(ordered) << 32 | UInt64(~UInt32(truncatingIfNeeded: item.index))
        }
        keys.sort(by: >)
        return keys.map { key in
            let ordered = UInt32(truncatingIfNeeded: key >> 32)
            let bits = ordered & 0x8000_0000 != 0 ? ordered & 0x7FFF_FFFF : ~ordered
            return ScoredIndex(index: Int(~UInt32(truncatingIfNeeded: key)), score: Float(bitPattern: bits))
        }
    }

    /// Heap insertion once the threshold test has passed; kept out of line so
    /// the fold loop stays small.
    ///
    /// - Complexity: O(log k).
    @usableFromInline
    internal mutating func push(_ candidate: ScoredIndex) {
        guard candidate.score == candidate.score, k > 0 else { return }
        if buffered {
            // A candidate tying the bar still loses to the k-th best of the last selection unless
            // its index is lower: without this, a run of equal scores (BM25's zeros) would be
            // appended and selected away over and over.
            if let bar = kthBest, !candidate.ranks(before: bar) { return }
            heap.append(candidate)
            if heap.count == capacity { keepBest() }
            return
        }
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

    /// Buffer mode: keeps the best `k` of the buffer and raises `threshold` to the worst of them.
    ///
    /// - Complexity: O(buffer) expected.
    private mutating func keepBest() {
        let k = self.k
        heap.withUnsafeMutableBufferPointer { Self.selectBest(k, in: $0) }
        heap.removeLast(heap.count - k)
        kthBest = heap[k - 1]
        threshold = heap[k - 1].score
    }

    /// Reorders `items` so that its first `k` are its best `k`, the `k`-th best at `k - 1`
    /// (quickselect on `ranks(before:)`, a total order for distinct indices; median-of-three
    /// pivots, and a sort of what is left if the partitions keep coming out lopsided).
    ///
    /// - Complexity: O(n) expected, O(n log n) at worst.
    @usableFromInline
    static func selectBest(_ k: Int, in items: UnsafeMutableBufferPointer<ScoredIndex>, partitions: Int? = nil) {
        guard k > 0, k < items.count else { return }
        var low = 0, high = items.count - 1
        // `partitions` overrides the budget of partitioning rounds (tests reach the sort with 0).
        var budget = partitions ?? 2 * (Int.bitWidth - items.count.leadingZeroBitCount) + 8
        let scratch = UnsafeMutablePointer<ScoredIndex>.allocate(capacity: items.count)
        defer { scratch.deallocate() }
        while low < high {
            budget -= 1
            if budget < 0 {
                var rest = UnsafeMutableBufferPointer(rebasing: items[low...high])
                rest.sort { $0.ranks(before: $1) }
                return
            }
            let middle = low + (high - low) / 2
            // Median of three into `middle`, then moved to `high` as the pivot.
            if items[middle].ranks(before: items[low]) { items.swapAt(middle, low) }
            if items[high].ranks(before: items[low]) { items.swapAt(high, low) }
            if items[high].ranks(before: items[middle]) { items.swapAt(high, middle) }
            items.swapAt(middle, high)
            let store = partition(items, low, high, scratch: scratch)
            // `store` now holds the pivot in its final place.
            if store == k - 1 { return }
            if store < k - 1 { low = store + 1 } else { high = store - 1 }
        }
    }

    /// Moves the items of `low..<high` that rank before the pivot at `high` to the front, the
    /// pivot after them, and returns the pivot's place. `scratch` holds at least `high - low`.
    ///
    /// Why out of place and branch-free: on scores in random order whether an item ranks
    /// before the pivot is a coin toss, and a branch on it was mispredicted half the time. Each
    /// item is written to both ends of `scratch` and only the end it belongs to advances (by
    /// the comparison's outcome), so no load waits on a store of the loop's; swapping in place
    /// without a branch instead (Lomuto's scheme) waited on each swap's store. The parts are
    /// then copied back, the pivot between them.
    ///
    /// - Complexity: O(high - low).
    @usableFromInline @inline(__always)
    static func partition(_ items: UnsafeMutableBufferPointer<ScoredIndex>, _ low: Int, _ high: Int,
                          scratch: UnsafeMutablePointer<ScoredIndex>) -> Int {
        guard let base = items.baseAddress, high > low else { return low }
        let pivot = base[high]
        var front = 0, back = high - low - 1
        for i in low..<high {
            let item = base[i]
            scratch[front] = item
            scratch[back] = item
            let before = Self.ranksBefore(item, pivot)
            front &+= before
            back &-= 1 &- before
        }
        // `front` items rank before the pivot: scratch[0..<front]; the rest fill scratch[front..<high - low].
        (base + low).update(from: scratch, count: front)
        base[low + front] = pivot
        (base + low + front + 1).update(from: scratch + front, count: high - low - front)
        return low + front
    }

    /// 1 when `a` ranks before `b` (``ScoredIndex/ranks(before:)``), else 0, computed without a branch.
    ///
    /// - Complexity: O(1).
    @usableFromInline @inline(__always)
    static func ranksBefore(_ a: ScoredIndex, _ b: ScoredIndex) -> Int {
        let greater = a.score > b.score ? 1 : 0, equal = a.score == b.score ? 1 : 0, lower = a.index < b.index ? 1 : 0
        return greater | (equal & lower)
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
