/// Character classes of the BERT normalizer and pre-tokenizer, matched to the
/// reference implementation (Hugging Face `tokenizers`, `BertNormalizer` and
/// `BertPreTokenizer`).
///
/// The reference decides "control", "non-spacing mark" and "punctuation" from
/// Unicode 8.0 general-category tables (the `unicode_categories` crate), while
/// whitespace, lowercasing and NFD come from current Unicode. To produce the
/// very same token ids we therefore treat scalars assigned after Unicode 8.0 as
/// unassigned for those three questions, and override the handful of scalars
/// whose general category changed since 8.0. The exhaustive test
/// `BertTokenizerTests.everyScalarClassMatchesReference` checks every code point.
@usableFromInline
enum BertUnicode {
    /// General category as of Unicode 8.0 (approximated as described above).
    ///
    /// - Complexity: O(1).
    @usableFromInline
    static func category8(_ s: Unicode.Scalar) -> Unicode.GeneralCategory {
        switch s.value {
        case 0x166D, 0x111C9: return .otherPunctuation
        case 0x1734, 0x1171E: return .nonspacingMark
        case 0x1885, 0x1886: return .otherLetter
        case 0xA9BD: return .spacingMark
        default: break
        }
        let props = s.properties
        guard let age = props.age, age.major < 8 || (age.major == 8 && age.minor == 0) else {
            return .unassigned
        }
        return props.generalCategory
    }

    /// `clean_text` removes these: NUL, U+FFFD and "other" categories
    /// (Cc, Cf, Co) except tab, newline and carriage return.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func isRemovedControl(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            if v == 9 || v == 10 || v == 13 { return false }
            return v < 0x20 || v == 0x7F
        }
        if v == 0xFFFD { return true }
        switch category8(s) {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// Whitespace as Rust's `char::is_whitespace` (the Unicode White_Space property).
    ///
    /// - Complexity: O(1).
    @inlinable
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return v == 0x20 || (v >= 9 && v <= 13) }
        return s.properties.isWhitespace
    }

    /// CJK ideographs that `handle_chinese_chars` surrounds with spaces
    /// (the exact ranges of the reference, including its 0x2B920 lower bound).
    ///
    /// - Complexity: O(1).
    @inlinable
    static func isChinese(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// Non-spacing marks (Mn), dropped after NFD by `strip_accents`.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func isNonspacingMark(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x300 { return false }
        return category8(s) == .nonspacingMark
    }

    /// BERT punctuation: ASCII 33–47, 58–64, 91–96, 123–126, or any P* category.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 {
            return (v >= 33 && v <= 47) || (v >= 58 && v <= 64) || (v >= 91 && v <= 96) || (v >= 123 && v <= 126)
        }
        switch category8(s) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }
}
