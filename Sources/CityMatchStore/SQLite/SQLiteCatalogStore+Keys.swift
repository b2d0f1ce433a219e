import CityMatchCore
import Foundation
import GRDB

extension SQLiteCatalogStore: APIKeyStore {
    public func createKey(role: APIRole, tenant: String?) async throws -> (key: APIKey, secret: String) {
        switch (role.tenantKind, tenant) {
        case (nil, .some): throw APIKeyError.tenantNotAllowed(role)
        case (.some, nil): throw APIKeyError.tenantRequired(role)
        default: break
        }
        let id = APIKeySecrets.newID()
        let secret = APIKeySecrets.newSecret(id: id)
        let key = APIKey(id: id, role: role, tenant: tenant, createdAt: Date())
        try await pool.write { db in
            if let kind = role.tenantKind, let tenant {
                let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(kind) WHERE id = ?)", arguments: [tenant]) ?? false
                guard exists else { throw APIKeyError.unknownTenant(kind: kind, id: tenant) }
            }
            try db.execute(sql: "INSERT INTO api_key (id, secret_sha256, role, tenant, created_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [id, SHA256Hex.digest(secret), role.rawValue, tenant, Self.timestamp(key.createdAt)])
        }
        return (key, secret)
    }

    public func listKeys() async throws -> [APIKey] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, role, tenant, created_at, revoked_at FROM api_key ORDER BY rowid").map(Self.key)
        }
    }

    public func revokeKey(id: String) async throws -> Bool {
        try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_key WHERE id = ?)", arguments: [id]) == true else { return false }
            try db.execute(sql: "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                           arguments: [Self.timestamp(Date()), id])
            return true
        }
    }

    public func authenticate(secret: String) async throws -> APIKey? {
        // Secrets are long random strings, so an unsalted SHA-256 is enough; a timing side
        // channel on the indexed lookup reveals nothing about other keys' secrets.
        let digest = SHA256Hex.digest(secret)
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, role, tenant, created_at, revoked_at FROM api_key WHERE secret_sha256 = ? AND revoked_at IS NULL",
                             arguments: [digest]).map(Self.key)
        }
    }

    private static func key(_ row: Row) throws -> APIKey {
        let roleName: String = row["role"]
        guard let role = APIRole(rawValue: roleName) else {
            throw StoreError.corruptRecord(table: "api_key", rowid: 0, reason: "unknown role '\(roleName)'")
        }
        return APIKey(id: row["id"], role: role, tenant: row["tenant"],
                      createdAt: date(row["created_at"]), revokedAt: (row["revoked_at"] as String?).map(date))
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    private static func date(_ text: String) -> Date {
        (try? Date(text, strategy: .iso8601)) ?? .distantPast
    }
}
