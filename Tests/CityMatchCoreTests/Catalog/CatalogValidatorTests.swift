import Testing
@testable import CityMatchCore

@Suite struct CatalogValidatorTests {
    private func issues(_ source: CatalogSource, existing: KnownIdentifiers = .none) -> [String] {
        switch CatalogValidator.validate(source, existing: existing) {
        case .success: return []
        case .failure(let e): return e.issues.map(\.description)
        }
    }

    @Test func acceptsAValidCatalogAndKeepsUnknownFields() throws {
        let catalog = try CatalogValidator.validate(CatalogFixtures.source()).get()
        #expect(catalog.cities.count == 2 && catalog.needs.count == 2 && catalog.startups.count == 2 && catalog.judgments.count == 2)
        #expect(catalog.cities[0].unknownFields == ["motto": .string("I.SEOUL.U")])
        #expect(catalog.needs[1].unknownFields == ["extra": .object(["nested": .array([.integer(1), .number(2.5)])])])
        #expect(catalog.judgments[1].unknownFields["note"] == .string("no Spanish UI"))
        #expect(catalog.needs[0].budgetUSD == 200000)
        #expect(catalog.cities[1].incomeGroup == "upper-middle")
    }

    @Test func recordsRoundTripThroughTheirJSONLines() throws {
        let source = CatalogFixtures.source()
        let catalog = try CatalogValidator.validate(source).get()
        for name in CatalogSource.fileNames {
            let original = String(decoding: source.files[name]!, as: UTF8.self).split(separator: "\n").map { try! JSONParser.parse(String($0)) }
            let written: [String]
            switch name {
            case City.fileName: written = catalog.cities.map { $0.jsonLine() }
            case Need.fileName: written = catalog.needs.map { $0.jsonLine() }
            case Startup.fileName: written = catalog.startups.map { $0.jsonLine() }
            default: written = catalog.judgments.map { $0.jsonLine() }
            }
            let reparsed = try written.map { try JSONParser.parse($0) }
            #expect(reparsed.count == original.count)
            for (a, b) in zip(original, reparsed) { #expect(a.isSameValue(as: b), "\(name): \(a.serialized()) vs \(b.serialized())") }
        }
    }

    @Test func missingOptionalFieldsAndNullsAreLegal() throws {
        let source = CatalogFixtures.source(
            cities: #"{"id": "x", "name": "X", "country": "FR", "region": null}"#,
            needs: #"{"id": "n", "city": "x", "title": "T", "description": "D", "budget_usd": null}"#,
            startups: #"{"id": "s", "name": "S", "description": "D", "country": "FR"}"#, judgments: nil)
        let catalog = try CatalogValidator.validate(source).get()
        #expect(catalog.needs[0].budgetUSD == nil && catalog.cities[0].region == nil)
    }

    // Every refusal case of the format, each located by file, line and field.
    @Test(arguments: [
        (Need.fileName, 3, "this is not json", "needs.jsonl:3: not valid JSON: column 1: unexpected 'this', expected a JSON value"),
        (Need.fileName, 3, "[1, 2]", "needs.jsonl:3: expected a JSON object, found array"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T"}"#, "needs.jsonl:3: field 'description': missing required field"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": 5, "description": "D"}"#, "needs.jsonl:3: field 'title': expected a string, found number"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "priority": "high"}"#, "needs.jsonl:3: field 'priority': expected an integer, found string"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "priority": 2.5}"#, "needs.jsonl:3: field 'priority': expected an integer, found 2.5"),
        (Need.fileName, 3, #"{"id": "N 2", "city": "seoul", "title": "T", "description": "D"}"#, "needs.jsonl:3: field 'id': 'N 2' is not a valid id"),
        (Need.fileName, 3, #"{"id": "seoul-alley-waste", "city": "seoul", "title": "T", "description": "D"}"#, "needs.jsonl:3: field 'id': duplicate id 'seoul-alley-waste' (first on line 1)"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seul", "title": "T", "description": "D"}"#, "needs.jsonl:3: field 'city': unknown city 'seul' (did you mean 'seoul'?)"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "priority": 6}"#, "needs.jsonl:3: field 'priority': 6 is outside 1..5"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "priority": 0}"#, "needs.jsonl:3: field 'priority': 0 is outside 1..5"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "budget_usd": -1}"#, "needs.jsonl:3: field 'budget_usd': must not be negative (-1)"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "languages": ["ko", "kor"]}"#, "needs.jsonl:3: field 'languages[1]': 'kor' is not an ISO 639-1 language code"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "languages": ["EN"]}"#, "needs.jsonl:3: field 'languages[0]': 'EN' must be lower case: 'en'"),
        (Need.fileName, 3, #"{"id": "n2", "city": "seoul", "title": "T", "description": "D", "deadline": "2026-02-30"}"#, "needs.jsonl:3: field 'deadline': '2026-02-30' is not a calendar date"),
        (City.fileName, 2, #"{"id": "bogota", "name": "Bogotá", "country": "COL"}"#, "cities.jsonl:2: field 'country': text is 3 characters, over the limit of 2"),
        (City.fileName, 2, #"{"id": "bogota", "name": "Bogotá", "country": "XZ"}"#, "cities.jsonl:2: field 'country': 'XZ' is not an ISO 3166-1 alpha-2 country code"),
        (City.fileName, 2, #"{"id": "bogota", "name": "Bogotá", "country": "co"}"#, "cities.jsonl:2: field 'country': 'co' must be upper case: 'CO'"),
        (City.fileName, 2, #"{"id": "bogota", "name": "Bogotá", "country": "CO", "lat": 91}"#, "cities.jsonl:2: field 'lat': 91 is outside -90..90"),
        (Startup.fileName, 2, #"{"id": "transitly", "name": "T", "description": "D", "country": "CO", "min_contract_usd": -100}"#, "startups.jsonl:2: field 'min_contract_usd': must not be negative (-100)"),
        (Startup.fileName, 2, #"{"id": "transitly", "name": "T", "description": "D", "country": "CO", "stage": "unicorn"}"#, "startups.jsonl:2: field 'stage': 'unicorn' is not one of idea, seed, early, growth, mature"),
        (Startup.fileName, 2, #"{"id": "transitly", "name": "T", "description": "D", "country": "CO", "capabilities": "GTFS"}"#, "startups.jsonl:2: field 'capabilities': expected an array of strings, found string"),
        (Startup.fileName, 2, #"{"id": "transitly", "name": "T", "description": "D", "country": "CO", "capabilities": ["GTFS", 3]}"#, "startups.jsonl:2: field 'capabilities[1]': expected a string, found number"),
        (Judgment.fileName, 2, #"{"need": "bogota-transit", "startup": "transitly", "grade": 4}"#, "judgments.jsonl:2: field 'grade': 4 is outside 0..3"),
        (Judgment.fileName, 2, #"{"need": "bogota-transit", "startup": "transitly", "grade": -1}"#, "judgments.jsonl:2: field 'grade': -1 is outside 0..3"),
        (Judgment.fileName, 2, #"{"need": "bogota-transit", "startup": "transitly"}"#, "judgments.jsonl:2: field 'grade': missing required field"),
        (Judgment.fileName, 2, #"{"need": "bogota-trnsit", "startup": "transitly", "grade": 1}"#, "judgments.jsonl:2: field 'need': unknown need 'bogota-trnsit' (did you mean 'bogota-transit'?)"),
        (Judgment.fileName, 2, #"{"need": "bogota-transit", "startup": "nobody", "grade": 1}"#, "judgments.jsonl:2: field 'startup': unknown startup 'nobody'"),
        (Judgment.fileName, 2, #"{"need": "seoul-alley-waste", "startup": "bincube", "grade": 1}"#, "judgments.jsonl:2: field 'need, startup': duplicate judgment for 'seoul-alley-waste' × 'bincube' (first on line 1)"),
    ])
    func refuses(file: String, line: Int, text: String, expected: String) {
        let found = issues(CatalogFixtures.source(replacing: file, line: line, with: text))
        #expect(found.count == 1, "\(found)")
        #expect(found.first?.hasPrefix(expected) == true, "\(found)")
    }

    @Test func refusesInvalidUTF8() {
        var source = CatalogFixtures.source()
        source.files[Startup.fileName]! += Array("\n{\"id\": \"x\", \"name\": \"".utf8) + [0xFF, 0xFE] + Array("\", \"description\": \"d\", \"country\": \"FR\"}".utf8)
        #expect(issues(source) == ["startups.jsonl:3: not valid UTF-8 (byte offset 21)"])
    }

    @Test func refusesTextsOverTheLimit() {
        let long = String(repeating: "a", count: CatalogLimits.needDescriptionLength + 1)
        let found = issues(CatalogFixtures.source(replacing: Need.fileName, line: 3,
                                                  with: #"{"id": "n2", "city": "seoul", "title": "T", "description": "\#(long)"}"#))
        #expect(found == ["needs.jsonl:3: field 'description': text is 4001 characters, over the limit of 4000"])
    }

    @Test func reportsEveryErrorInOneRunUpToTheCap() {
        var lines = (1...30).map { #"{"id": "n\#($0)", "city": "nowhere", "title": "T", "description": "D", "priority": 9}"# }
        lines.insert("garbage", at: 3)
        let source = CatalogFixtures.source(needs: lines.joined(separator: "\n"), judgments: nil)
        switch CatalogValidator.validate(source) {
        case .success: Issue.record("expected refusal")
        case .failure(let e):
            #expect(e.issues.count == 61)
            #expect(!e.truncated)
            #expect(e.issues[0].description.hasPrefix("needs.jsonl:1: field 'priority'"))
            #expect(e.issues[1].description.hasPrefix("needs.jsonl:1: field 'city': unknown city 'nowhere'"))
        }
        switch CatalogValidator.validate(source, maximumIssues: 10) {
        case .success: Issue.record("expected refusal")
        case .failure(let e):
            #expect(e.issues.count == 10)
            #expect(e.truncated)
        }
    }

    @Test func referencesMayPointAtStoredRecords() {
        let partial = CatalogSource(files: [Need.fileName: Array(#"{"id": "n9", "city": "kigali", "title": "T", "description": "D"}"#.utf8)])
        #expect(issues(partial).count == 1)
        #expect(issues(partial, existing: KnownIdentifiers(cities: ["kigali"])).isEmpty)
    }

    @Test func toleratesCRLFBlankLinesAndByteOrderMark() throws {
        var source = CatalogFixtures.source()
        source.files[City.fileName] = [0xEF, 0xBB, 0xBF] + Array(CatalogFixtures.cities.replacing("\n", with: "\r\n\r\n  \r\n").utf8)
        let catalog = try CatalogValidator.validate(source).get()
        #expect(catalog.cities.map(\.id) == ["seoul", "bogota"])
    }

    @Test func mergingUpsertsByKey() throws {
        let base = try CatalogValidator.validate(CatalogFixtures.source()).get()
        var changed = base.cities[1]
        changed.name = "Santa Fe de Bogotá"
        let merged = base.merging(Catalog(cities: [changed, City(id: "lima", name: "Lima", country: "PE")]))
        #expect(merged.cities.map(\.id) == ["seoul", "bogota", "lima"])
        #expect(merged.cities[1].name == "Santa Fe de Bogotá")
    }
}
