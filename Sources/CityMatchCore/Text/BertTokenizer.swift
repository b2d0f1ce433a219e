import Foundation

/// Errors raised while building a `BertTokenizer`.
public enum BertTokenizerError: Error, Equatable, CustomStringConvertible {
    /// The vocabulary text has no lines.
    case emptyVocabulary
    /// A required special token is absent from the vocabulary.
    case missingSpecialToken(String)
    /// `maxLength` must leave room for `[CLS]` and `[SEP]`.
    case invalidMaxLength(Int)
    /// The vocabulary data is not UTF-8.
    case vocabularyNotUTF8

    public var description: String {
        switch self {
        case .emptyVocabulary: return "the WordPiece vocabulary is empty"
        case .missingSpecialToken(let t): return "the WordPiece vocabulary has no \(t) token"
        case .invalidMaxLength(let n): return "max length \(n) is too small: it must be at least 2 ([CLS] and [SEP])"
        case .vocabularyNotUTF8: return "the WordPiece vocabulary is not valid UTF-8"
        }
    }
}

/// The token ids of one text, ready for a BERT forward pass.
public struct BertEncoding: Sendable, Equatable {
    /// `[CLS]`, the word pieces, `[SEP]`; never longer than the tokenizer's `maxLength`.
    public var ids: [Int32]
    /// Number of real (attended) tokens; equals `ids.count` (no padding is added here).
    public var attentionLength: Int { ids.count }

    /// Wraps token ids.
    ///
    /// - Complexity: O(1).
    public init(ids: [Int32]) { self.ids = ids }
}

/// BERT's uncased tokenizer: `BertNormalizer` (clean text, CJK spacing, strip
/// accents, lowercase), `BertPreTokenizer` (split on whitespace and on each
/// punctuation character) and WordPiece with `##` continuations, exactly as the
/// model's `tokenizer.json` (Hugging Face `tokenizers`) does it, followed by the
/// `[CLS] … [SEP]` template and truncation to `maxLength` tokens.
///
/// A pure value: built from the vocabulary text (one token per line, the line
/// number is the id), no file access. Safe to share between threads.
public struct BertTokenizer: Sendable {
    /// Maximum number of ids per text, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    /// Words longer than this many Unicode scalars become `[UNK]`.
    public let maxInputCharsPerWord: Int
    /// Vocabulary size (number of lines of the vocabulary).
    public let vocabularySize: Int

    public let clsID: Int32
    public let sepID: Int32
    public let unkID: Int32
    public let padID: Int32

    /// Word-initial pieces, keyed by their UTF-8 bytes (byte-exact, unlike `String` equality).
    @usableFromInline let initialPieces: [ArraySlice<UInt8>: Int32]
    /// Continuation pieces (`##xyz`), keyed by the UTF-8 bytes after `##`.
    @usableFromInline let continuationPieces: [ArraySlice<UInt8>: Int32]
    /// Special tokens recognised verbatim in raw input, as the reference's added tokens are.
    let specialTokens: [(text: [Unicode.Scalar], id: Int32)]
    /// Longest vocabulary piece in bytes (bounds the WordPiece search).
    @usableFromInline let longestPieceBytes: Int

