import CityMatchCore
import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Each record is kept as its canonical JSON line (so unknown fields survive) beside
/// the columns that queries and foreign keys need. Readers never block on a writer.
public final class SQLiteCatalogStore: CatalogStore {
    /// The database file.
    public let path: String
    /// Internal so that the key and deletion extensions share the one pool.
    let pool: DatabasePool

    /// Opens (creating if needed) the store at `path` and runs pending migrations.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try StoreMigrations.migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.cannotOpen(path: path, reason: error.message ?? "\(error)")
        }
    }

    /// The names of migrations applied to this file, oldest first.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try StoreMigrations.migrator.appliedMigrations(db) }
    }

    // MARK: Catalog

    public func catalog() async throws -> Catalog {
        try await pool.read { db in
            Catalog(cities: try Self.fetch(City.self, table: "city", db: db),
                    needs: try Self.fetch(Need.self, table: "need", db: db),
                    startups: try Self.fetch(Startup.self, table: "startup", db: db),
                    judgments: try Self.fetch(Judgment.self, table: "judgment", db: db))
        }
    }

    public func identifiers() async throws -> KnownIdentifiers {
        try await pool.read { db in
            KnownIdentifiers(cities: Set(try String.fetchAll(db, sql: "SELECT id FROM city")),
                             needs: Set(try String.fetchAll(db, sql: "SELECT id FROM need")),
                             startups: Set(try String.fetchAll(db, sql: "SELECT id FROM startup")))
        }
    }

    public func upsert(_ changes: Catalog) async throws -> UpsertSummary {
        try await pool.write { db in
            var summary = UpsertSummary()
            // Parents before children, so foreign keys hold at every statement.
            summary.cities = try Self.upsert(changes.cities, table: "city", db: db) { [$0.country] }
            summary.startups = try Self.upsert(changes.startups, table: "startup", db: db) { [$0.country] }
            summary.needs = try Self.upsert(changes.needs, table: "need", db: db) { [$0.city] }
            summary.judgments = try Self.upsertJudgments(changes.judgments, db: db)
            return summary
        }
    }

    private static let extraColumns = ["city": ["country"], "startup": ["country"], "need": ["city"]]

    private static func upsert<R: CatalogRecord>(_ records: [R], table: String, db: Database,
                                                 columns: (R) -> [String]) throws -> UpsertSummary.Counts {
        var counts = UpsertSummary.Counts()
        let extra = extraColumns[table] ?? []
        let select = try db.cachedStatement(sql: "SELECT record FROM \(table) WHERE id = ?")
        let names = (["id", "record"] + extra).joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: 2 + extra.count).joined(separator: ", ")
        let updates = (["record"] + extra).map { "\($0) = excluded.\($0)" }.joined(separator: ", ")
        let write = try db.cachedStatement(sql: "INSERT INTO \(table) (\(names)) VALUES (\(placeholders)) ON CONFLICT(id) DO UPDATE SET \(updates)")
        for record in records {
            let line = record.jsonLine()
            switch try String.fetchOne(select, arguments: [record.key]) {
            case nil: counts.inserted += 1
            case line?: counts.unchanged += 1; continue
            default: counts.updated += 1
            }
            try write.execute(arguments: StatementArguments([record.key, line] + columns(record)))
        }
        return counts
    }

    private static func upsertJudgments(_ judgments: [Judgment], db: Database) throws -> UpsertSummary.Counts {
        var counts = UpsertSummary.Counts()
        let select = try db.cachedStatement(sql: "SELECT record FROM judgment WHERE need = ? AND startup = ?")
        let write = try db.cachedStatement(sql: """
            INSERT INTO judgment (need, startup, grade, record) VALUES (?, ?, ?, ?)
            ON CONFLICT(need, startup) DO UPDATE SET grade = excluded.grade, record = excluded.record
            """)
        for j in judgments {
            let line = j.jsonLine()
            switch try String.fetchOne(select, arguments: [j.need, j.startup]) {
            case nil: counts.inserted += 1
            case line?: counts.unchanged += 1; continue
            default: counts.updated += 1
            }
            try write.execute(arguments: [j.need, j.startup, j.grade, line])
        }
        return counts
    }

    private static func fetch<R: CatalogRecord>(_ type: R.Type, table: String, db: Database) throws -> [R] {
        let rows = try Row.fetchCursor(db, sql: "SELECT rowid, record FROM \(table) ORDER BY rowid")
        var result: [R] = []
        while let row = try rows.next() {
            let rowid: Int64 = row[0]
            let text: String = row[1]
            guard case .success(let object) = JSONLines.object(JSONLines.Line(number: Int(rowid), bytes: ArraySlice(text.utf8))) else {
                throw StoreError.corruptRecord(table: table, rowid: rowid, reason: "not a JSON object")
            }
            var reader = FieldReader(object: object, file: table, line: Int(rowid))
            guard let record = R.read(from: &reader) else {
                throw StoreError.corruptRecord(table: table, rowid: rowid, reason: reader.issues.map(\.description).joined(separator: "; "))
            }
            result.append(record)
        }
        return result
    }

    // MARK: Embedding cache

    public func cachedEmbeddings(modelID: String, textHashes: [String]) async throws -> [String: [Float]] {
        try await pool.read { db in
            var result: [String: [Float]] = [:]
            let statement = try db.cachedStatement(sql: "SELECT vector FROM embedding WHERE model_id = ? AND text_sha256 = ?")
            for hash in Set(textHashes) {
                if let blob = try Data.fetchOne(statement, arguments: [modelID, hash]) {
                    result[hash] = EmbeddingBlob.decode(blob)
                }
            }
            return result
        }
    }

    public func storeEmbeddings(modelID: String, _ entries: [(textHash: String, vector: [Float])]) async throws {
        try await pool.write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO embedding (model_id, text_sha256, dimension, vector) VALUES (?, ?, ?, ?)
                ON CONFLICT(model_id, text_sha256) DO UPDATE SET dimension = excluded.dimension, vector = excluded.vector
                """)
            for entry in entries {
                try statement.execute(arguments: [modelID, entry.textHash, entry.vector.count, EmbeddingBlob.encode(entry.vector)])
            }
        }
    }
}

/// Float32 vectors as little-endian blobs.
enum EmbeddingBlob {
    static func encode(_ vector: [Float]) -> Data {
        var data = Data(capacity: vector.count * 4)
        for value in vector { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func decode(_ data: Data) -> [Float] {
        let count = data.count / 4
        return data.withUnsafeBytes { raw in
            (0..<count).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}

/// Problems with the store itself (not with input).
public enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case corruptRecord(table: String, rowid: Int64, reason: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason): "cannot open the store at \(path): \(reason)"
        case let .corruptRecord(table, rowid, reason): "the store's \(table) row \(rowid) is unreadable: \(reason)"
        }
    }
}
