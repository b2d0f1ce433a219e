/// A member city (`cities.jsonl`).
public struct City: CatalogRecord, Identifiable {
    public static let fileName = "cities.jsonl"
    public static let incomeGroups = ["low", "lower-middle", "upper-middle", "high"]

    public var id: String
    public var name: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var region: String?
    public var population: Int?
    /// ISO 639-1 working languages of the administration.
    public var languages: [String]?
    /// `low`, `lower-middle`, `upper-middle` or `high`.
    public var incomeGroup: String?
    public var lat: Double?
    public var lon: Double?
    public var unknownFields: [String: JSONValue]

    public init(id: String, name: String, country: String, region: String? = nil, population: Int? = nil,
                languages: [String]? = nil, incomeGroup: String? = nil, lat: Double? = nil, lon: Double? = nil,
                unknownFields: [String: JSONValue] = [:]) {
        self.id = id; self.name = name; self.country = country; self.region = region
        self.population = population; self.languages = languages; self.incomeGroup = incomeGroup
        self.lat = lat; self.lon = lon; self.unknownFields = unknownFields
    }

    public var key: String { id }
    public static var referenceTarget: ReferenceTarget? { .city }

    public static func read(from r: inout FieldReader) -> City? {
        let id = r.identifier("id")
        let name = r.string("name", required: true, maxLength: CatalogLimits.nameLength)
        let country = r.string("country", required: true, maxLength: 2, rule: CatalogRules.countryProblem)
        let region = r.string("region", required: false, maxLength: CatalogLimits.shortTextLength)
        let population = r.integer("population", range: 0...Int(Int32.max) * 8)
        let languages = r.stringList("languages", rule: CatalogRules.languageProblem)
        let income = r.string("income_group", required: false, maxLength: 20) {
            CatalogRules.choiceProblem($0, allowed: incomeGroups)
        }
        let lat = r.number("lat", range: -90...90)
        let lon = r.number("lon", range: -180...180)
        guard r.issues.isEmpty, let id, let name, let country else { return nil }
        return City(id: id, name: name, country: country, region: region, population: population,
                    languages: languages, incomeGroup: income, lat: lat, lon: lon, unknownFields: r.unknownFields)
    }

    public func knownFields() -> [(key: String, value: JSONValue)] {
        var f = FieldList()
        f.add("id", id); f.add("name", name); f.add("country", country); f.add("region", region)
        f.add("population", population); f.add("languages", languages); f.add("income_group", incomeGroup)
        f.add("lat", lat); f.add("lon", lon)
        return f.members
    }
}
