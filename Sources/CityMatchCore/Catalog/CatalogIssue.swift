/// One thing wrong with a catalog, located precisely enough to fix it.
///
/// Rendered as `needs.jsonl:17: field 'city': unknown city 'seul'`.
public struct CatalogIssue: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name (not the path), e.g. `needs.jsonl`.
    public var file: String
    /// 1-based line number, or `nil` for a problem with the file as a whole.
    public var line: Int?
    /// The field (`languages[2]` for an array element), or `nil` for the line as a whole.
    public var field: String?
    public var message: String

    public init(file: String, line: Int?, field: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "field '\(field)': " }
        return text + message
    }
}

/// A refused catalog: every issue found (up to the cap), in file and line order.
public struct CatalogValidationError: Error, Sendable, CustomStringConvertible {
    public var issues: [CatalogIssue]
    /// True when more issues existed than the cap allowed to collect.
    public var truncated: Bool

    public init(issues: [CatalogIssue], truncated: Bool) {
        self.issues = issues
        self.truncated = truncated
    }

    public var description: String {
        var lines = issues.map(\.description)
        if truncated { lines.append("(stopped after \(issues.count) errors)") }
        return lines.joined(separator: "\n")
    }
}
