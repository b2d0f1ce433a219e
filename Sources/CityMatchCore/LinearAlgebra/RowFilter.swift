/// A set of allowed row indices in `0..<count`, stored as a bitset.
///
/// Used to restrict a search (by country, stage, sector, …) without copying
/// the base matrix: rows are masked at fold time instead. Memory is
/// ⌈count / 64⌉ words; membership is one shift and one mask.
public struct RowFilter: Sendable, Hashable {
    /// The number of rows the filter ranges over.
    public let count: Int

    /// Bit `i % 64` of `words[i / 64]` is set when row `i` is allowed. Bits past
    /// `count` are always clear so `allowedCount` and equality stay exact.
    @usableFromInline
    internal var words: [UInt64]

    /// A filter over `count` rows allowing all of them or none.
    ///
    /// - Complexity: O(count / 64).
    public init(count: Int, allowingAll: Bool = false) {
        precondition(count >= 0, "row count must be non-negative")
        self.count = count
        self.words = [UInt64](repeating: allowingAll ? ~0 : 0, count: (count + 63) / 64)
        if allowingAll { clearTail() }
    }

    /// A filter allowing exactly the rows for which `isAllowed` returns true.
    ///
    /// - Complexity: O(count) calls of `isAllowed`.
    public init(count: Int, where isAllowed: (Int) throws -> Bool) rethrows {
        self.init(count: count)
        for i in 0..<count where try isAllowed(i) {
            words[i >> 6] |= 1 << UInt64(i & 63)
        }
    }

    /// A filter allowing the listed rows (indices outside `0..<count` are a
    /// programming error).
    ///
    /// - Complexity: O(count / 64 + number of indices).
    public init<S: Sequence>(count: Int, allowing indices: S) where S.Element == Int {
        self.init(count: count)
        for i in indices { insert(i) }
    }

    /// Whether row `index` is allowed; indices outside `0..<count` are not.
    ///
    /// - Complexity: O(1).
    @inlinable
    public func contains(_ index: Int) -> Bool {
        guard index >= 0, index < count else { return false }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Whether any row in `range` is allowed; lets a search skip a whole
    /// masked-out block without computing its scores.
    ///
    /// - Complexity: O(range.count / 64).
    public func containsAny(in range: Range<Int>) -> Bool {
        let lower = max(range.lowerBound, 0), upper = min(range.upperBound, count)
        guard lower < upper else { return false }
        let firstWord = lower >> 6, lastWord = (upper - 1) >> 6
        for w in firstWord...lastWord {
            var word = words[w]
            if w == firstWord { word &= ~0 << UInt64(lower & 63) }
            if w == lastWord, upper & 63 != 0 { word &= (1 << UInt64(upper & 63)) - 1 }
            if word != 0 { return true }
        }
        return false
    }

    /// Allows row `index`.
    ///
    /// - Complexity: O(1).
    public mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < count, "row \(index) outside 0..<\(count)")
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    /// Disallows row `index`.
    ///
    /// - Complexity: O(1).
    public mutating func remove(_ index: Int) {
        precondition(index >= 0 && index < count, "row \(index) outside 0..<\(count)")
        words[index >> 6] &= ~(1 << UInt64(index & 63))
    }

    /// The number of allowed rows.
    ///
    /// - Complexity: O(count / 64).
    public var allowedCount: Int {
        words.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    /// Rows allowed by both filters.
    ///
    /// - Complexity: O(count / 64).
    public func intersection(_ other: RowFilter) -> RowFilter {
        precondition(count == other.count, "filters range over different row counts")
        var result = self
        for w in result.words.indices { result.words[w] &= other.words[w] }
        return result
    }

    /// Rows allowed by either filter.
    ///
    /// - Complexity: O(count / 64).
    public func union(_ other: RowFilter) -> RowFilter {
        precondition(count == other.count, "filters range over different row counts")
        var result = self
        for w in result.words.indices { result.words[w] |= other.words[w] }
        return result
    }

    /// Rows not allowed by `self`.
    ///
    /// - Complexity: O(count / 64).
    public func inverted() -> RowFilter {
        var result = self
        for w in result.words.indices { result.words[w] = ~result.words[w] }
        result.clearTail()
        return result
    }

    /// The allowed rows in increasing order.
    ///
    /// - Complexity: O(count / 64 + allowedCount).
    public var allowedIndices: [Int] {
        var result: [Int] = []
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                result.append(w << 6 + bits.trailingZeroBitCount)
                bits &= bits - 1
            }
        }
        return result
    }

    private mutating func clearTail() {
        let used = count & 63
        if used != 0, !words.isEmpty { words[words.count - 1] &= (1 << UInt64(used)) - 1 }
    }
}
