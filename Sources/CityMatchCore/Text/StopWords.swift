/// Small stop-word lists for the lexical (BM25) channel.
///
/// Entries are stored already folded (lower case, accents stripped), because
/// `TextAnalyzer` removes stop words after folding: "está" is matched as
/// "esta". The lists are deliberately short — function words only — so that
/// domain words ("city", "data", "smart") always stay searchable. Single
/// letters left over from splitting on apostrophes ("city's", "l'eau") are
/// included. "it" and "us" are left out on purpose: in this domain they are
/// as often "IT" (information technology) and "US" (the country).
public enum StopWords {
    /// English function words.
    public static let english: Set<String> = [
        "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at",
        "be", "been", "being", "but", "by", "can", "could", "d", "did", "do", "does", "doing",
        "each", "for", "from", "had", "has", "have", "having", "he", "her", "here", "hers",
        "him", "his", "how", "i", "if", "in", "into", "is", "its", "itself", "just",
        "ll", "m", "may", "me", "might", "more", "most", "must", "my", "no", "nor", "not",
        "of", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "re",
        "s", "same", "shall", "she", "should", "so", "some", "such", "t", "than", "that",
        "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those",
        "through", "to", "too", "under", "until", "up", "ve", "very", "was", "we",
        "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
        "with", "would", "you", "your", "yours",
    ]

    /// Spanish function words (folded).
    public static let spanish: Set<String> = [
        "a", "al", "como", "con", "de", "del", "el", "en", "es", "esta", "este", "la", "las",
        "lo", "los", "mas", "o", "para", "pero", "por", "que", "se", "sin", "su", "sus",
        "un", "una", "unas", "unos", "y",
    ]

    /// French function words (folded).
    public static let french: Set<String> = [
        "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en",
        "est", "et", "il", "j", "l", "la", "le", "les", "leur", "mais", "n", "ou", "par",
        "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "un", "une",
    ]

    /// Portuguese function words (folded).
    public static let portuguese: Set<String> = [
        "a", "ao", "aos", "as", "com", "da", "das", "de", "do", "dos", "e", "em", "na", "nas",
        "no", "nos", "o", "os", "ou", "para", "pela", "pelo", "por", "que", "se", "sem",
        "um", "uma",
    ]

    /// The union of all lists, for multilingual catalogs. Some entries are
    /// content words in another language (e.g. "son", "sin"); prefer
    /// `english` unless the corpus really mixes languages.
    public static let all: Set<String> = english.union(spanish).union(french).union(portuguese)
}
