import Foundation

/// Turns free text into the terms of the lexical (BM25) channel.
///
/// Pipeline, in order:
/// 1. **NFKC**, so compatibility variants meet their plain form
///    (full-width "ＡＩ" → "AI", "ﬁ" → "fi", half-width katakana → katakana).
/// 2. **Case folding**: Unicode lower-casing plus the full-folding cases that
///    lower-casing misses ("ß" → "ss", final "ς" → "σ").
/// 3. **Accent folding** (optional, on by default): NFD, then combining marks
///    are dropped when they sit on a Latin, Greek, Cyrillic or Armenian letter
///    ("Café" → "cafe", "São" → "sao"), and a few letters without a
///    decomposition are spelled out ("ø" → "o", "æ" → "ae", "ł" → "l"). Marks
///    of other scripts are kept — they are part of the letter there (kana
///    voicing marks, Indic vowel signs) — and the text is recomposed (NFC).
/// 4. **Splitting** on every character that is not a letter, digit or mark.
///    Runs of Han ideographs and kana, which are written without spaces,
///    become overlapping character bigrams ("東京都" → "東京", "京都"; a lone
///    character stays a unigram); Hangul words, which are space-separated,
///    stay whole. A change of script also ends a token ("AI도시" → "ai", "도시").
/// 5. **Stop words** (after folding, so lists are stored folded).
/// 6. **Light stemming** (optional, on by default) of plain a–z words: English
///    plurals only ("cities" → "city", "boxes" → "box", "sensors" → "sensor").
///    It is applied to documents and queries alike, so its occasional oddity
///    on other languages ("ciudades" → "ciudade") still matches consistently.
///
/// Equal configurations produce equal terms on every platform except for
/// differences in the Unicode tables of the underlying Foundation.
public struct TextAnalyzer: Sendable, Hashable {
    /// Folded terms dropped from the output.
    public var stopWords: Set<String>
    /// Whether step 3 (accent folding) runs.
    public var foldsAccents: Bool
    /// Whether step 6 (plural stemming) runs.
    public var stems: Bool

    /// - Complexity: O(1).
    public init(stopWords: Set<String> = StopWords.english, foldsAccents: Bool = true, stems: Bool = true) {
        self.stopWords = stopWords
        self.foldsAccents = foldsAccents
        self.stems = stems
    }

    /// The configuration used by `BM25Index` unless told otherwise.
    public static let standard = TextAnalyzer()

    /// The terms of `text`, in order, repeats kept (term frequency matters).
    ///
    /// - Complexity: O(length of `text`).
    public func terms(_ text: String) -> [String] {
        var result: [String] = []
        TextSegmenter.forEachToken(in: fold(text)) { token in
            if stopWords.contains(token) { return }
            result.append(stems ? PluralStemmer.stem(token) : token)
        }
        return result
    }

    /// How often each term occurs in `text`.
    ///
    /// - Complexity: O(length of `text`).
    public func termFrequencies(_ text: String) -> [String: Int] {
        terms(text).reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    /// Steps 1–3 of the pipeline: the folded text, not yet split.
    ///
    /// - Complexity: O(length of `text`).
    public func fold(_ text: String) -> String {
        // Pure ASCII is already NFKC and has no accents: skip Foundation.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var folded = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
            switch scalar {
            case "ß", "ẞ": folded.append(contentsOf: "ss".unicodeScalars)
            case "ς": folded.append("σ")
            default: folded.append(scalar)
            }
        }
        guard foldsAccents else { return String(folded) }
        return AccentFolding.fold(String(folded))
    }
}

