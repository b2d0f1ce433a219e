/// Suggestions for mistyped ids ("did you mean 'seoul'?").
enum EditDistance {
    /// The known id nearest to `id` by Levenshtein distance, if within a third of its length.
    ///
    /// - Complexity: O(known · |id| · |candidate|); skipped for sets over 20,000 ids.
    static func closest(to id: String, in known: Set<String>) -> String? {
        guard known.count <= 20_000 else { return nil }
        let a = Array(id.unicodeScalars)
        let threshold = max(1, a.count / 3)
        var best: (String, Int)?
        for candidate in known.sorted() {
            let b = Array(candidate.unicodeScalars)
            guard abs(a.count - b.count) <= threshold else { continue }
            let d = distance(a, b)
            if d <= threshold, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
