/// Whom the limits favour: how often each startup country and stage appears in the shortlists,
/// against its share of merit.
///
/// *Merit* is what each city would get on score alone: its top K eligible pairs with no
/// per-startup or per-country limit. A group's merit share is its share of those entries; its
/// exposure share is its share of the entries actually chosen. A ratio above 1 means the limits
/// give the group more places than score alone would.
public struct ExposureRow: Sendable, Equatable {
    /// `country` or `stage`.
    public var attribute: String
    public var value: String
    public var selected: Int
    public var selectedShare: Double
    public var merit: Int
    public var meritShare: Double
    /// selectedShare / meritShare (nil when the group has no merit entries).
    public var ratio: Double?
}

public enum ExposureTable {
    /// - Complexity: O(pairs log pairs).
    public static func rows(selected: [ShortlistCandidate], candidates: [ShortlistCandidate], perCity: Int,
                            minimumScore: Double?, startups: [String: Startup]) -> [ExposureRow] {
        var merit: [ShortlistCandidate] = []
        for (_, pairs) in Dictionary(grouping: candidates, by: \.city) {
            let eligible = pairs.filter { $0.score > 0 && $0.score >= (minimumScore ?? 0) }
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.startup < $1.startup }
            merit += eligible.prefix(perCity)
        }
        var rows: [ExposureRow] = []
        for (attribute, key) in [("country", { (s: Startup?) in s?.country ?? "?" }), ("stage", { (s: Startup?) in s?.stage ?? "unknown" })] {
            let chosen = Dictionary(grouping: selected) { key(startups[$0.startup]) }.mapValues(\.count)
            let deserved = Dictionary(grouping: merit) { key(startups[$0.startup]) }.mapValues(\.count)
            for value in Set(chosen.keys).union(deserved.keys).sorted() {
                let s = chosen[value] ?? 0, m = deserved[value] ?? 0
                let sShare = selected.isEmpty ? 0 : Double(s) / Double(selected.count)
                let mShare = merit.isEmpty ? 0 : Double(m) / Double(merit.count)
                rows.append(ExposureRow(attribute: attribute, value: value, selected: s, selectedShare: sShare, merit: m,
                                        meritShare: mShare, ratio: m > 0 ? sShare / mShare : nil))
            }
        }
        return rows
    }
}
