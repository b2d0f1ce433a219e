/// Human-readable and CSV renderings of rankings.
public enum RankingText {
    /// Facet columns of the CSV, in ``Facet`` order.
    public static let csvHeader = "need,rank,startup,score,city_to_startup_fit,startup_to_city_fit,"
        + Facet.allCases.map { "contribution_\($0.rawValue)" }.joined(separator: ",")

    /// One CSV row per result (RFC 4180 quoting where needed).
    public static func csvRows(need: String, results: [RankedStartup]) -> [String] {
        results.enumerated().map { i, r in
            ([csvField(need), String(i + 1), csvField(r.startupID), number(r.score, 6),
              number(r.breakdown.cityToStartupFit, 6), number(r.breakdown.startupToCityFit, 6)]
             + r.breakdown.contributions.map { number($0.contribution, 6) }).joined(separator: ",")
        }
    }

    public static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }

    public static func number(_ x: Double, _ digits: Int) -> String { MatchReasons.fixed(x, digits) }

    /// Text lines of an explanation: the facet table (weights × values = contributions, summed),
    /// the evidence pairs and the reasons.
    public static func explanation(_ b: ScoreBreakdown) -> [String] {
        var rows: [[String]] = [["facet", "direction", "weight", "value", "contribution"]]
        for c in b.contributions {
            rows.append([c.facet.rawValue + (c.imputed ? " *" : ""), c.facet.direction == .cityToStartup ? "city→startup" : "startup→city",
                         number(c.weight, 4), number(c.value, 4), number(c.contribution, 4)])
        }
        rows.append(["score", "", "", "", number(b.score, 4)])
        var lines = align(rows, numeric: [2, 3, 4])
        if b.contributions.contains(where: \.imputed) {
            lines.append("* missing input: neutral value (the pair's weighted mean over its known facets of the same kind)")
        }
        lines.append("")
        lines.append("city→startup fit \(number(b.cityToStartupFit, 4)), startup→city fit \(number(b.startupToCityFit, 4))")
        if !b.evidence.isEmpty {
            lines.append("")
            lines.append("Evidence (need clause ↔ startup statement, cosine):")
            for e in b.evidence {
                lines.append("  \(number(e.similarity, 2))  “\(e.needClause)”")
                lines.append("        ↔ “\(e.startupStatement)”")
            }
        }
        if !b.reasons.isEmpty {
            lines.append("")
            lines.append("Reasons:")
            lines += b.reasons.map { "  - " + $0 }
        }
        return lines
    }

    /// Left-aligned columns, numeric ones right-aligned, two spaces apart.
    public static func align(_ rows: [[String]], numeric: Set<Int>) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        let widths = (0..<width).map { c in rows.map { c < $0.count ? $0[c].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric.contains(c) ? pad + cell : (c == row.count - 1 ? cell : cell + pad)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
