/// A finished shortlist run: per-city entries with breakdowns, the per-startup view, the
/// exposure table and the audit record. Rendered as JSON (a contract), CSV, Markdown or HTML.
public struct ShortlistReport: Sendable {
    public struct Entry: Sendable {
        public var candidate: ShortlistCandidate
        public var breakdown: ScoreBreakdown

        public init(candidate: ShortlistCandidate, breakdown: ScoreBreakdown) {
            self.candidate = candidate
            self.breakdown = breakdown
        }
    }

    public var audit: AuditRecord
    /// Cities in catalog order with their entries, best first (cities with no entry included).
    public var shortlists: [(city: City, entries: [Entry])]
    public var exposure: [ExposureRow]
    public var startupNames: [String: String]
    public var needTitles: [String: String]

    public init(audit: AuditRecord, shortlists: [(city: City, entries: [Entry])], exposure: [ExposureRow],
                startupNames: [String: String], needTitles: [String: String]) {
        self.audit = audit; self.shortlists = shortlists; self.exposure = exposure
        self.startupNames = startupNames; self.needTitles = needTitles
    }

    public var totalScore: Double { shortlists.reduce(0) { $0 + $1.entries.reduce(0) { $0 + $1.candidate.score } } }

    /// Each startup's cities, startups sorted by id.
    public var byStartup: [(startup: String, cities: [String])] {
        var map: [String: [String]] = [:]
        for (city, entries) in shortlists { for e in entries { map[e.candidate.startup, default: []].append(city.id) } }
        return map.keys.sorted().map { ($0, map[$0]!) }
    }

    /// "Total score 1.7445 over 3 meetings in 1 city."
    public var summary: String {
        let meetings = shortlists.reduce(0) { $0 + $1.entries.count }
        return "Total score \(RankingText.number(totalScore, 4)) over \(meetings) meeting\(meetings == 1 ? "" : "s") in \(shortlists.count) cit\(shortlists.count == 1 ? "y" : "ies")."
    }

    // MARK: JSON

    /// `{"audit": {...}, "shortlists": [...], "by_startup": [...], "exposure": [...], "total_score": x}`
    public func json() -> JSONValue {
        .object([
            "audit": audit.json,
            "shortlists": .array(shortlists.map { city, entries in
                .object(["city": .string(city.id), "entries": .array(entries.map { e in
                    .object(["startup": .string(e.candidate.startup), "need": e.candidate.need.map(JSONValue.string) ?? .null,
                             "score": .number(e.candidate.score), "breakdown": BreakdownJSON.breakdown(e.breakdown)])
                })])
            }),
            "by_startup": .array(byStartup.map { .object(["startup": .string($0.startup), "cities": .array($0.cities.map(JSONValue.string))]) }),
            "exposure": .array(exposure.map { r in
                .object(["attribute": .string(r.attribute), "value": .string(r.value), "selected": .integer(Int64(r.selected)),
                         "selected_share": .number(r.selectedShare), "merit": .integer(Int64(r.merit)),
                         "merit_share": .number(r.meritShare), "ratio": r.ratio.map(JSONValue.number) ?? .null])
            }),
            "total_score": .number(totalScore),
        ])
    }

    // MARK: CSV

