/// A record type of the catalog format: one per `.jsonl` file.
public protocol CatalogRecord: Sendable, Equatable {
    /// The file that holds this record type, e.g. `needs.jsonl`.
    static var fileName: String { get }
    /// The record's identity within its file (an id; `need|startup` for judgments).
    var key: String { get }
    /// Fields that the format does not define, kept verbatim and written back on export.
    var unknownFields: [String: JSONValue] { get set }
    /// Reads one record, reporting every problem to `reader`; `nil` when any field is invalid.
    static func read(from reader: inout FieldReader) -> Self?
    /// The known fields in the format's order, absent optionals omitted.
    func knownFields() -> [(key: String, value: JSONValue)]
    /// The fields that form the key (`id`; `need`, `startup` for judgments).
    static var keyFields: [String] { get }
    /// What references to this record type point at (`nil`: nothing refers to it).
    static var referenceTarget: ReferenceTarget? { get }
    /// Fields that refer to records of other files.
    static var references: [(field: String, target: ReferenceTarget)] { get }
}

/// What a reference field points at.
public enum ReferenceTarget: String, Sendable {
    case city, need, startup
}

extension CatalogRecord {
    public static var keyFields: [String] { ["id"] }
    public static var referenceTarget: ReferenceTarget? { nil }
    public static var references: [(field: String, target: ReferenceTarget)] { [] }

    /// The key read straight from a line's JSON, even when other fields are invalid,
    /// so duplicates are caught on every line.
    static func rawKey(_ object: [String: JSONValue]) -> String? {
        var parts: [String] = []
        for field in keyFields {
            guard case .string(let s)? = object[field] else { return nil }
            parts.append(s)
        }
        return parts.joined(separator: "|")
    }
}

extension CatalogRecord {
    /// The whole record as one compact JSON line: known fields in the format's
    /// order, then unknown fields sorted by name.
    ///
    /// - Complexity: O(size of the record).
    public func jsonLine() -> String {
        var members = knownFields()
        members += unknownFields.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        var out = ""
        JSONValue.writeObject(members, to: &out)
        return out
    }

    /// The record as a JSON object value.
    public func jsonObject() -> JSONValue {
        var members = unknownFields
        for (k, v) in knownFields() { members[k] = v }
        return .object(members)
    }
}

/// Builds the ordered list of present fields for `knownFields()`.
struct FieldList {
    private(set) var members: [(key: String, value: JSONValue)] = []
    mutating func add(_ key: String, _ value: String?) { if let value { members.append((key, .string(value))) } }
    mutating func add(_ key: String, _ value: Int?) { if let value { members.append((key, .integer(Int64(value)))) } }
    mutating func add(_ key: String, _ value: Double?) {
        guard let value else { return }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            members.append((key, .integer(Int64(value))))
        } else {
            members.append((key, .number(value)))
        }
    }
    mutating func add(_ key: String, _ value: [String]?) {
        if let value { members.append((key, .array(value.map(JSONValue.string)))) }
    }
}
