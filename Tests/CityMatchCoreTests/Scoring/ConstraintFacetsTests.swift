import Testing
@testable import CityMatchCore

@Suite struct ConstraintFacetsTests {
    @Test func language() {
        #expect(ConstraintFacets.language(required: ["ko"], offered: ["ko", "en"]) == 1)
        #expect(ConstraintFacets.language(required: ["ca", "es"], offered: ["es"]) == 0.5)
        #expect(ConstraintFacets.language(required: ["ko"], offered: ["en"]) == 0)
        #expect(ConstraintFacets.language(required: nil, offered: ["en"]) == nil)
        #expect(ConstraintFacets.language(required: ["ko"], offered: nil) == nil)
    }

    @Test func budgetAndDealSize() {
        #expect(ConstraintFacets.budget(budgetUSD: 250_000, minimumContractUSD: 80_000) == 1)
        #expect(abs(ConstraintFacets.budget(budgetUSD: 250_000, minimumContractUSD: 300_000)! - (250.0 / 300) * (250.0 / 300)) < 1e-12)
        #expect(ConstraintFacets.budget(budgetUSD: nil, minimumContractUSD: 1) == nil)
        #expect(ConstraintFacets.dealSize(budgetUSD: 100, minimumContractUSD: 200) == 0.5)
    }

    @Test func marketsResolveRegions() {
        #expect(MarketRegions.coverage(of: "KR", region: "East Asia", by: ["KR", "JP"]) == 1)
        #expect(MarketRegions.coverage(of: "KR", region: "East Asia", by: ["APAC"]) == 0.75)
        #expect(MarketRegions.coverage(of: "CO", region: nil, by: ["LATAM"]) == 0.75)
        #expect(MarketRegions.coverage(of: "CO", region: nil, by: ["Global"]) == 1)
        #expect(MarketRegions.coverage(of: "KE", region: nil, by: ["East Africa"]) == 0.75)
        #expect(MarketRegions.coverage(of: "KE", region: nil, by: ["EU", "US"]) == 0)
        #expect(MarketRegions.coverage(of: "JO", region: "Middle East", by: ["Middle East"]) == 0.75)
    }

    @Test func domainWordsOverlap() {
        #expect(ConstraintFacets.domains(["mobility", "transit"], ["mobility", "transit-planning", "big-data"]) == 1)
        #expect(ConstraintFacets.domains(["air-quality"], ["waste"]) == 0)
        #expect(ConstraintFacets.domains(["waste"], nil) == nil)
    }

    @Test func trackRecord() {
        let seoul = City(id: "seoul", name: "Seoul", country: "KR")
        let resolver = ReferenceResolver(cities: [seoul, City(id: "busan", name: "Busan", country: "KR")])
        #expect(ConstraintFacets.trackRecord(city: seoul, references: ["seoul"], resolver: resolver) == 1)
        #expect(ConstraintFacets.trackRecord(city: seoul, references: ["Busan"], resolver: resolver) == 0.75)
        #expect(ConstraintFacets.trackRecord(city: seoul, references: ["Tokyo"], resolver: resolver) == 0.5)
        #expect(ConstraintFacets.trackRecord(city: seoul, references: ["Nowhere Town"], resolver: resolver) == 0.25)
        #expect(ConstraintFacets.trackRecord(city: seoul, references: [], resolver: resolver) == 0)
        #expect(ConstraintFacets.trackRecord(city: seoul, references: nil, resolver: resolver) == nil)
    }
}
