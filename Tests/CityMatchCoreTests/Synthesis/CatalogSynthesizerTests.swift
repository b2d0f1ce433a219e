import Testing
@testable import CityMatchCore

@Suite struct CatalogSynthesizerTests {
    private func source(_ s: CatalogSynthesizer) -> CatalogSource {
        let p = s.parameters
        func bytes(_ lines: [String]) -> [UInt8] { Array(lines.joined(separator: "\n").utf8) }
        return CatalogSource(files: [
            City.fileName: bytes((0..<p.cities).map { s.city($0).jsonLine() }),
            Need.fileName: bytes((0..<p.needs).map { s.need($0).jsonLine() }),
            Startup.fileName: bytes((0..<p.startups).map { s.startup($0).jsonLine() }),
            Judgment.fileName: bytes((0..<p.needs).flatMap { s.judgments(forNeed: $0).map { $0.jsonLine() } }),
        ])
    }

    @Test func synthesisedCatalogsPassValidation() throws {
        // More cities than the table holds, so numbered districts are generated too.
        let s = CatalogSynthesizer(parameters: .init(cities: 700, needs: 300, startups: 3_000, seed: 42))
        let catalog = try CatalogValidator.validate(source(s), maximumIssues: 20).get()
        #expect(catalog.cities.count == 700 && catalog.needs.count == 300 && catalog.startups.count == 3_000)
        #expect(catalog.judgments.count >= 300)
        #expect(Set(catalog.startups.map(\.country)).count > 10)
        #expect(Set(catalog.needs.compactMap { $0.domains?.first }).count >= 10)
    }

    @Test func sameSeedSameCatalogOtherSeedOtherCatalog() {
        let a = CatalogSynthesizer(parameters: .init(cities: 20, needs: 50, startups: 200, seed: 1))
        let b = CatalogSynthesizer(parameters: .init(cities: 20, needs: 50, startups: 200, seed: 1))
        let c = CatalogSynthesizer(parameters: .init(cities: 20, needs: 50, startups: 200, seed: 2))
        #expect((0..<200).map { a.startup($0) } == (0..<200).map { b.startup($0) })
        #expect((0..<50).map { a.need($0) } == (0..<50).map { b.need($0) })
        #expect((0..<50).map { a.judgments(forNeed: $0) } == (0..<50).map { b.judgments(forNeed: $0) })
        #expect((0..<200).map { a.startup($0).description } != (0..<200).map { c.startup($0).description })
    }

    @Test func recordsAreIndependentOfGenerationOrder() {
        let s = CatalogSynthesizer(parameters: .init(cities: 20, needs: 50, startups: 500, seed: 9))
        let forward = (0..<500).map { s.startup($0) }
        let backward = (0..<500).reversed().map { s.startup($0) }.reversed()
        #expect(forward == Array(backward))
    }

    @Test func judgmentsFollowTheRubric() throws {
        let s = CatalogSynthesizer(parameters: .init(cities: 30, needs: 100, startups: 2_000, seed: 3))
        let startups = Dictionary(uniqueKeysWithValues: (0..<2_000).map { (s.startup($0).id, s.startup($0)) })
        var grades: [Int: Int] = [:]
        for i in 0..<100 {
            let need = s.need(i)
            let labels = s.judgments(forNeed: i)
            #expect(Set(labels.map(\.startup)).count == labels.count)
            for j in labels {
                let startup = try #require(startups[j.startup])
                grades[j.grade, default: 0] += 1
                if j.grade >= 2 {
                    #expect(startup.domains == need.domains)
                    let fits = Set(need.languages ?? []).isSubset(of: Set(startup.languages ?? []))
                        && (startup.minContractUSD ?? 0) <= (need.budgetUSD ?? .infinity)
                    #expect((j.grade == 3) == fits, "\(need.id) × \(startup.id)")
                }
            }
        }
        #expect(grades[3, default: 0] > 0 && grades[2, default: 0] > 0 && grades[1, default: 0] > 0)
    }
}
