import Testing
@testable import CityMatchCore

@Suite struct FreeTextConstraintsTests {
    @Test func readsLanguageAndBudgetFromTheBriefsExample() {
        let c = FreeTextConstraints.parse("garbage overflows in narrow alleys before collection; trucks cannot enter; Korean-speaking vendor, under $200k")
        #expect(c.languages == ["ko"])
        #expect(c.budgetUSD == 200_000)
        #expect(c.problemClauses == ["garbage overflows in narrow alleys before collection;", "trucks cannot enter;"])
    }

    @Test(arguments: [
        ("Reports must be in Spanish. Budget of 1.5 million USD.", ["es"], 1_500_000.0),
        ("We need a provider that speaks French, max $80,000.", ["fr"], 80_000),
        ("Amharic language interface required, up to US$250k", ["am"], 250_000),
        ("The Korean cuisine festival draws crowds.", [], nil),
        ("Sensors must last 5 years under 40 degrees.", [], nil),
    ] as [(String, [String], Double?)])
    func parses(text: String, languages: [String], budget: Double?) {
        let c = FreeTextConstraints.parse(text)
        #expect(c.languages == languages)
        #expect(c.budgetUSD == budget)
        #expect(!c.problemClauses.isEmpty)
    }
}
