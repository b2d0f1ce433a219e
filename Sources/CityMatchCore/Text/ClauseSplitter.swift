/// Splits texts into the units that evidence alignment compares: a need into clauses,
/// a startup into capability statements and description sentences.
public enum ClauseSplitter {
    /// Sentences, further cut at semicolons and colons, trimmed; fragments shorter than
    /// `minimumCharacters` are merged into their neighbour so each unit says something.
    ///
    /// Abbreviations such as "e.g." and "a.m." and decimals like "3.5" do not end a sentence.
    ///
    /// - Complexity: O(n) in the length of the text.
    public static func clauses(of text: String, minimumCharacters: Int = 12) -> [String] {
        var units: [String] = []
        var current = ""
        let characters = Array(text)
        var i = 0
        func flush() {
            let trimmed = current.trimmingWhitespace()
            if !trimmed.isEmpty { units.append(trimmed) }
            current = ""
        }
        while i < characters.count {
            let c = characters[i]
            current.append(c)
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            switch c {
            case "\n":
                flush()
            case ";", ":", "!", "?", "。", "！", "？", "；":
                if next == nil || next!.isWhitespace || c == "。" { flush() }
            case ".":
                if next == nil || (next!.isWhitespace && !continuesSentence(current, nextWord: nextWordStart(characters, after: i))) { flush() }
            default:
                break
            }
            i += 1
        }
        flush()
        return merged(units, minimumCharacters: minimumCharacters)
    }

    /// A startup's statements: each capability, then each description sentence.
    ///
    /// - Complexity: O(length of the texts).
    public static func statements(of startup: Startup) -> [String] {
        var result = (startup.capabilities ?? []).map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        result += clauses(of: startup.description)
        return result
    }

    /// A need's clauses: the title, then the description's clauses.
    public static func clauses(of need: Need) -> [String] {
        [need.title.trimmingWhitespace()] + clauses(of: need.description)
    }

    /// Abbreviations that never end a sentence.
    private static let abbreviations: Set<String> = ["e.g.", "i.e.", "vs.", "approx.", "incl.", "no.", "mr.", "ms.", "dr.", "st.", "cf."]
    /// Abbreviations that end a sentence when a capitalised word follows ("… 5 a.m. Deliverables …").
    private static let closingAbbreviations: Set<String> = ["etc.", "a.m.", "p.m."]

    private static func nextWordStart(_ characters: [Character], after i: Int) -> Character? {
        var j = i + 1
        while j < characters.count, characters[j].isWhitespace { j += 1 }
        return j < characters.count ? characters[j] : nil
    }

    private static func continuesSentence(_ text: String, nextWord: Character?) -> Bool {
        let lastWord = text.split(whereSeparator: \.isWhitespace).last.map { String($0).lowercased() } ?? ""
        if closingAbbreviations.contains(lastWord) { return !(nextWord?.isUppercase ?? true) }
        return endsWithAbbreviation(lastWord)
    }

    private static func endsWithAbbreviation(_ lastWord: String) -> Bool {
        if abbreviations.contains(lastWord) { return true }
        // Single initials ("J.") and dotted acronyms ("U.S.") are not sentence ends.
        let letters = lastWord.filter { $0 != "." }
        return letters.count == 1 || (lastWord.filter { $0 == "." }.count >= 2 && letters.count <= 4)
    }

    private static func merged(_ units: [String], minimumCharacters: Int) -> [String] {
        var result: [String] = []
        for unit in units {
            if let last = result.last, unit.count < minimumCharacters || last.count < minimumCharacters {
                result[result.count - 1] = last + " " + unit
            } else {
                result.append(unit)
            }
        }
        return result
    }
}

extension String {
    /// The string without leading and trailing white space.
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }), let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
