/// Renderings of a ``FitReport``: JSON for portals, Markdown for e-mail, one self-contained
/// HTML page (inline CSS and SVG, no external assets) that prints cleanly.
extension FitReport {
    // MARK: JSON

    public func json() -> JSONValue {
        .object([
            "startup": .string(startup.id),
            "best_needs": .array(bestNeeds.map { fit in
                .object(["need": .string(fit.need.id), "city": .string(fit.need.city), "title": .string(fit.need.title),
                         "score": .number(fit.score), "rank": .integer(Int64(fit.rank)), "of": .integer(Int64(fit.of)),
                         "fit": BreakdownJSON.fit(fit.breakdown), "breakdown": BreakdownJSON.breakdown(fit.breakdown),
                         "blockers": .array(fit.blockers.map { .object(["kind": .string($0.kind.rawValue), "message": .string($0.message)]) }),
                         "unaddressed_clauses": .array(fit.unaddressedClauses.map(JSONValue.string))])
            }),
            "counterfactuals": .array(counterfactuals.map { c in
                .object(["kind": .string(c.kind.rawValue), "change": .string(c.change), "summary": .string(c.summary),
                         "opens_needs": .array(c.opensNeeds.map(JSONValue.string)),
                         "effects": .array(c.effects.map { e in
                             .object(["need": .string(e.needID), "before": .number(e.before), "after": .number(e.after),
                                      "rank_before": .integer(Int64(e.rankBefore)), "rank_after": .integer(Int64(e.rankAfter))])
                         })])
            }),
            "addressed_threshold": .number(addressedThreshold),
        ])
    }

    // MARK: Markdown

