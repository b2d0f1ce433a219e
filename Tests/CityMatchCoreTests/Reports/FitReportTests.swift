import Testing
@testable import CityMatchCore

@Suite struct FitReportTests {
    private func report() throws -> (FitReport, MatchEngine) {
        let engine = try EngineFixture.engine(weights: .uniform)
        return (try #require(FitReportBuilder.build(engine, startupID: "alleycart", k: 3)), engine)
    }

    @Test func bestNeedsCarryRanksBlockersAndBothFits() throws {
        let (r, engine) = try report()
        #expect(r.bestNeeds.count == 3)
        for (a, b) in zip(r.bestNeeds, r.bestNeeds.dropFirst()) { #expect(a.score >= b.score) }
        let waste = try #require(r.bestNeeds.first { $0.need.id == "seoul-waste" })
        #expect(waste.blockers.map(\.kind) == [.language, .budget, .market])
        #expect(waste.blockers[1].message == "minimum contract $400k exceeds the $200k budget")
        let ranked = engine.rank(engine.query(forNeed: "seoul-waste")!, k: 10)
        #expect(ranked[waste.rank - 1].startupID == "alleycart")
        #expect(abs(ranked[waste.rank - 1].score - waste.score) < 1e-12)
        #expect(abs(waste.breakdown.contributions.reduce(0) { $0 + $1.contribution } - waste.score) < 1e-6)
    }

    /// Every "would be" figure equals a fresh ranking of a catalog holding the modified profile.
    @Test func counterfactualsAgreeWithAFreshRanking() throws {
        let (r, _) = try report()
        #expect(Set(r.counterfactuals.map(\.kind)) == [.addLanguage, .lowerMinimumContract, .addMarket])
        for c in r.counterfactuals {
            var catalog = EngineFixture.catalog
            catalog.startups[catalog.startups.firstIndex { $0.id == c.modified.id }!] = c.modified
            let fresh = try EngineFixture.engine(weights: .uniform, catalog: catalog)
            for e in c.effects {
                let ranked = fresh.rank(fresh.query(forNeed: e.needID)!, k: 10)
                let i = try #require(ranked.firstIndex { $0.startupID == "alleycart" })
                #expect(abs(ranked[i].score - e.after) < 1e-12, "\(c.change) \(e.needID)")
                #expect(i + 1 == e.rankAfter)
                #expect(e.after > e.before)
            }
        }
        let contract = try #require(r.counterfactuals.first { $0.kind == .lowerMinimumContract })
        #expect(contract.modified.minContractUSD == 200_000)
        #expect(contract.opensNeeds == ["seoul-waste"])
        #expect(contract.summary.hasPrefix("lowering your minimum contract to $200k opens 1 need"))
        let language = try #require(r.counterfactuals.first { $0.kind == .addLanguage })
        #expect(language.change == "languages + ko")
        #expect(language.summary.hasPrefix("adding Korean would raise your fit with Seoul’s need “Garbage overflows in alleys” from "))
    }

    @Test func renderingsAreCompleteAndSelfContained() throws {
        let (r, _) = try report()
        let html = r.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<svg") && html.contains("<style>"))
        #expect(!html.contains("src=") && !html.contains("http://") && !html.contains("https://") && !html.contains("<script"))
        #expect(html.contains("What would raise your fit"))
        let md = r.markdown()
        #expect(md.contains("## What would raise your fit") && md.contains("| facet | weight | value | contribution |"))
        guard case .object(let json) = r.json(), case .array(let best)? = json["best_needs"], case .array? = json["counterfactuals"] else {
            Issue.record("bad JSON"); return
        }
        #expect(best.count == 3)
    }

    @Test func unknownStartupGivesNoReport() throws {
        #expect(FitReportBuilder.build(try EngineFixture.engine(), startupID: "nobody") == nil)
    }
}
