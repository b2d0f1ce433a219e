/// The documented limits of the catalog format. Import and the server enforce the same numbers.
///
/// Lengths count Unicode characters (extended grapheme clusters), as a person would.
public enum CatalogLimits {
    /// `[a-z0-9][a-z0-9._-]{0,63}`: at most 64 characters.
    public static let idLength = 64
    /// City and startup names, need titles.
    public static let nameLength = 200
    /// Need descriptions (the format's guideline is ~2,000; the hard limit leaves room).
    public static let needDescriptionLength = 4_000
    /// Startup descriptions (the format's guideline is ~4,000; the hard limit leaves room).
    public static let startupDescriptionLength = 8_000
    /// One capability statement, tag, market, region, reference or other short string.
    public static let shortTextLength = 300
    /// Elements in any list field (capabilities, domains, languages, markets, references).
    public static let listLength = 100
    /// A catalog line, in bytes.
    public static let lineBytes = 1 << 20
    /// How many errors one validation run collects before it stops.
    public static let defaultMaximumIssues = 100
}
