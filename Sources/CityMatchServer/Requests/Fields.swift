import Hummingbird
import CityMatchCore

/// Typed reads of a JSON request body's fields, each failure a 422 naming the field.
/// A field set to `null` counts as absent, as in the catalog format.
struct Fields {
    let object: [String: JSONValue]

    /// 422 for the first field not in `allowed` (request bodies are closed: a typo is an error, not ignored).
    func rejectUnknown(allowed: Set<String>) throws(Problem) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw Problem.invalid(field: unknown, "unknown field; allowed: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    private func present(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    func string(_ key: String) throws(Problem) -> String? {
        guard let value = present(key) else { return nil }
        guard case .string(let s) = value else { throw Problem.invalid(field: key, "expected a string, got \(value.typeName)") }
        return s
    }

    func bool(_ key: String) throws(Problem) -> Bool? {
        guard let value = present(key) else { return nil }
        guard case .bool(let b) = value else { throw Problem.invalid(field: key, "expected true or false, got \(value.typeName)") }
        return b
    }

    func number(_ key: String) throws(Problem) -> Double? {
        guard let value = present(key) else { return nil }
        guard let d = value.doubleValue, d.isFinite else { throw Problem.invalid(field: key, "expected a number, got \(value.typeName)") }
        return d
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(Problem) -> Int? {
        guard let value = present(key) else { return nil }
        let n: Int
        switch value {
        case .integer(let i) where i >= Int64(Int.min) && i <= Int64(Int.max): n = Int(i)
        case .number(let d) where d.rounded() == d && abs(d) < 1e15: n = Int(d)
        default: throw Problem.invalid(field: key, "expected an integer, got \(value.typeName)")
        }
        guard range.contains(n) else { throw Problem.invalid(field: key, "must be between \(range.lowerBound) and \(range.upperBound), got \(n)") }
        return n
    }

    /// A list of strings, each at most `maxLength` characters, at most `CatalogLimits.listLength` of them.
    func stringList(_ key: String, maxLength: Int = CatalogLimits.shortTextLength) throws(Problem) -> [String]? {
        guard let value = present(key) else { return nil }
        guard case .array(let items) = value else { throw Problem.invalid(field: key, "expected an array of strings, got \(value.typeName)") }
        guard items.count <= CatalogLimits.listLength else {
            throw Problem.invalid(field: key, "at most \(CatalogLimits.listLength) elements, got \(items.count)")
        }
        var result: [String] = []
        for (i, item) in items.enumerated() {
            guard case .string(let s) = item else { throw Problem.invalid(field: "\(key)[\(i)]", "expected a string, got \(item.typeName)") }
            guard s.count <= maxLength else { throw Problem.invalid(field: "\(key)[\(i)]", "at most \(maxLength) characters") }
            result.append(s)
        }
        return result
    }
}

/// Query-string parameters, with the same 422s.
struct QueryFields {
    let request: Request

    func string(_ key: String) -> String? {
        request.uri.queryParameters.get(key)
    }

    func integer(_ key: String, default value: Int, in range: ClosedRange<Int>) throws(Problem) -> Int {
        guard let text = string(key) else { return value }
        guard let n = Int(text) else { throw Problem.invalid(field: key, "expected an integer, got '\(text.prefix(40))'") }
        guard range.contains(n) else { throw Problem.invalid(field: key, "must be between \(range.lowerBound) and \(range.upperBound), got \(n)") }
        return n
    }

    func bool(_ key: String) throws(Problem) -> Bool {
        guard let text = string(key) else { return false }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no", "": return false
        default: throw Problem.invalid(field: key, "expected true or false, got '\(text.prefix(40))'")
        }
    }
}
