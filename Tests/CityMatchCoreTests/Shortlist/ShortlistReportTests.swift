import Testing
@testable import CityMatchCore

/// The secretariat's run end to end on the fixture catalog: candidate pairs, exact plan,
/// exposure, audit and the JSON contract.
@Suite struct ShortlistReportTests {
    private func run(perCity: Int = 2, maxPerStartup: Int = 1) throws -> (ShortlistReport, [ScoredPair], ShortlistPlan) {
        let engine = try EngineFixture.engine(weights: .uniform)
        let pairs = ShortlistCandidates.pairs(engine, options: RankOptions(), perNeed: 10)
        let plan = ShortlistPlanner.plan(pairs.map(\.candidate), limits: ShortlistLimits(perCity: perCity, maxPerStartup: maxPerStartup))
        let breakdowns = Dictionary(pairs.map { ("\($0.candidate.city)|\($0.candidate.startup)", $0.breakdown(in: engine)) }, uniquingKeysWith: { a, _ in a })
        let lists = EngineFixture.catalog.cities.map { city in
            (city: city, entries: plan.entries(forCity: city.id).map { ShortlistReport.Entry(candidate: $0, breakdown: breakdowns["\($0.city)|\($0.startup)"]!) })
        }
        let audit = AuditRecord(catalogHash: AuditRecord.catalogHash(EngineFixture.catalog), modelID: "test", modelWeightsHash: "",
                                rankerWeightsHash: AuditRecord.weightsHash(.uniform), parameters: ["per_city": .integer(Int64(perCity))],
                                toolVersion: "test", timestamp: "2026-01-01T00:00:00Z")
        let exposure = ExposureTable.rows(selected: plan.selected, candidates: pairs.map(\.candidate), perCity: perCity,
                                          minimumScore: nil, startups: EngineFixture.catalog.startupsByID())
        return (ShortlistReport(audit: audit, shortlists: lists, exposure: exposure, startupNames: [:], needTitles: [:]), pairs, plan)
    }

    @Test func pairsTakeEachStartupsBestNeedInTheCity() throws {
        let (_, pairs, _) = try run()
        let engine = try EngineFixture.engine(weights: .uniform)
        for pair in pairs {
            let needs = EngineFixture.catalog.needs.filter { $0.city == pair.candidate.city }
            let best = needs.map { n in engine.explain(engine.query(forNeed: n.id)!, startupIndex: engine.startupIndex(pair.candidate.startup)!).score }.max()!
            #expect(abs(best - pair.candidate.score) < 1e-12)
            #expect(pair.breakdown(in: engine).score == pair.candidate.score)
        }
        #expect(Set(pairs.map { "\($0.candidate.city)|\($0.candidate.startup)" }).count == pairs.count)
    }

    @Test func limitsHoldAndTheJSONContractIsComplete() throws {
        let (report, _, plan) = try run(perCity: 2, maxPerStartup: 1)
        for (city, entries) in report.shortlists {
            #expect(entries.count <= 2, "\(city.id)")
            for (a, b) in zip(entries, entries.dropFirst()) { #expect(a.candidate.score >= b.candidate.score) }
        }
        for (_, cities) in report.byStartup { #expect(cities.count <= 1) }
        #expect(abs(report.totalScore - plan.totalScore) < 1e-9)
        guard case .object(let json) = report.json() else { Issue.record("not an object"); return }
        for key in ["audit", "shortlists", "by_startup", "exposure", "total_score"] { #expect(json[key] != nil, "\(key)") }
        guard case .array(let lists)? = json["shortlists"], case .object(let first)? = lists.first,
              case .array(let entries)? = first["entries"], case .object(let entry)? = entries.first else {
            Issue.record("shortlists shape"); return
        }
        for key in ["startup", "need", "score", "breakdown"] { #expect(entry[key] != nil, "\(key)") }
        guard case .object(let audit)? = json["audit"] else { Issue.record("audit shape"); return }
        for key in ["catalog_sha256", "model_id", "model_weights_sha256", "ranker_weights_sha256", "parameters", "tool_version", "timestamp"] {
            #expect(audit[key] != nil, "\(key)")
        }
    }

    @Test func exposureComparesPlacesWithMerit() throws {
        let (report, _, _) = try run(perCity: 2, maxPerStartup: 1)
        let countries = report.exposure.filter { $0.attribute == "country" }
        #expect(abs(countries.reduce(0) { $0 + $1.selectedShare } - 1) < 1e-9)
        #expect(abs(countries.reduce(0) { $0 + $1.meritShare } - 1) < 1e-9)
        for row in report.exposure where row.merit > 0 { #expect(abs(row.ratio! - row.selectedShare / row.meritShare) < 1e-12) }
    }

    @Test func auditHashesAreDeterministicAndSensitive() {
        #expect(AuditRecord.catalogHash(EngineFixture.catalog) == AuditRecord.catalogHash(EngineFixture.catalog))
        var changed = EngineFixture.catalog
        changed.startups[0].name = "Renamed"
        #expect(AuditRecord.catalogHash(changed) != AuditRecord.catalogHash(EngineFixture.catalog))
        #expect(AuditRecord.weightsHash(.uniform) != AuditRecord.weightsHash(ShippedRanker.weights))
        #expect(SHA256Hex.digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func renderingsNameEveryCity() throws {
        let (report, _, _) = try run()
        let md = report.markdown(), html = report.html(), csv = report.csv()
        for city in EngineFixture.catalog.cities { #expect(md.contains("## \(city.name)") && html.contains(city.name)) }
        #expect(md.contains("## Audit record") && md.contains("## Exposure"))
        #expect(csv.hasPrefix("city,rank,startup,need,score,"))
        #expect(!html.contains("http://") && !html.contains("<script"))
    }
}
