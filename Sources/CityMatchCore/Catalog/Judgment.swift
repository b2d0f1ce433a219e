/// A graded relevance label (`judgments.jsonl`), for evaluation and training only.
public struct Judgment: CatalogRecord {
    public static let fileName = "judgments.jsonl"

    /// A need id.
    public var need: String
    /// A startup id.
    public var startup: String
    /// 0 unrelated, 1 tangential, 2 substantial or constraint-breaking, 3 solves the core problem.
    public var grade: Int
    public var unknownFields: [String: JSONValue]

    public init(need: String, startup: String, grade: Int, unknownFields: [String: JSONValue] = [:]) {
        self.need = need; self.startup = startup; self.grade = grade; self.unknownFields = unknownFields
    }

    public var key: String { need + "|" + startup }
    public static var keyFields: [String] { ["need", "startup"] }
    public static var references: [(field: String, target: ReferenceTarget)] { [("need", .need), ("startup", .startup)] }

    public static func read(from r: inout FieldReader) -> Judgment? {
        let need = r.identifier("need")
        let startup = r.identifier("startup")
        let grade = r.integer("grade", range: 0...3, required: true)
        guard r.issues.isEmpty, let need, let startup, let grade else { return nil }
        return Judgment(need: need, startup: startup, grade: grade, unknownFields: r.unknownFields)
    }

    public func knownFields() -> [(key: String, value: JSONValue)] {
        var f = FieldList()
        f.add("need", need); f.add("startup", startup); f.add("grade", grade)
        return f.members
    }
}
