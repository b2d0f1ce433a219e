/// Real cities (GeoNames, World Bank) that synthetic catalogs draw from.
enum SynthCityTable {
    struct Row: Sendable {
        let id: String
        let name: String
        let country: String
        let region: String?
        let population: Int
        let languages: [String]
        let incomeGroup: String?
        let lat: Double
        let lon: Double
    }
}
