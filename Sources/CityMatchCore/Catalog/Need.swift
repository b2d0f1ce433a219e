/// What a city wants solved (`needs.jsonl`).
public struct Need: CatalogRecord, Identifiable {
    public static let fileName = "needs.jsonl"

    public var id: String
    /// A city id.
    public var city: String
    public var title: String
    /// The problem in the city's own words.
    public var description: String
    public var domains: [String]?
    /// 1..5, 5 = most urgent.
    public var priority: Int?
    /// Upper bound the city can spend.
    public var budgetUSD: Double?
    /// ISO 639-1 languages a provider must support.
    public var languages: [String]?
    /// ISO 8601 date.
    public var deadline: String?
    public var unknownFields: [String: JSONValue]

    public init(id: String, city: String, title: String, description: String, domains: [String]? = nil,
                priority: Int? = nil, budgetUSD: Double? = nil, languages: [String]? = nil, deadline: String? = nil,
                unknownFields: [String: JSONValue] = [:]) {
        self.id = id; self.city = city; self.title = title; self.description = description
        self.domains = domains; self.priority = priority; self.budgetUSD = budgetUSD
        self.languages = languages; self.deadline = deadline; self.unknownFields = unknownFields
    }

    public var key: String { id }
    public static var referenceTarget: ReferenceTarget? { .need }
    public static var references: [(field: String, target: ReferenceTarget)] { [("city", .city)] }

    /// Title and description as one text, the form the encoder and BM25 see.
    public var fullText: String { title + ". " + description }

    public static func read(from r: inout FieldReader) -> Need? {
        let id = r.identifier("id")
        let city = r.identifier("city")
        let title = r.string("title", required: true, maxLength: CatalogLimits.nameLength)
        let description = r.string("description", required: true, maxLength: CatalogLimits.needDescriptionLength)
        let domains = r.stringList("domains")
        let priority = r.integer("priority", range: 1...5)
        let budget = r.number("budget_usd", range: 0...1e15)
        let languages = r.stringList("languages", rule: CatalogRules.languageProblem)
        let deadline = r.string("deadline", required: false, maxLength: 10, rule: CatalogRules.dateProblem)
        guard r.issues.isEmpty, let id, let city, let title, let description else { return nil }
        return Need(id: id, city: city, title: title, description: description, domains: domains,
                    priority: priority, budgetUSD: budget, languages: languages, deadline: deadline,
                    unknownFields: r.unknownFields)
    }

    public func knownFields() -> [(key: String, value: JSONValue)] {
        var f = FieldList()
        f.add("id", id); f.add("city", city); f.add("title", title); f.add("description", description)
        f.add("domains", domains); f.add("priority", priority); f.add("budget_usd", budgetUSD)
        f.add("languages", languages); f.add("deadline", deadline)
        return f.members
    }
}
