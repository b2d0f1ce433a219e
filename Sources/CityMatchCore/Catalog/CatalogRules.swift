/// The value rules of the catalog format, in one place (import and the server both use them).
/// Each returns `nil` when the value is fine, else a message for the user.
public enum CatalogRules {
    public static func identifierProblem(_ id: String) -> String? {
        Identifier.isValid(id) ? nil : "'\(id)' is not a valid id (lower-case letters, digits, '.', '_', '-'; at most 64; starting with a letter or digit)"
    }

    public static func countryProblem(_ code: String) -> String? {
        if ISOCodes.countries[code] != nil { return nil }
        if ISOCodes.countries[code.uppercased()] != nil { return "'\(code)' must be upper case: '\(code.uppercased())'" }
        return "'\(code)' is not an ISO 3166-1 alpha-2 country code"
    }

    public static func languageProblem(_ code: String) -> String? {
        if ISOCodes.languages[code] != nil { return nil }
        if ISOCodes.languages[code.lowercased()] != nil { return "'\(code)' must be lower case: '\(code.lowercased())'" }
        return "'\(code)' is not an ISO 639-1 language code"
    }

    public static func choiceProblem(_ value: String, allowed: [String]) -> String? {
        allowed.contains(value) ? nil : "'\(value)' is not one of \(allowed.joined(separator: ", "))"
    }

    /// An ISO 8601 calendar date, `YYYY-MM-DD`, that exists.
    public static func dateProblem(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return "'\(text)' is not an ISO 8601 date (YYYY-MM-DD)"
        }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(m), (1...days[m - 1]).contains(d) else {
            return "'\(text)' is not a calendar date"
        }
        return nil
    }
}
