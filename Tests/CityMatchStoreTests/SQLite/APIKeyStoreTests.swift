import CityMatchCore
import Foundation
import Testing
@testable import CityMatchStore

@Suite struct APIKeyStoreTests {
    private func sampleStore() async throws -> SQLiteCatalogStore {
        let dir = try TestPaths.temporaryDirectory()
        let store = try SQLiteCatalogStore(path: dir.appendingPathComponent("store.sqlite").path)
        _ = try await CatalogImporter.importCatalog(try CatalogFiles.readSource(directory: TestPaths.sampleCatalog), into: store).get()
        return store
    }

    @Test func createdKeysAuthenticateUntilRevoked() async throws {
        let store = try await sampleStore()
        let city = try #require(try await store.catalog().cities.first?.id)
        let (key, secret) = try await store.createKey(role: .city, tenant: city)
        #expect(secret.hasPrefix("cm_\(key.id)_") && secret.count > 40)

        let found = try #require(try await store.authenticate(secret: secret))
        #expect(found.id == key.id && found.role == .city && found.tenant == city && found.isActive)
        #expect(try await store.authenticate(secret: secret + "x") == nil)
        #expect(try await store.authenticate(secret: "") == nil)

        #expect(try await store.revokeKey(id: key.id))
        #expect(try await store.authenticate(secret: secret) == nil)
        #expect(try await store.revokeKey(id: key.id), "revoking twice is harmless")
        #expect(try await store.revokeKey(id: "k000000000000") == false)
        let listed = try await store.listKeys()
        #expect(listed.count == 1 && listed[0].revokedAt != nil)
    }

    @Test func onlyTheDigestIsStored() async throws {
        let store = try await sampleStore()
        let (_, secret) = try await store.createKey(role: .secretariat, tenant: nil)
        let rows = try await store.pool.read { db in try String.fetchAll(db, sql: "SELECT secret_sha256 FROM api_key") }
        #expect(rows == [SHA256Hex.digest(secret)])
        let dump = try Data(contentsOf: URL(fileURLWithPath: store.path))
        #expect(dump.range(of: Data(secret.utf8)) == nil, "the secret itself must not be in the file")
    }

    @Test func tenantsAreCheckedAgainstTheStore() async throws {
        let store = try await sampleStore()
        let startup = try #require(try await store.catalog().startups.first?.id)
        await #expect(throws: APIKeyError.tenantRequired(.startup)) { try await store.createKey(role: .startup, tenant: nil) }
        await #expect(throws: APIKeyError.tenantNotAllowed(.secretariat)) { try await store.createKey(role: .secretariat, tenant: "seoul") }
        await #expect(throws: APIKeyError.unknownTenant(kind: "startup", id: "nobody")) { try await store.createKey(role: .startup, tenant: "nobody") }
        await #expect(throws: APIKeyError.unknownTenant(kind: "city", id: startup)) { try await store.createKey(role: .city, tenant: startup) }
        #expect(try await store.listKeys().isEmpty, "refused keys are not stored")
        let (key, _) = try await store.createKey(role: .startup, tenant: startup)
        #expect(try await store.listKeys().map(\.id) == [key.id])
    }

    @Test func deletesRemoveTheRecordAndItsJudgments() async throws {
        let store = try await sampleStore()
        let before = try await store.catalog()
        let judged = try #require(before.judgments.first)
        #expect(try await store.deleteStartup(id: judged.startup))
        var after = try await store.catalog()
        #expect(after.startups.count == before.startups.count - 1)
        #expect(!after.startups.contains { $0.id == judged.startup })
        #expect(!after.judgments.contains { $0.startup == judged.startup })
        #expect(try await store.deleteStartup(id: judged.startup) == false)

        let need = try #require(after.needs.first { n in after.judgments.contains { $0.need == n.id } })
        #expect(try await store.deleteNeed(id: need.id))
        after = try await store.catalog()
        #expect(!after.needs.contains { $0.id == need.id } && !after.judgments.contains { $0.need == need.id })
        #expect(try await store.deleteNeed(id: "no-such-need") == false)
        #expect(after.cities.count == before.cities.count)
    }
}
