/// A JSON value, kept exactly enough to write back what was read.
///
/// Integers without a fraction or exponent stay integers (`.integer`), so
/// `400000` is written back as `400000`, not `400000.0`. Object keys are
/// unordered; writers sort them so output is deterministic.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// The numeric value of `.integer` or `.number`, else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): Double(i)
        case .number(let d): d
        default: nil
        }
    }

    /// A short name of the value's JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// Numeric equality across `.integer` and `.number` (1 == 1.0), as JSON means it.
    ///
    /// - Complexity: O(size of the values).
    public func isSameValue(as other: JSONValue) -> Bool {
        switch (self, other) {
        case (.integer, .number), (.number, .integer):
            return doubleValue == other.doubleValue
        case let (.array(a), .array(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.isSameValue(as: $1) }
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { key, value in
                b[key].map { value.isSameValue(as: $0) } ?? false
            }
        default:
            return self == other
        }
    }
}

extension JSONValue {
    /// Serialises compactly, with object keys sorted, on one line.
    ///
    /// - Complexity: O(size of the value), plus O(k log k) per object of k keys.
    public func serialized() -> String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Appends the compact serialisation to `out`.
    public func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .integer(let i): out += String(i)
        case .number(let d): out += JSONValue.format(d)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                item.write(to: &out)
            }
            out += "]"
        case .object(let members):
            JSONValue.writeObject(members.sorted { $0.key < $1.key }, to: &out)
        }
    }

    /// Writes members in the order given (callers choose the order).
    public static func writeObject(_ members: [(key: String, value: JSONValue)], to out: inout String) {
        out += "{"
        for (i, member) in members.enumerated() {
            if i > 0 { out += "," }
            writeString(member.key, to: &out)
            out += ":"
            member.value.write(to: &out)
        }
        out += "}"
    }

    /// Formats a finite double the shortest way that reads back exactly;
    /// integral values within 2^53 are written without a fraction.
    public static func format(_ d: Double) -> String {
        precondition(d.isFinite, "JSON cannot represent \(d)")
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 {
            return String(Int64(d))
        }
        return "\(d)"
    }

    /// Writes a JSON string literal, escaping what JSON requires.
    public static func writeString(_ s: String, to out: inout String) {
        out += "\""
        // Most strings need no escape: append them whole rather than scalar by scalar.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
