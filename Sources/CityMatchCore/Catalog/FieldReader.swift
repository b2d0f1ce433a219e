/// Reads typed fields out of one catalog line's JSON object, collecting every
/// problem (rather than stopping at the first) with its file, line and field.
///
/// One mechanism serves every record type: each type lists its fields through
/// these calls, and whatever it does not read is kept as an unknown field.
public struct FieldReader {
    public let file: String
    public let line: Int
    private let object: [String: JSONValue]
    private var read: Set<String> = []
    public private(set) var issues: [CatalogIssue] = []

    public init(object: [String: JSONValue], file: String, line: Int) {
        self.object = object
        self.file = file
        self.line = line
    }

    /// Fields this record type does not know, preserved verbatim.
    public var unknownFields: [String: JSONValue] {
        object.filter { !read.contains($0.key) }
    }

    /// Records a problem with a field.
    public mutating func report(_ field: String?, _ message: String) {
        issues.append(CatalogIssue(file: file, line: line, field: field, message: message))
    }

    /// The raw value, with JSON `null` treated as absent (absent optional fields are neutral).
    private mutating func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let v = object[key], v != .null else { return nil }
        return v
    }

    // MARK: Strings

    public mutating func string(_ key: String, required: Bool, maxLength: Int) -> String? {
        guard let v = value(key) else {
            if required { report(key, "missing required field") }
            return nil
        }
        guard case .string(let s) = v else {
            report(key, "expected a string, found \(v.typeName)")
            return nil
        }
        return checkedText(s, field: key, required: required, maxLength: maxLength)
    }

    private mutating func checkedText(_ s: String, field: String, required: Bool, maxLength: Int) -> String? {
        if s.allSatisfy(\.isWhitespace) {
            report(field, required ? "must not be empty" : "must not be blank (omit the field instead)")
            return nil
        }
        let length = s.count
        if length > maxLength {
            report(field, "text is \(length) characters, over the limit of \(maxLength)")
            return nil
        }
        return s
    }

    /// A string that must satisfy `rule`, which returns an error message or `nil`.
    public mutating func string(_ key: String, required: Bool, maxLength: Int, rule: (String) -> String?) -> String? {
        guard let s = string(key, required: required, maxLength: maxLength) else { return nil }
        if let problem = rule(s) {
            report(key, problem)
            return nil
        }
        return s
    }

    public mutating func identifier(_ key: String, required: Bool = true) -> String? {
        string(key, required: required, maxLength: .max, rule: CatalogRules.identifierProblem)
    }

    // MARK: Numbers

    public mutating func integer(_ key: String, range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let v = value(key) else {
            if required { report(key, "missing required field") }
            return nil
        }
        let number: Int?
        switch v {
        case .integer(let i): number = Int(exactly: i)
        case .number(let d): number = d == d.rounded() ? Int(exactly: d) : nil
        default:
            report(key, "expected an integer, found \(v.typeName)")
            return nil
        }
        guard let n = number else {
            report(key, "expected an integer, found \(v.serialized())")
            return nil
        }
        guard range.contains(n) else {
            report(key, "\(n) is outside \(range.lowerBound)..\(range.upperBound)")
            return nil
        }
        return n
    }

    public mutating func number(_ key: String, range: ClosedRange<Double>, what: String = "") -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else {
            report(key, "expected a number, found \(v.typeName)")
            return nil
        }
        guard range.contains(d) else {
            if d < range.lowerBound && range.lowerBound == 0 {
                report(key, "must not be negative (\(v.serialized()))")
            } else {
                report(key, "\(v.serialized()) is outside \(JSONValue.format(range.lowerBound))..\(JSONValue.format(range.upperBound))")
            }
            return nil
        }
        return d
    }

    // MARK: Lists

    /// A list of strings; each element is checked by `rule` (an error message or `nil`).
    public mutating func stringList(_ key: String, maxItemLength: Int = CatalogLimits.shortTextLength,
                                    rule: ((String) -> String?)? = nil) -> [String]? {
        guard let v = value(key) else { return nil }
        guard case .array(let items) = v else {
            report(key, "expected an array of strings, found \(v.typeName)")
            return nil
        }
        if items.count > CatalogLimits.listLength {
            report(key, "\(items.count) elements, over the limit of \(CatalogLimits.listLength)")
            return nil
        }
        var result: [String] = []
        var ok = true
        for (i, item) in items.enumerated() {
            let field = "\(key)[\(i)]"
            guard case .string(let s) = item else {
                report(field, "expected a string, found \(item.typeName)")
                ok = false
                continue
            }
            guard let text = checkedText(s, field: field, required: true, maxLength: maxItemLength) else {
                ok = false
                continue
            }
            if let rule, let problem = rule(text) {
                report(field, problem)
                ok = false
                continue
            }
            result.append(text)
        }
        return ok ? result : nil
    }
}
