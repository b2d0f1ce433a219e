/// Minimal, safe HTML building for the self-contained reports.
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }

    public static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;max-width:60rem;color:#1d2733;line-height:1.45;padding:0 1rem}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #d5dbe3;padding-bottom:.2rem}
        small{color:#5b6b7c;font-weight:normal}table{border-collapse:collapse;width:100%;margin:.6rem 0;font-size:.92rem}
        th,td{border-bottom:1px solid #e3e8ee;padding:.35rem .5rem;text-align:left;vertical-align:top}th{background:#f3f6f9}
        td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}code{font-size:.85em;word-break:break-all}
        .bar{fill:#2f6fb3}.bar.imputed{fill:#a9bdd3}.axis{stroke:#c4ccd6}svg text{font-size:11px;fill:#1d2733}
        .muted{color:#5b6b7c}.blocker{color:#9b2c2c}.card{border:1px solid #e3e8ee;border-radius:6px;padding:.8rem 1rem;margin:1rem 0;break-inside:avoid}
        @media print{body{margin:0;max-width:none}section,.card{break-inside:avoid}a{color:inherit;text-decoration:none}}
        """

    public static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title><style>\(style)</style></head>
        <body>
        \(body)</body></html>

        """
    }

    /// Renders the simple Markdown sections the reports produce (a heading, text lines, pipe tables) as HTML.
    public static func markdownTable(_ lines: [String]) -> String {
        var html = ""
        var inTable = false
        for line in lines {
            if line.hasPrefix("## ") { html += "<h2>\(escape(String(line.dropFirst(3))))</h2>\n"; continue }
            if line.hasPrefix("|") {
                let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                    .map { String($0).trimmingWhitespace().replacing("\\|", with: "|").replacing("`", with: "") }
                if cells.allSatisfy({ $0.allSatisfy { $0 == "-" } }) { continue }
                if !inTable { html += "<table><thead><tr>" + cells.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"; inTable = true; continue }
                html += "<tr>" + cells.map { "<td>\(escape($0))</td>" }.joined() + "</tr>\n"
                continue
            }
            if inTable { html += "</tbody></table>\n"; inTable = false }
            if !line.isEmpty { html += "<p>\(escape(line))</p>\n" }
        }
        if inTable { html += "</tbody></table>\n" }
        return html
    }
}
