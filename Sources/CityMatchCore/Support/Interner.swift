/// Values numbered in order of first sight.
struct Interner<Key: Hashable & Sendable>: Sendable {
    private var numbers: [Key: Int32] = [:]
    private(set) var keys: [Key] = []

    /// `key`'s number, numbering it if new. - Complexity: O(1) amortised (one hash).
    mutating func number(_ key: Key) -> Int32 {
        if let n = numbers[key] { return n }
        precondition(keys.count < Int(Int32.max), "at most 2³¹ - 1 distinct values")
        let n = Int32(keys.count)
        numbers[key] = n
        keys.append(key)
        return n
    }

    /// `key`'s number, or -1 when it was never numbered (so it equals no numbered value).
    ///
    /// - Complexity: O(1) (one hash).
    func existingNumber(_ key: Key) -> Int32 { numbers[key] ?? -1 }

    var count: Int { keys.count }
}