    /// Builds a tokenizer from the text of `vocab.txt`.
    ///
    /// - Complexity: O(size of the vocabulary text).
    public init(vocabulary: String, maxLength: Int = 256, maxInputCharsPerWord: Int = 100) throws {
        guard maxLength >= 2 else { throw BertTokenizerError.invalidMaxLength(maxLength) }
        var lines = vocabulary.split(separator: "\n", omittingEmptySubsequences: false)
        if let last = lines.last, last.isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw BertTokenizerError.emptyVocabulary }
        var initial = [ArraySlice<UInt8>: Int32](minimumCapacity: lines.count)
        var continuation = [ArraySlice<UInt8>: Int32](minimumCapacity: lines.count / 4)
        var byText = [String: Int32]()
        var longest = 0
        for (index, rawLine) in lines.enumerated() {
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            let bytes = Array(line.utf8)
            let id = Int32(index)
            // Later duplicates win, as when the reference builds its map.
            initial[bytes[...]] = id
            if bytes.count >= 2, bytes[0] == UInt8(ascii: "#"), bytes[1] == UInt8(ascii: "#") {
                continuation[bytes[2...]] = id
                longest = max(longest, bytes.count - 2)
            }
            longest = max(longest, bytes.count)
            if line.hasPrefix("[") { byText[String(line)] = id }
        }
        func special(_ name: String) throws -> Int32 {
            guard let id = initial[Array(name.utf8)[...]] else { throw BertTokenizerError.missingSpecialToken(name) }
            return id
        }
        self.clsID = try special("[CLS]")
        self.sepID = try special("[SEP]")
        self.unkID = try special("[UNK]")
        self.padID = try special("[PAD]")
        var specials: [(text: [Unicode.Scalar], id: Int32)] = []
        for name in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] {
            if let id = byText[name] { specials.append((Array(name.unicodeScalars), id)) }
        }
        self.specialTokens = specials
        self.initialPieces = initial
        self.continuationPieces = continuation
        self.longestPieceBytes = longest
        self.vocabularySize = lines.count
        self.maxLength = maxLength
        self.maxInputCharsPerWord = maxInputCharsPerWord
    }

    /// Builds a tokenizer from the bytes of `vocab.txt`.
    ///
    /// - Complexity: O(size of the vocabulary).
    public init(vocabularyData: Data, maxLength: Int = 256, maxInputCharsPerWord: Int = 100) throws {
        guard let text = String(data: vocabularyData, encoding: .utf8) else { throw BertTokenizerError.vocabularyNotUTF8 }
        try self.init(vocabulary: text, maxLength: maxLength, maxInputCharsPerWord: maxInputCharsPerWord)
    }

    /// Token ids of one text: `[CLS]`, word pieces truncated to `maxLength - 2`, `[SEP]`.
    ///
    /// - Complexity: O(n · w) for a text of n scalars whose longest word has w
    ///   scalars (WordPiece's greedy longest-match search), w ≤ `maxInputCharsPerWord`.
    public func encode(_ text: String) -> BertEncoding {
        var ids: [Int32] = [clsID]
        let budget = maxLength - 2
        ids.reserveCapacity(min(budget, text.utf8.count) + 2)
        appendPieces(of: text, into: &ids, limit: budget + 1)
        ids.append(sepID)
        return BertEncoding(ids: ids)
    }

    /// Token ids of many texts, in input order.
    ///
    /// - Complexity: O(total length of the texts), as `encode(_:)` for each.
    public func encode(_ texts: [String]) -> [BertEncoding] {
        texts.map { encode($0) }
    }

    /// The word-piece ids of a text without `[CLS]`/`[SEP]` and without truncation.
    ///
    /// - Complexity: as `encode(_:)`.
    public func wordPieceIDs(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        appendPieces(of: text, into: &ids, limit: Int.max)
        return ids
    }

    // MARK: - Pipeline

    /// Appends the pieces of `text` after `ids` until `ids.count == limit`.
    private func appendPieces(of text: String, into ids: inout [Int32], limit: Int) {
        let scalars = Array(text.unicodeScalars)
        // Added (special) tokens are matched verbatim before any normalisation.
        var segmentStart = 0
        var i = 0
        if !specialTokens.isEmpty, scalars.contains("[") {
            while i < scalars.count {
                if scalars[i] == "[", let (length, id) = matchSpecial(scalars, at: i) {
                    appendSegment(scalars[segmentStart..<i], into: &ids, limit: limit)
                    if ids.count < limit { ids.append(id) }
                    i += length
                    segmentStart = i
                } else {
                    i += 1
                }
            }
        }
        appendSegment(scalars[segmentStart...], into: &ids, limit: limit)
    }

    private func matchSpecial(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int32)? {
        for (text, id) in specialTokens where i + text.count <= s.count {
            if s[i..<(i + text.count)].elementsEqual(text) { return (text.count, id) }
        }
        return nil
    }

    private func appendSegment(_ raw: ArraySlice<Unicode.Scalar>, into ids: inout [Int32], limit: Int) {
        guard ids.count < limit, !raw.isEmpty else { return }
        let normalized = BertTokenizer.normalize(raw)
        BertTokenizer.forEachWord(normalized) { word in
            guard ids.count < limit else { return false }
            appendWordPieces(word, into: &ids, limit: limit)
            return ids.count < limit
        }
    }

    /// `BertNormalizer`: clean text, space out CJK, NFD + drop Mn, lowercase.
    ///
    /// - Complexity: O(n) for n scalars.
    static func normalize(_ raw: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var cleaned = [Unicode.Scalar]()
        cleaned.reserveCapacity(raw.count + 8)
        var ascii = true
        for s in raw {
            if BertUnicode.isRemovedControl(s) || s.value == 0 { continue }
            if BertUnicode.isWhitespace(s) {
                cleaned.append(" ")
            } else if BertUnicode.isChinese(s) {
                cleaned.append(" "); cleaned.append(s); cleaned.append(" ")
                ascii = false
            } else {
                cleaned.append(s)
                if s.value >= 0x80 { ascii = false }
            }
        }
        if ascii {
            for k in cleaned.indices {
                let v = cleaned[k].value
                if v >= 65 && v <= 90 { cleaned[k] = Unicode.Scalar(v + 32)! }
            }
            return cleaned
        }
        var string = String()
        string.unicodeScalars.append(contentsOf: cleaned)
        let decomposed = string.decomposedStringWithCanonicalMapping
        var out = [Unicode.Scalar]()
        out.reserveCapacity(cleaned.count + 8)
        for s in decomposed.unicodeScalars where !BertUnicode.isNonspacingMark(s) {
            let v = s.value
            if v < 0x80 {
                out.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : s)
            } else if s.properties.changesWhenLowercased {
                out.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return out
    }

    /// `BertPreTokenizer`: calls `body` with each word (whitespace removed, each
    /// punctuation scalar its own word) until `body` returns false.
    ///
    /// - Complexity: O(n) for n scalars.
    static func forEachWord(_ s: [Unicode.Scalar], _ body: (ArraySlice<Unicode.Scalar>) -> Bool) {
        var start = 0
        var i = 0
        while i < s.count {
            let c = s[i]
            if BertUnicode.isWhitespace(c) {
                if i > start, !body(s[start..<i]) { return }
                start = i + 1
            } else if BertUnicode.isPunctuation(c) {
                if i > start, !body(s[start..<i]) { return }
                if !body(s[i...i]) { return }
                start = i + 1
            }
            i += 1
        }
        if s.count > start { _ = body(s[start...]) }
    }

    /// WordPiece: greedy longest match first; a word that cannot be covered, or
    /// is longer than `maxInputCharsPerWord` scalars, becomes a single `[UNK]`.
    ///
    /// - Complexity: O(w²) dictionary probes for a word of w scalars (bounded by the longest vocabulary piece).
    private func appendWordPieces(_ word: ArraySlice<Unicode.Scalar>, into ids: inout [Int32], limit: Int) {
        if word.count > maxInputCharsPerWord {
            ids.append(unkID)
            return
        }
        // UTF-8 bytes of the word, with the byte offset of each scalar boundary.
        var bytes = [UInt8]()
        bytes.reserveCapacity(word.count * 2)
        var bounds = [Int]()
        bounds.reserveCapacity(word.count + 1)
        for s in word {
            bounds.append(bytes.count)
            UTF8.encode(s) { bytes.append($0) }
        }
        bounds.append(bytes.count)
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32? = nil
            let table = start == 0 ? initialPieces : continuationPieces
            while end > start {
                let length = bounds[end] - bounds[start]
                if length <= longestPieceBytes, let id = table[bytes[bounds[start]..<bounds[end]]] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unkID)
                return
            }
            pieces.append(id)
            start = end
        }
        for id in pieces {
            if ids.count >= limit { return }
            ids.append(id)
        }
    }
}