    public func markdown() -> String {
        var out = ["# Fit report: \(startup.name)", ""]
        out.append("\(startup.name) (`\(startup.id)`, \(ISOCodes.countries[startup.country] ?? startup.country)) — its best \(bestNeeds.count) needs across all cities, both directions of fit, what stands in the way, and what would raise its fit.")
        out.append("")
        if !counterfactuals.isEmpty {
            out.append("## What would raise your fit")
            out.append("")
            for c in counterfactuals { out.append("- " + c.summary) }
            out.append("")
        }
        out.append("## Your best needs")
        out.append("")
        out.append("| # | city | need | score | rank | city→startup | startup→city | blockers |")
        out.append("|---|---|---|---|---|---|---|---|")
        for (i, fit) in bestNeeds.enumerated() {
            out.append("| \(i + 1) | \(md(fit.city?.name ?? fit.need.city)) | \(md(fit.need.title)) | \(RankingText.number(fit.score, 3)) | \(fit.rank) of \(fit.of) | \(RankingText.number(fit.breakdown.cityToStartupFit, 2)) | \(RankingText.number(fit.breakdown.startupToCityFit, 2)) | \(md(fit.blockers.map(\.message).joined(separator: "; "))) |")
        }
        for fit in bestNeeds {
            out.append("")
            out.append("### \(fit.city?.name ?? fit.need.city): \(fit.need.title)")
            out.append("")
            out.append("Score \(RankingText.number(fit.score, 4)), rank \(fit.rank) of \(fit.of). Contributions (weight × value):")
            out.append("")
            out.append("| facet | weight | value | contribution |")
            out.append("|---|---|---|---|")
            for c in fit.breakdown.contributions {
                out.append("| \(c.facet.rawValue)\(c.imputed ? " (imputed)" : "") | \(RankingText.number(c.weight, 3)) | \(RankingText.number(c.value, 3)) | \(RankingText.number(c.contribution, 4)) |")
            }
            if !fit.breakdown.evidence.isEmpty {
                out.append("")
                out.append("Evidence:")
                for e in fit.breakdown.evidence { out.append("- “\(e.needClause)” ↔ “\(e.startupStatement)” (\(RankingText.number(e.similarity, 2)))") }
            }
            if !fit.blockers.isEmpty { out.append(""); out.append("Blockers: " + fit.blockers.map(\.message).joined(separator: "; ") + ".") }
            if !fit.unaddressedClauses.isEmpty {
                out.append("")
                out.append("Not addressed by any of your statements:")
                for clause in fit.unaddressedClauses { out.append("- “\(clause)”") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func md(_ s: String) -> String { s.replacing("|", with: "\\|").replacing("\n", with: " ") }

    // MARK: HTML

    public func html() -> String {
        var body = "<h1>Fit report: \(HTML.escape(startup.name))</h1>\n"
        body += "<p class=muted>\(HTML.escape(startup.id)) · \(HTML.escape(ISOCodes.countries[startup.country] ?? startup.country)) · its best \(bestNeeds.count) needs across all cities</p>\n"
        if !counterfactuals.isEmpty {
            body += "<h2>What would raise your fit</h2>\n<ul>\n" + counterfactuals.map { "<li>\(HTML.escape($0.summary))</li>\n" }.joined() + "</ul>\n"
        }
        body += "<h2>Your best needs</h2>\n<table><thead><tr><th>#</th><th>City</th><th>Need</th><th>Score</th><th>Rank</th><th>City→startup</th><th>Startup→city</th></tr></thead><tbody>\n"
        for (i, fit) in bestNeeds.enumerated() {
            body += "<tr><td>\(i + 1)</td><td>\(HTML.escape(fit.city?.name ?? fit.need.city))</td><td>\(HTML.escape(fit.need.title))</td>"
            body += "<td class=n>\(RankingText.number(fit.score, 3))</td><td class=n>\(fit.rank) of \(fit.of)</td>"
            body += "<td class=n>\(RankingText.number(fit.breakdown.cityToStartupFit, 2))</td><td class=n>\(RankingText.number(fit.breakdown.startupToCityFit, 2))</td></tr>\n"
        }
        body += "</tbody></table>\n"
        for fit in bestNeeds {
            body += "<div class=card><h2>\(HTML.escape(fit.city?.name ?? fit.need.city)): \(HTML.escape(fit.need.title))</h2>\n"
            body += "<p>Score <b>\(RankingText.number(fit.score, 4))</b>, rank \(fit.rank) of \(fit.of).</p>\n"
            body += Self.barChart(fit.breakdown)
            if !fit.breakdown.evidence.isEmpty {
                body += "<p><b>Evidence</b></p><ul>\n" + fit.breakdown.evidence.map {
                    "<li>“\(HTML.escape($0.needClause))” ↔ “\(HTML.escape($0.startupStatement))” (\(RankingText.number($0.similarity, 2)))</li>\n"
                }.joined() + "</ul>\n"
            }
            if !fit.blockers.isEmpty {
                body += "<p class=blocker><b>Blockers:</b> \(HTML.escape(fit.blockers.map(\.message).joined(separator: "; ")))</p>\n"
            }
            if !fit.unaddressedClauses.isEmpty {
                body += "<p><b>Not addressed by any of your statements</b></p><ul>\n" + fit.unaddressedClauses.map { "<li>“\(HTML.escape($0))”</li>\n" }.joined() + "</ul>\n"
            }
            body += "</div>\n"
        }
        return HTML.page(title: "Fit report: \(startup.name)", body: body)
    }

    /// Horizontal bars of each facet's contribution, on a common scale (the largest weight), with
    /// imputed facets in a lighter shade; the bars add up to the score.
    static func barChart(_ b: ScoreBreakdown) -> String {
        let rowHeight = 18, labelWidth = 130, barWidth = 320, valueWidth = 60
        let scale = max(b.contributions.map(\.weight).max() ?? 1, 1e-9)
        let height = rowHeight * b.contributions.count + 8
        var svg = "<svg role=img aria-label=\"score breakdown\" width=\"\(labelWidth + barWidth + valueWidth)\" height=\"\(height)\" viewBox=\"0 0 \(labelWidth + barWidth + valueWidth) \(height)\">\n"
        svg += "<line class=axis x1=\"\(labelWidth)\" y1=\"0\" x2=\"\(labelWidth)\" y2=\"\(height)\"/>\n"
        for (i, c) in b.contributions.enumerated() {
            let y = i * rowHeight + 4
            let width = Int((c.contribution / scale * Double(barWidth)).rounded())
            svg += "<text x=\"0\" y=\"\(y + 12)\">\(HTML.escape(c.facet.rawValue))</text>"
            svg += "<rect class=\"bar\(c.imputed ? " imputed" : "")\" x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(width)\" height=\"\(rowHeight - 5)\"><title>\(c.facet.rawValue): \(RankingText.number(c.weight, 3)) × \(RankingText.number(c.value, 3)) = \(RankingText.number(c.contribution, 4))\(c.imputed ? " (imputed)" : "")</title></rect>"
            svg += "<text x=\"\(labelWidth + width + 4)\" y=\"\(y + 12)\">\(RankingText.number(c.contribution, 3))</text>\n"
        }
        return svg + "</svg>\n"
    }
}
