import Testing
@testable import CityMatchCore

/// The numbered facet inputs (``StartupFacetLists``, ``QueryFacetInputs``) against the facets
/// computed from the records' strings, on the edge cases the numbering must keep apart:
/// missing versus empty fields, strings no startup uses, repeats, unresolved references.
@Suite struct FacetInputsTests {
    static let cities = [
        City(id: "seoul", name: "Seoul", country: "KR", region: "East Asia & Pacific", languages: ["ko", "en"]),
        City(id: "quito", name: "Quito", country: "EC", region: "Latin America & Caribbean", languages: ["es", "qu"]),
        City(id: "nowhere", name: "Nowhere", country: "ZZ"),
    ]

    static let startups = [
        Startup(id: "a", name: "A", description: "a", domains: ["waste-collection", "sanitation"], country: "KR",
                languages: ["ko", "en"], markets: ["KR", "APAC"], references: ["seoul", "Busan", "Atlantis"]),
        Startup(id: "b", name: "B", description: "b", domains: ["the-and"], country: "EC", languages: [],
                markets: [], references: []),
        Startup(id: "c", name: "C", description: "c", country: "EC", languages: ["es", "es"], markets: ["LATAM", "Global"],
                references: ["Quito"]),
        Startup(id: "d", name: "D", description: "d", domains: ["mobility"], country: "JP", markets: ["East Asia & Pacific", "Mars"]),
    ]

    static func query(city: City?, languages: [String]?, domains: [String]?) -> MatchQuery {
        MatchQuery(text: "", clauses: [], vector: [], clauseVectors: Matrix(rows: 0, columns: 0, storage: []), city: city,
                   languages: languages, domains: domains)
    }

    static func expectSameFacets(_ lists: StartupFacetLists, _ startups: [Startup], resolver: ReferenceResolver) {
        let cities: [City?] = Self.cities + [nil]
        let languageSets: [[String]?] = [nil, [], ["ko"], ["es", "es", "ko"], ["xx"], ["en", "fr"]]
        let domainSets: [[String]?] = [nil, [], ["waste"], ["the"], ["Waste-Collections", "mobility", "energy"]]
        for city in cities {
            for languages in languageSets {
                for domains in domainSets {
                    let query = Self.query(city: city, languages: languages, domains: domains)
                    var inputs = QueryFacetInputs(query, resolver: resolver, vocabulary: lists.vocabulary)
                    lists.withReader { read in
                        for (i, s) in startups.enumerated() {
                            #expect(inputs.language(offered: read[i, .languages])
                                    == ConstraintFacets.language(required: languages, offered: s.languages))
                            #expect(inputs.workingLanguage(offered: read[i, .languages])
                                    == ConstraintFacets.workingLanguage(cityLanguages: city?.languages, offered: s.languages))
                            #expect(inputs.domains(words: read[i, .domainWords]) == ConstraintFacets.domains(domains, s.domains))
                            #expect(inputs.market(read[i, .markets]) == ConstraintFacets.market(city: city, markets: s.markets))
                            #expect(inputs.trackRecord(read[i, .places])
                                    == ConstraintFacets.trackRecord(city: city, references: s.references, resolver: resolver))
                            let required = languages.flatMap { $0.isEmpty ? nil : Set($0) }
                            #expect(inputs.offersRequiredLanguages(read[i, .languages])
                                    == (required.map { r in s.languages.map { r.isSubset(of: Set($0)) } ?? false } ?? true))
                        }
                    }
                }
            }
        }
    }

    @Test func numberedFacetsEqualTheFacetsOfTheRecords() {
        let resolver = ReferenceResolver(cities: Self.cities)
        let lists = StartupFacetLists(Self.startups, resolver: resolver)
        Self.expectSameFacets(lists, Self.startups, resolver: resolver)
    }

    @Test func aReplacedStartupReadsItsNewFieldsWithNewWordsNumbered() {
        let resolver = ReferenceResolver(cities: Self.cities)
        var lists = StartupFacetLists(Self.startups, resolver: resolver)
        var startups = Self.startups
        startups[1].languages = ["qu", "fr"]
        startups[1].markets = nil
        startups[1].references = nil
        startups[1].domains = ["energy-storage"]
        lists.replace(1, with: startups[1], resolver: resolver)
        Self.expectSameFacets(lists, startups, resolver: resolver)
    }
}
