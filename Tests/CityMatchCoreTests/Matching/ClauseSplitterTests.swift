import Testing
@testable import CityMatchCore

@Suite struct ClauseSplitterTests {
    @Test func splitsSentencesAndClauses() {
        let text = "Bins overflow before collection. Trucks cannot enter; residents complain! Is it 3.5 km? Yes, e.g. in Jung-gu."
        #expect(ClauseSplitter.clauses(of: text) == [
            "Bins overflow before collection.", "Trucks cannot enter;", "residents complain!", "Is it 3.5 km?", "Yes, e.g. in Jung-gu.",
        ])
    }

    @Test func timeAbbreviationsEndASentenceBeforeACapital() {
        #expect(ClauseSplitter.clauses(of: "Demand peaks between midnight and 5 a.m. Deliverables are GTFS exports.").count == 2)
        #expect(ClauseSplitter.clauses(of: "Service runs until 5 a.m. on weekends and holidays.").count == 1)
    }

    @Test func startupStatementsListCapabilitiesThenSentences() {
        let s = Startup(id: "x", name: "X", description: "We sense bins. We route trucks to full bins.",
                        capabilities: ["Fill-level sensing", " "], country: "KR")
        #expect(ClauseSplitter.statements(of: s) == ["Fill-level sensing", "We sense bins.", "We route trucks to full bins."])
    }
}
