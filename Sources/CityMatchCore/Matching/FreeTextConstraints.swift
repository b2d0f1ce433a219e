import Foundation

/// Constraints a city states inside a free-text need ("Korean-speaking vendor, under $200k"),
/// so an ad-hoc query is scored like a catalog need with `languages` and `budget_usd`.
public struct FreeTextConstraints: Sendable, Equatable {
    /// ISO 639-1 codes of languages the text requires.
    public var languages: [String] = []
    /// The budget the text states, in US dollars.
    public var budgetUSD: Double?
    /// The text's clauses with the constraint phrases removed (clauses that were only
    /// constraints are dropped), for evidence alignment.
    public var problemClauses: [String] = []

    public init(languages: [String] = [], budgetUSD: Double? = nil, problemClauses: [String] = []) {
        self.languages = languages
        self.budgetUSD = budgetUSD
        self.problemClauses = problemClauses
    }

    /// Reads language requirements ("Korean-speaking", "in Spanish", "Amharic language",
    /// "speaks French") and a budget ("under $200k", "budget of 1.5 million USD", "max $80,000").
    ///
    /// - Complexity: O(text length · number of language names).
    public static func parse(_ text: String) -> FreeTextConstraints {
        var result = FreeTextConstraints()
        var clauses: [String] = []
        for clause in ClauseSplitter.clauses(of: text) {
            var remaining = clause
            for (code, name) in languageNames {
                for pattern in languagePatterns(name) {
                    while let range = remaining.range(of: pattern, options: [.caseInsensitive]) {
                        if !result.languages.contains(code) { result.languages.append(code) }
                        remaining.replaceSubrange(range, with: " ")
                    }
                }
            }
            if let (amount, range) = money(in: remaining) {
                result.budgetUSD = result.budgetUSD.map { min($0, amount) } ?? amount
                remaining.replaceSubrange(range, with: " ")
            }
            let words = remaining.split { !$0.isLetter && !$0.isNumber }.filter { !fillers.contains($0.lowercased()) }
            if remaining == clause || words.count >= 3 { clauses.append(remaining == clause ? clause : remaining.collapsingSpaces()) }
        }
        result.problemClauses = clauses.isEmpty ? ClauseSplitter.clauses(of: text) : clauses
        return result
    }

    /// Words left over once a constraint phrase is cut out ("vendor", "provider", "needed").
    static let fillers: Set<String> = ["vendor", "vendors", "provider", "providers", "supplier", "suppliers", "company", "team",
                                       "must", "be", "needed", "required", "a", "an", "the", "and", "with", "who", "is", "are",
                                       "should", "only", "please", "budget", "we", "have", "our", "of", "for", "it", "in", "to"]

    /// Common English names of ISO 639-1 languages (the first name of the ISO entry).
    static let languageNames: [(code: String, name: String)] = ISOCodes.languages.compactMap { code, full in
        let clean = MatchReasons.languageName(code)
        // Very short or ambiguous names would match ordinary words.
        guard clean.count >= 4 else { return nil }
        return (code, clean)
    }.sorted { $0.name.count > $1.name.count }

    static func languagePatterns(_ name: String) -> [String] {
        ["\(name)-speaking", "\(name) speaking", "\(name)-language", "\(name) language", "in \(name)",
         "speaks \(name)", "speak \(name)", "\(name) speakers", "\(name)-speakers", "\(name) interface", "\(name) support"]
    }

    /// The first money amount that reads as a budget, and its range in `text`.
    static func money(in text: String) -> (Double, Range<String.Index>)? {
        let lower = text.lowercased()
        let cues = ["under ", "below ", "less than ", "up to ", "upto ", "max ", "maximum ", "at most ", "within ", "budget of ",
                    "budget is ", "budget: ", "budget ", "no more than ", "not more than ", "cap of ", "capped at "]
        for cue in cues {
            guard let cueRange = lower.range(of: cue) else { continue }
            let start = cueRange.upperBound
            if let (amount, end) = amount(in: lower, from: start) {
                let range = text.index(text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: cueRange.lowerBound))
                    ..< text.index(text.startIndex, offsetBy: lower.distance(from: lower.startIndex, to: end))
                return (amount, range)
            }
        }
        return nil
    }

    /// Parses `$200k`, `200,000 USD`, `US$1.5m`, `1.5 million dollars` starting at `start`.
    static func amount(in s: String, from start: String.Index) -> (Double, String.Index)? {
        var i = start
        func skip(_ prefixes: [String]) { for p in prefixes where s[i...].hasPrefix(p) { i = s.index(i, offsetBy: p.count); return } }
        skip(["us$", "usd ", "usd", "$"])
        var digits = ""
        var sawDollar = s[start..<i].contains("$") || s[start..<i].contains("usd")
        while i < s.endIndex, s[i].isNumber || s[i] == "," || s[i] == "." {
            if s[i] != "," { digits.append(s[i]) }
            i = s.index(after: i)
        }
        if digits.hasSuffix(".") { digits.removeLast(); i = s.index(before: i) }
        guard var value = Double(digits) else { return nil }
        var j = i
        while j < s.endIndex, s[j] == " " { j = s.index(after: j) }
        let rest = s[j...]
        for (word, factor) in [("million", 1e6), ("thousand", 1e3), ("mn", 1e6), ("m", 1e6), ("k", 1e3)] where rest.hasPrefix(word) {
            let after = rest.index(rest.startIndex, offsetBy: word.count)
            if after == s.endIndex || !s[after].isLetter {
                value *= factor
                i = after
                break
            }
        }
        var k = i
        while k < s.endIndex, s[k] == " " { k = s.index(after: k) }
        for unit in ["usd", "us dollars", "dollars", "$"] where s[k...].hasPrefix(unit) {
            sawDollar = true
            i = s.index(k, offsetBy: unit.count)
            break
        }
        guard sawDollar else { return nil }
        return (value, i)
    }
}

extension String {
    func collapsingSpaces() -> String {
        split(whereSeparator: \.isWhitespace).joined(separator: " ")
            .replacing(" ,", with: ",").replacing(" ;", with: ";").trimmingWhitespace()
    }
}
