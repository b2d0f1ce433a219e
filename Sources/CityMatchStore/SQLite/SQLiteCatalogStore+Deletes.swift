import CityMatchCore
import GRDB

extension SQLiteCatalogStore {
    /// Deletes a startup and, through the foreign key's cascade, its judgments.
    /// - Returns: false when no such startup was stored (nothing changes).
    public func deleteStartup(id: String) async throws -> Bool {
        try await delete(table: "startup", id: id)
    }

    /// Deletes a need and, through the foreign key's cascade, its judgments.
    /// - Returns: false when no such need was stored (nothing changes).
    public func deleteNeed(id: String) async throws -> Bool {
        try await delete(table: "need", id: id)
    }

    private func delete(table: String, id: String) async throws -> Bool {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}
