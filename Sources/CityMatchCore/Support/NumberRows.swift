/// Up to four optional lists of numbers per row, and one optional `Double`, each row in one
/// 64-byte cache line when its lists hold at most ``inlineNumbers`` numbers (else they live in
/// an overflow array the row points to).
///
/// Why one line per row: ranking reads the lists of ~1,400 candidates scattered over the
/// catalog, and with a row's list bounds, its numbers and the startup's minimum contract in
/// three arrays, each candidate cost three cache misses; at 100,000 startups those loads, not
/// the comparisons, were the facets' cost.
struct NumberRows: @unchecked Sendable {
    /// Numbers a row holds in its own line.
    static let inlineNumbers = 12
    private static let slots = 16  // 64 bytes of Int32: header, value (2 slots), overflow offset, numbers
    /// Header of a row whose lists are in the overflow array: no inline header has it (four
    /// lists of 254 numbers do not fit a line).
    private static let spilled = UInt32(0xFEFE_FEFE)
    private static let missingList = UInt32(0xFF)

    let listsPerRow: Int
    private var storage: Storage
    private var overflow: [Int32] = []

    /// - Complexity: O(1).
    init(listsPerRow: Int) {
        precondition((1...4).contains(listsPerRow), "one to four lists per row")
        self.listsPerRow = listsPerRow
        storage = Storage(capacity: 0)
    }

    var count: Int { storage.count }

    /// Appends a row. - Complexity: O(total length of `lists`) amortised.
    mutating func appendRow(_ lists: [[Int32]?], value: Double?) {
        if !isKnownUniquelyReferenced(&storage) || storage.count == storage.capacity {
            storage = storage.copy(capacity: Swift.max(16, storage.count * 2))
        }
        storage.count += 1
        write(storage.count - 1, lists, value)
    }

    /// Row `row` replaced; numbers it had in the overflow array stay there, unreferenced.
    ///
    /// - Complexity: O(total length of `lists`), plus a copy of every row if they are shared.
    mutating func replaceRow(_ row: Int, with lists: [[Int32]?], value: Double?) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: storage.capacity) }
        write(row, lists, value)
    }

    private mutating func write(_ row: Int, _ lists: [[Int32]?], _ value: Double?) {
        precondition(lists.count == listsPerRow, "a row has listsPerRow lists")
        let line = storage.base + row * Self.slots
        line.update(repeating: 0, count: Self.slots)
        UnsafeMutableRawPointer(line + 1).storeBytes(of: value ?? .nan, as: Double.self)
        line[3] = value == nil ? 0 : 1
        let total = lists.reduce(0) { $0 + ($1?.count ?? 0) }
        var header = UInt32(0)
        for (j, list) in lists.enumerated() {
            header |= (list.map { UInt32(Swift.min($0.count, 254)) } ?? Self.missingList) << (8 * UInt32(j))
        }
        for j in lists.count..<4 { header |= Self.missingList << (8 * UInt32(j)) }
        let fitsInline = total <= Self.inlineNumbers && lists.allSatisfy { ($0?.count ?? 0) < 255 }
        if fitsInline {
            line[0] = Int32(bitPattern: header)
            var t = 4
            for list in lists { for n in list ?? [] { line[t] = n; t += 1 } }
        } else {
            precondition(overflow.count + total + 4 < Int(Int32.max), "at most 2³¹ - 1 numbers")
            line[0] = Int32(bitPattern: Self.spilled)
            line[4] = Int32(overflow.count)
            for j in 0..<4 { overflow.append(j < lists.count ? (lists[j].map { Int32($0.count) } ?? -1) : -1) }
            for list in lists { overflow += list ?? [] }
        }
    }

    /// - Complexity: O(1) plus `body`.
    func withReader<R>(_ body: (Reader) throws -> R) rethrows -> R {
        try overflow.withUnsafeBufferPointer { overflow in
            try withExtendedLifetime(storage) { try body(Reader(rows: storage.base, overflow: overflow)) }
        }
    }

    struct Reader {
        let rows: UnsafeMutablePointer<Int32>
        let overflow: UnsafeBufferPointer<Int32>

        /// Row `row`'s list `list` (nil: no list). - Complexity: O(lists per row).
        @inline(__always)
        subscript(_ row: Int, _ list: Int) -> UnsafeBufferPointer<Int32>? {
            let line = UnsafePointer(rows + row * NumberRows.slots)
            let header = UInt32(bitPattern: line[0])
            if header == NumberRows.spilled {
                let counts = overflow.baseAddress! + Int(line[4])
                guard counts[list] >= 0 else { return nil }
                var start = 4
                for j in 0..<list { start += Swift.max(0, Int(counts[j])) }
                return UnsafeBufferPointer(start: counts + start, count: Int(counts[list]))
            }
            let count = (header >> (8 * UInt32(list))) & NumberRows.missingList
            guard count != NumberRows.missingList else { return nil }
            var start = 4
            for j in 0..<list {
                let c = (header >> (8 * UInt32(j))) & NumberRows.missingList
                start += c == NumberRows.missingList ? 0 : Int(c)
            }
            return UnsafeBufferPointer(start: line + start, count: Int(count))
        }

        /// Row `row`'s value. - Complexity: O(1).
        @inline(__always)
        func value(_ row: Int) -> Double? {
            let line = UnsafePointer(rows + row * NumberRows.slots)
            return line[3] == 0 ? nil : UnsafeRawPointer(line + 1).loadUnaligned(as: Double.self)
        }
    }

    /// The rows' lines, 64-byte aligned so that a row is one cache line.
    private final class Storage {
        let base: UnsafeMutablePointer<Int32>
        let capacity: Int
        var count = 0

        init(capacity: Int) {
            self.capacity = capacity
            let raw = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(1, capacity) * 4 * NumberRows.slots, alignment: 64)
            base = raw.bindMemory(to: Int32.self, capacity: Swift.max(1, capacity) * NumberRows.slots)
        }

        func copy(capacity: Int) -> Storage {
            let copy = Storage(capacity: capacity)
            copy.base.update(from: base, count: count * NumberRows.slots)
            copy.count = count
            return copy
        }

        deinit { base.deallocate() }
    }
}
