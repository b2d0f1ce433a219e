/// A solution provider (`startups.jsonl`).
public struct Startup: CatalogRecord, Identifiable {
    public static let fileName = "startups.jsonl"
    public static let stages = ["idea", "seed", "early", "growth", "mature"]

    public var id: String
    public var name: String
    public var description: String
    /// Short capability statements, one idea each.
    public var capabilities: [String]?
    public var domains: [String]?
    /// ISO 3166-1 alpha-2 of headquarters.
    public var country: String
    /// `idea`, `seed`, `early`, `growth` or `mature`.
    public var stage: String?
    /// ISO 639-1 languages it can deliver in.
    public var languages: [String]?
    /// Countries (alpha-2) or regions it wants to work in.
    public var markets: [String]?
    /// Cities (ids or names) where it has deployed.
    public var references: [String]?
    public var minContractUSD: Double?
    public var teamSize: Int?
    public var founded: Int?
    public var unknownFields: [String: JSONValue]

    public init(id: String, name: String, description: String, capabilities: [String]? = nil,
                domains: [String]? = nil, country: String, stage: String? = nil, languages: [String]? = nil,
                markets: [String]? = nil, references: [String]? = nil, minContractUSD: Double? = nil,
                teamSize: Int? = nil, founded: Int? = nil, unknownFields: [String: JSONValue] = [:]) {
        self.id = id; self.name = name; self.description = description; self.capabilities = capabilities
        self.domains = domains; self.country = country; self.stage = stage; self.languages = languages
        self.markets = markets; self.references = references; self.minContractUSD = minContractUSD
        self.teamSize = teamSize; self.founded = founded; self.unknownFields = unknownFields
    }

    public var key: String { id }
    public static var referenceTarget: ReferenceTarget? { .startup }

    /// Name, description and capabilities as one text, the form the encoder and BM25 see.
    public var fullText: String {
        var text = name + ". " + description
        if let capabilities, !capabilities.isEmpty { text += " " + capabilities.joined(separator: ". ") + "." }
        return text
    }

    public static func read(from r: inout FieldReader) -> Startup? {
        let id = r.identifier("id")
        let name = r.string("name", required: true, maxLength: CatalogLimits.nameLength)
        let description = r.string("description", required: true, maxLength: CatalogLimits.startupDescriptionLength)
        let capabilities = r.stringList("capabilities")
        let domains = r.stringList("domains")
        let country = r.string("country", required: true, maxLength: 2, rule: CatalogRules.countryProblem)
        let stage = r.string("stage", required: false, maxLength: 20) { CatalogRules.choiceProblem($0, allowed: stages) }
        let languages = r.stringList("languages", rule: CatalogRules.languageProblem)
        let markets = r.stringList("markets")
        let references = r.stringList("references")
        let minContract = r.number("min_contract_usd", range: 0...1e15)
        let teamSize = r.integer("team_size", range: 0...10_000_000)
        let founded = r.integer("founded", range: 1800...2200)
        guard r.issues.isEmpty, let id, let name, let description, let country else { return nil }
        return Startup(id: id, name: name, description: description, capabilities: capabilities, domains: domains,
                       country: country, stage: stage, languages: languages, markets: markets,
                       references: references, minContractUSD: minContract, teamSize: teamSize, founded: founded,
                       unknownFields: r.unknownFields)
    }

    public func knownFields() -> [(key: String, value: JSONValue)] {
        var f = FieldList()
        f.add("id", id); f.add("name", name); f.add("description", description)
        f.add("capabilities", capabilities); f.add("domains", domains); f.add("country", country)
        f.add("stage", stage); f.add("languages", languages); f.add("markets", markets)
        f.add("references", references); f.add("min_contract_usd", minContractUSD)
        f.add("team_size", teamSize); f.add("founded", founded)
        return f.members
    }
}