/// Step 3 of `TextAnalyzer`.
enum AccentFolding {
    /// Letters that carry their "accent" in the base character and so have
    /// no canonical decomposition.
    static let spelledOut: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th",
        "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t", "ŋ": "n",
    ]

    /// Scripts whose diacritics are optional in search (typed or not by users).
    ///
    /// - Complexity: O(1).
    static func dropsMarks(after base: Unicode.Scalar) -> Bool {
        let v = base.value
        return v < 0x0590 || (0x1E00...0x1FFF).contains(v)
    }

    /// - Complexity: O(length of `text`).
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var base: Unicode.Scalar = " "
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark:
                if !dropsMarks(after: base) { out.append(scalar) }
            default:
                base = scalar
                if let replacement = spelledOut[scalar] {
                    out.append(contentsOf: replacement.unicodeScalars)
                } else {
                    out.append(scalar)
                }
            }
        }
        // Recompose what was kept (Hangul syllables, voiced kana, …).
        return String(out).precomposedStringWithCanonicalMapping
    }
}

/// Step 4 of `TextAnalyzer`.
enum TextSegmenter {
    enum Kind: Equatable {
        case separator, word, ideographic, hangul
    }

    /// - Complexity: O(1).
    static func kind(of scalar: Unicode.Scalar) -> Kind {
        let v = scalar.value
        if v < 0x80 {
            let isDigit = v >= 0x30 && v <= 0x39
            let isLetter = (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A)
            return isDigit || isLetter ? .word : .separator
        }
        switch v {
        case 0xAC00...0xD7A3, 0x1100...0x11FF, 0x3130...0x318F, 0xA960...0xA97F, 0xD7B0...0xD7FF:
            return .hangul
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0x3005, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xF900...0xFAFF, 0x20000...0x3FFFF:
            // Kana and Han: scripts written without spaces between words.
            return .ideographic
        default:
            break
        }
        let properties = scalar.properties
        if properties.isAlphabetic { return .word }
        switch properties.generalCategory {
        case .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark, .enclosingMark:
            return .word
        default:
            return .separator
        }
    }

    /// Calls `body` with each token of already folded text.
    ///
    /// - Complexity: O(length of `text`).
    static func forEachToken(in text: String, _ body: (String) -> Void) {
        var run: [Unicode.Scalar] = []
        var runKind = Kind.separator

        func flush() {
            defer { run.removeAll(keepingCapacity: true) }
            switch runKind {
            case .separator:
                return
            case .word, .hangul:
                body(String(String.UnicodeScalarView(run)))
            case .ideographic:
                if run.count == 1 { body(String(run[0])); return }
                for i in 0 ..< run.count - 1 {
                    var bigram = String.UnicodeScalarView()
                    bigram.append(run[i])
                    bigram.append(run[i + 1])
                    body(String(bigram))
                }
            }
        }

        for scalar in text.unicodeScalars {
            var kind = self.kind(of: scalar)
            let category = scalar.properties.generalCategory
            let isMark = category == .nonspacingMark || category == .spacingMark || category == .enclosingMark
            // A kept mark belongs to the letter before it, whatever its script.
            if isMark, runKind != .separator { kind = runKind }
            if kind != runKind {
                flush()
                runKind = kind
            }
            if kind != .separator { run.append(scalar) }
        }
        flush()
    }
}

/// Step 6 of `TextAnalyzer`: a deliberately tiny English plural stripper
/// (a variant of Harman's 1991 "S" stemmer) for plain a–z words.
enum PluralStemmer {
    /// - Complexity: O(length of `word`).
    static func stem(_ word: String) -> String {
        let bytes = Array(word.utf8)
        guard bytes.count > 3, bytes.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) else { return word }
        func ends(_ suffix: String) -> Bool { word.hasSuffix(suffix) }
        if ends("ies"), !ends("eies"), !ends("aies"), bytes.count > 4 {
            return String(word.dropLast(3)) + "y"          // cities → city
        }
        if ends("sses") || ends("shes") || ends("ches") || ends("xes") || ends("zzes") {
            return String(word.dropLast(2))                // addresses → address, boxes → box
        }
        if ends("s"), !ends("ss"), !ends("us"), !ends("is") {
            return String(word.dropLast())                 // sensors → sensor
        }
        return word
    }
}
