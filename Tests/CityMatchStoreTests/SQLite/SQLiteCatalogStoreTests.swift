import CityMatchCore
import Foundation
import Testing
@testable import CityMatchStore

@Suite struct SQLiteCatalogStoreTests {
    private func freshStore() throws -> (SQLiteCatalogStore, URL) {
        let dir = try TestPaths.temporaryDirectory()
        return (try SQLiteCatalogStore(path: dir.appendingPathComponent("store.sqlite").path), dir)
    }

    /// Every line of every file in `a` has the same JSON value as the same line in `b`.
    private func expectSameCatalogFiles(_ a: String, _ b: String) throws {
        for name in CatalogSource.fileNames {
            let pathA = (a as NSString).appendingPathComponent(name), pathB = (b as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: pathA) else { continue }
            let left = try String(contentsOfFile: pathA, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
            let right = try String(contentsOfFile: pathB, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(String($0)) }
            #expect(left.count == right.count, "\(name)")
            for (i, (l, r)) in zip(left, right).enumerated() {
                #expect(l.isSameValue(as: r), "\(name):\(i + 1): \(l.serialized()) != \(r.serialized())")
            }
        }
    }

    private func roundTrip(_ catalogDirectory: String) async throws {
        let (store, dir) = try freshStore()
        let result = try await CatalogImporter.importCatalog(try CatalogFiles.readSource(directory: catalogDirectory), into: store)
        let summary = try result.get()
        #expect(summary.cities.inserted > 0 && summary.startups.inserted > 0)
        let out = dir.appendingPathComponent("export").path
        try CatalogFiles.write(try await store.catalog(), to: out)
        try expectSameCatalogFiles(catalogDirectory, out)
    }

    @Test func sampleCatalogRoundTrips() async throws {
        try await roundTrip(TestPaths.sampleCatalog)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: TestPaths.evalDevCatalog), "shared/eval-dev is not beside the repository"))
    func evalDevCatalogRoundTrips() async throws {
        try await roundTrip(TestPaths.evalDevCatalog)
    }

    @Test func reimportIsIdempotentAndUpsertsByID() async throws {
        let (store, _) = try freshStore()
        let source = try CatalogFiles.readSource(directory: TestPaths.sampleCatalog)
        _ = try await CatalogImporter.importCatalog(source, into: store).get()
        let again = try await CatalogImporter.importCatalog(source, into: store).get()
        #expect(again.startups.unchanged == 150 && again.startups.inserted == 0 && again.startups.updated == 0)

        let before = try await store.catalog()
        var renamed = before.startups[3]
        renamed.name = "Renamed Co"
        let update = CatalogSource(files: [Startup.fileName: Array(renamed.jsonLine().utf8)])
        let summary = try await CatalogImporter.importCatalog(update, into: store).get()
        #expect(summary.startups.updated == 1)
        let after = try await store.catalog()
        #expect(after.startups.count == before.startups.count)
        #expect(after.startups[3].name == "Renamed Co")
        #expect(after.startups.map(\.id) == before.startups.map(\.id))
    }

    @Test func partialImportResolvesReferencesAgainstTheStore() async throws {
        let (store, _) = try freshStore()
        _ = try await CatalogImporter.importCatalog(try CatalogFiles.readSource(directory: TestPaths.sampleCatalog), into: store).get()
        let need = #"{"id": "kigali-new-need", "city": "kigali", "title": "Street lights", "description": "Dark streets at night."}"#
        let summary = try await CatalogImporter.importCatalog(CatalogSource(files: [Need.fileName: Array(need.utf8)]), into: store).get()
        #expect(summary.needs.inserted == 1)
    }

    /// Each refusal leaves the store exactly as it was.
    @Test(arguments: [
        (Need.fileName, "{not json"),
        (Need.fileName, #"{"id": "x-1", "city": "seoul", "title": "T"}"#),
        (Need.fileName, #"{"id": "x-1", "city": "seul", "title": "T", "description": "D"}"#),
        (Need.fileName, #"{"id": "X 1", "city": "seoul", "title": "T", "description": "D"}"#),
        (Need.fileName, #"{"id": "x-1", "city": "seoul", "title": "T", "description": "D", "priority": 9}"#),
        (Need.fileName, #"{"id": "x-1", "city": "seoul", "title": "T", "description": "D", "budget_usd": -3}"#),
        (Need.fileName, #"{"id": "x-1", "city": "seoul", "title": "T", "description": "D", "languages": ["korean"]}"#),
        (Need.fileName, #"{"id": "x-1", "city": "seoul", "title": 3, "description": "D"}"#),
        (City.fileName, #"{"id": "x-1", "name": "X", "country": "ZZ"}"#),
        (Startup.fileName, #"{"id": "moonroute-analytics", "name": "X", "description": "D", "country": "KR"}"# + "\n" + #"{"id": "moonroute-analytics", "name": "Y", "description": "D", "country": "KR"}"#),
        (Judgment.fileName, #"{"need": "seoul-night-travel", "startup": "moonroute-analytics", "grade": 5}"#),
        (Judgment.fileName, #"{"need": "seoul-night-travel", "startup": "nobody", "grade": 1}"#),
        (Startup.fileName, #"{"id": "x-1", "name": "X", "description": "\#(String(repeating: "long ", count: 1700))", "country": "KR"}"#),
    ])
    func refusedImportLeavesTheStoreUnchanged(file: String, line: String) async throws {
        let (store, _) = try freshStore()
        _ = try await CatalogImporter.importCatalog(try CatalogFiles.readSource(directory: TestPaths.sampleCatalog), into: store).get()
        let before = try await store.catalog()

        // A valid city rides along in the same import: it must not be written either.
        let goodCity = #"{"id": "lima", "name": "Lima", "country": "PE"}"#
        var files = [file: Array(line.utf8)]
        files[City.fileName] = Array(((file == City.fileName ? line + "\n" : "") + goodCity).utf8)
        let result = try await CatalogImporter.importCatalog(CatalogSource(files: files), into: store)
        guard case .failure(let refusal) = result else {
            Issue.record("expected \(file) line to be refused")
            return
        }
        #expect(!refusal.issues.isEmpty)
        #expect(refusal.issues.allSatisfy { $0.file == file && $0.line != nil })
        #expect(try await store.catalog() == before)
    }

    @Test func aFailingTransactionWritesNothing() async throws {
        let (store, _) = try freshStore()
        // Bypass validation: the need's city does not exist, so the foreign key fails
        // after the city and startup statements already ran inside the transaction.
        let catalog = Catalog(cities: [City(id: "lima", name: "Lima", country: "PE")],
                              needs: [Need(id: "orphan", city: "atlantis", title: "T", description: "D")],
                              startups: [Startup(id: "s", name: "S", description: "D", country: "PE")])
        await #expect(throws: (any Error).self) { try await store.upsert(catalog) }
        #expect(try await store.catalog() == Catalog())
    }

    @Test func migrationsAreVersionedAndReopenCleanly() async throws {
        let (store, dir) = try freshStore()
        #expect(try store.appliedMigrations() == ["v1-catalog", "v2-embedding-cache", "v3-api-keys"])
        let reopened = try SQLiteCatalogStore(path: dir.appendingPathComponent("store.sqlite").path)
        #expect(try reopened.appliedMigrations() == ["v1-catalog", "v2-embedding-cache", "v3-api-keys"])
    }

    @Test func embeddingCacheStoresExactFloats() async throws {
        let (store, _) = try freshStore()
        let vector: [Float] = [0.1, -0.25, .leastNonzeroMagnitude, 1e-30, 3.4e38]
        try await store.storeEmbeddings(modelID: "m", [(textHash: "abc", vector: vector)])
        let cached = try await store.cachedEmbeddings(modelID: "m", textHashes: ["abc", "missing"])
        #expect(cached == ["abc": vector])
        #expect(try await store.cachedEmbeddings(modelID: "other", textHashes: ["abc"]).isEmpty)
    }

    @Test func storeLocationPrefersFlagThenEnvironment() {
        #expect(StoreLocation.resolve("a.sqlite", environment: ["CITYMATCH_DB": "b.sqlite"]) == "a.sqlite")
        #expect(StoreLocation.resolve(nil, environment: ["CITYMATCH_DB": "b.sqlite"]) == "b.sqlite")
        #expect(StoreLocation.resolve(nil, environment: [:]) == "citymatch.sqlite")
    }
}