    public func csv() -> String {
        var lines = ["city,rank,startup,need,score,city_to_startup_fit,startup_to_city_fit,top_reason"]
        for (city, entries) in shortlists {
            for (i, e) in entries.enumerated() {
                lines.append([city.id, String(i + 1), e.candidate.startup, e.candidate.need ?? "", RankingText.number(e.candidate.score, 6),
                              RankingText.number(e.breakdown.cityToStartupFit, 6), RankingText.number(e.breakdown.startupToCityFit, 6),
                              e.breakdown.reasons.first ?? ""].map(RankingText.csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = ["# Partner shortlists", ""]
        out.append(summary)
        out.append("")
        for (city, entries) in shortlists {
            out.append("## \(city.name) (\(city.country))")
            out.append("")
            if entries.isEmpty { out.append("No startup meets the criteria."); out.append(""); continue }
            out.append("| # | startup | for the need | score | city→startup | startup→city | why |")
            out.append("|---|---|---|---|---|---|---|")
            for (i, e) in entries.enumerated() {
                let need = e.candidate.need.map { needTitles[$0] ?? $0 } ?? ""
                out.append("| \(i + 1) | \(md(startupNames[e.candidate.startup] ?? e.candidate.startup)) | \(md(need)) | \(RankingText.number(e.candidate.score, 3)) | \(RankingText.number(e.breakdown.cityToStartupFit, 2)) | \(RankingText.number(e.breakdown.startupToCityFit, 2)) | \(md(e.breakdown.reasons.prefix(2).joined(separator: "; "))) |")
            }
            out.append("")
        }
        out += exposureMarkdown() + [""] + auditMarkdown()
        return out.joined(separator: "\n") + "\n"
    }

    func exposureMarkdown() -> [String] {
        var out = ["## Exposure: whom the limits favour", "",
                   "Share of shortlist places against share of merit (each city's top entries on score alone).", "",
                   "| attribute | value | places | share | merit | merit share | ratio |", "|---|---|---|---|---|---|---|"]
        for r in exposure {
            out.append("| \(r.attribute) | \(md(r.value)) | \(r.selected) | \(RankingText.number(r.selectedShare, 3)) | \(r.merit) | \(RankingText.number(r.meritShare, 3)) | \(r.ratio.map { RankingText.number($0, 2) } ?? "–") |")
        }
        return out
    }

    func auditMarkdown() -> [String] {
        var out = ["## Audit record", "", "| item | value |", "|---|---|"]
        out.append("| catalog SHA-256 | `\(audit.catalogHash)` |")
        out.append("| model | \(audit.modelID) |")
        out.append("| model weights SHA-256 | `\(audit.modelWeightsHash)` |")
        out.append("| ranker weights SHA-256 | `\(audit.rankerWeightsHash)` |")
        for key in audit.parameters.keys.sorted() { out.append("| parameter `\(key)` | \(audit.parameters[key]!.serialized()) |") }
        out.append("| tool version | \(audit.toolVersion) |")
        out.append("| generated | \(audit.timestamp) |")
        return out
    }

    private func md(_ s: String) -> String { s.replacing("|", with: "\\|").replacing("\n", with: " ") }

    // MARK: HTML

    /// One self-contained page (inline CSS, no external assets) that prints cleanly.
    public func html() -> String {
        var body = "<h1>Partner shortlists</h1>\n<p>\(HTML.escape(summary))</p>\n"
        for (city, entries) in shortlists {
            body += "<section><h2>\(HTML.escape(city.name)) <small>\(HTML.escape(city.country))</small></h2>\n"
            if entries.isEmpty { body += "<p>No startup meets the criteria.</p></section>\n"; continue }
            body += "<table><thead><tr><th>#</th><th>Startup</th><th>For the need</th><th>Score</th><th>City→startup</th><th>Startup→city</th><th>Why</th></tr></thead><tbody>\n"
            for (i, e) in entries.enumerated() {
                let need = e.candidate.need.map { needTitles[$0] ?? $0 } ?? ""
                body += "<tr><td>\(i + 1)</td><td>\(HTML.escape(startupNames[e.candidate.startup] ?? e.candidate.startup))</td><td>\(HTML.escape(need))</td>"
                body += "<td class=n>\(RankingText.number(e.candidate.score, 3))</td><td class=n>\(RankingText.number(e.breakdown.cityToStartupFit, 2))</td>"
                body += "<td class=n>\(RankingText.number(e.breakdown.startupToCityFit, 2))</td><td>\(HTML.escape(e.breakdown.reasons.prefix(2).joined(separator: "; ")))</td></tr>\n"
            }
            body += "</tbody></table></section>\n"
        }
        body += HTML.markdownTable(exposureMarkdown()) + HTML.markdownTable(auditMarkdown())
        return HTML.page(title: "Partner shortlists", body: body)
    }
}

