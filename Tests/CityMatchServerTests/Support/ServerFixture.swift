import CityMatchCore
import CityMatchServer
import CityMatchStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging

/// Servers over the sample catalog for the tests.
///
/// The expensive parts are made once per process: the encoder, and an embedding cache holding
/// every sample text. Each ``TestServer`` has its own SQLite store (the sample imported, keys
/// created); ``ServerFixture/shared()`` is one such server for tests that only read (or write
/// a record back unchanged), ``ServerFixture/fresh(_:)`` a new one for tests that change data.
enum ServerFixture {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    struct Base: Sendable {
        let encoder: MiniLMEncoder
        let cache: SQLiteCatalogStore
        let sample: Catalog
        let directory: URL
    }

    private static let base = Task<Base, Error> {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let sample = try CatalogFiles.load(directory: repositoryRoot.appendingPathComponent("datasets/sample").path)
        let encoder = try ModelDirectory(url: repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2")).loadEncoder()
        let cache = try SQLiteCatalogStore(path: directory.appendingPathComponent("cache.sqlite").path)
        _ = try await EngineBuilder(encoder: encoder, cache: cache, weights: ShippedRanker.weights).build(sample)
        return Base(encoder: encoder, cache: cache, sample: sample, directory: directory)
    }

    private static let sharedServer = Task<TestServer, Error> { try await make() }

    /// One server shared by the read-only tests.
    static func shared() async throws -> TestServer { try await sharedServer.value }

    /// A server of its own, optionally configured differently.
    static func fresh(_ configure: @Sendable (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        try await make(configure)
    }

    private static func make(_ configure: @Sendable (inout ServerConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let base = try await base.value
        let store = try SQLiteCatalogStore(path: base.directory.appendingPathComponent("\(UUID().uuidString).sqlite").path)
        _ = try await store.upsert(base.sample)
        let keys = TestKeys(
            secretariat: try await store.createKey(role: .secretariat, tenant: nil).secret,
            seoul: try await store.createKey(role: .city, tenant: "seoul").secret,
            busan: try await store.createKey(role: .city, tenant: "busan").secret,
            moonroute: try await store.createKey(role: .startup, tenant: "moonroute-analytics").secret,
            flowsignal: try await store.createKey(role: .startup, tenant: "flowsignal").secret)
        let metrics = ServerMetrics()
        let catalog = try await CatalogService(store: store, builder: EngineBuilder(encoder: base.encoder, cache: base.cache,
                                                                                  weights: ShippedRanker.weights), metrics: metrics)
        var configuration = ServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let audit = AuditContext(catalogLabel: store.path, weightsSource: "built-in", modelWeightsHash: "test", toolVersion: "test")
        return TestServer(server: CityMatchServer(configuration: configuration, catalog: catalog, keys: store, metrics: metrics, audit: audit),
                          store: store, keys: keys)
    }
}

/// The secrets of the keys every test server has.
struct TestKeys: Sendable {
    let secretariat: String
    /// City keys.
    let seoul: String
    let busan: String
    /// Startup keys.
    let moonroute: String
    let flowsignal: String
}

struct TestServer: Sendable {
    let server: CityMatchServer
    let store: SQLiteCatalogStore
    let keys: TestKeys

    /// The same catalog and keys behind another configuration.
    func reconfigured(_ configure: (inout ServerConfiguration) -> Void) -> TestServer {
        var configuration = server.configuration
        configure(&configuration)
        return TestServer(server: CityMatchServer(configuration: configuration, catalog: server.catalog, keys: server.keys,
                                                  metrics: server.metrics, audit: server.audit), store: store, keys: keys)
    }

    /// Runs `body` against the server listening on a real loopback socket.
    func live(_ body: @Sendable (HTTP) async throws -> Void) async throws {
        var logger = Logger(label: "citymatch.test")
        logger.logLevel = .warning
        try await server.makeApplication(logger: logger).test(.live) { client in
            try await body(HTTP(client: client))
        }
    }
}
