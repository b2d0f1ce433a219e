import GRDB

/// The store's schema, as versioned migrations. Never edit a shipped migration: add one.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            try db.execute(sql: """
                CREATE TABLE city (
                    id TEXT PRIMARY KEY NOT NULL,
                    country TEXT NOT NULL,
                    record TEXT NOT NULL
                );
                CREATE TABLE startup (
                    id TEXT PRIMARY KEY NOT NULL,
                    country TEXT NOT NULL,
                    record TEXT NOT NULL
                );
                CREATE TABLE need (
                    id TEXT PRIMARY KEY NOT NULL,
                    city TEXT NOT NULL REFERENCES city(id) ON DELETE RESTRICT,
                    record TEXT NOT NULL
                );
                CREATE INDEX need_city ON need(city);
                CREATE TABLE judgment (
                    need TEXT NOT NULL REFERENCES need(id) ON DELETE CASCADE,
                    startup TEXT NOT NULL REFERENCES startup(id) ON DELETE CASCADE,
                    grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 3),
                    record TEXT NOT NULL,
                    PRIMARY KEY (need, startup)
                );
                CREATE INDEX judgment_startup ON judgment(startup);
                """)
        }
        migrator.registerMigration("v2-embedding-cache") { db in
            try db.execute(sql: """
                CREATE TABLE embedding (
                    model_id TEXT NOT NULL,
                    text_sha256 TEXT NOT NULL,
                    dimension INTEGER NOT NULL,
                    vector BLOB NOT NULL,
                    PRIMARY KEY (model_id, text_sha256)
                );
                """)
        }
        migrator.registerMigration("v3-api-keys") { db in
            // Only the SHA-256 of a secret is stored; the tenant is a city or startup id,
            // deliberately without a foreign key so deleting a startup does not erase the
            // audit trail of who had access.
            try db.execute(sql: """
                CREATE TABLE api_key (
                    id TEXT PRIMARY KEY NOT NULL,
                    secret_sha256 TEXT NOT NULL UNIQUE,
                    role TEXT NOT NULL CHECK (role IN ('secretariat', 'city', 'startup')),
                    tenant TEXT,
                    created_at TEXT NOT NULL,
                    revoked_at TEXT
                );
                """)
        }
        return migrator
    }
}
