import Testing
@testable import CityMatchCore

/// The documented output formats (docs/output-formats.md) are a contract.
@Suite struct OutputFormatTests {
    @Test func rankLineHasTheDocumentedShapeAndExactSums() throws {
        let engine = try EngineFixture.engine()
        let results = engine.rank(engine.query(forNeed: "seoul-waste")!, k: 3)
        let line = BreakdownJSON.rankLine(need: "seoul-waste", results: results)
        guard case .object(let root) = try JSONParser.parse(line), case .array(let items)? = root["results"] else {
            Issue.record("not the documented shape: \(line)"); return
        }
        #expect(root["need"] == .string("seoul-waste"))
        #expect(items.count == 3)
        for (i, item) in items.enumerated() {
            guard case .object(let r) = item, case .object(let b)? = r["breakdown"], case .array(let parts)? = b["contributions"],
                  case .object(let fit)? = r["fit"] else { Issue.record("bad result \(item.serialized())"); return }
            #expect(r["rank"] == .integer(Int64(i + 1)))
            #expect(r["startup"] == .string(results[i].startupID))
            #expect(fit["city_to_startup"] != nil && fit["startup_to_city"] != nil)
            #expect(b["evidence"] != nil && b["reasons"] != nil)
            #expect(parts.count == Facet.allCases.count)
            var sum = 0.0
            for part in parts {
                guard case .object(let p) = part, let w = p["weight"]?.doubleValue, let v = p["value"]?.doubleValue,
                      let c = p["contribution"]?.doubleValue, case .string? = p["facet"], case .bool? = p["imputed"] else {
                    Issue.record("bad contribution \(part.serialized())"); return
                }
                #expect(abs(w * v - c) < 1e-12)
                #expect((0...1).contains(v))
                sum += c
            }
            #expect(abs(sum - (r["score"]?.doubleValue ?? -1)) < 1e-6)
        }
    }

    @Test func csvRowsMatchTheHeader() throws {
        let engine = try EngineFixture.engine()
        let results = engine.rank(engine.query(forNeed: "bogota-bus")!, k: 2)
        let header = RankingText.csvHeader.split(separator: ",")
        #expect(header.prefix(6) == ["need", "rank", "startup", "score", "city_to_startup_fit", "startup_to_city_fit"])
        for row in RankingText.csvRows(need: "bogota-bus", results: results) {
            let fields = row.split(separator: ",", omittingEmptySubsequences: false)
            #expect(fields.count == header.count)
            let contributions = fields.dropFirst(6).map { Double($0)! }
            #expect(abs(contributions.reduce(0, +) - Double(fields[3])!) < 1e-5)  // six-decimal rounding
        }
        #expect(RankingText.csvField("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }

    @Test func moneyAndFixedFormatting() {
        #expect(MatchReasons.money(80_000) == "$80k")
        #expect(MatchReasons.money(1_500_000) == "$1.5M")
        #expect(MatchReasons.money(250_500) == "$250.5k")
        #expect(MatchReasons.fixed(0.12345, 4) == "0.1235")
        #expect(MatchReasons.fixed(-0.5, 2) == "-0.50")
        #expect(MatchReasons.fixed(2, 0) == "2")
    }
}
