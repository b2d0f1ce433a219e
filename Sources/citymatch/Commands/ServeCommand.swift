import ArgumentParser
import CityMatchCore
import CityMatchServer
import CityMatchStore
import Foundation
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the API over HTTP (JSON; the OpenAPI document is at /openapi.json).",
        discussion: """
            Reads and writes the store given by --db. Callers authenticate with API keys from \
            `citymatch keys create` (Authorization: Bearer <secret>, or X-API-Key). Stops cleanly \
            on SIGTERM or SIGINT: no new connections, requests in flight finish. See docs/server.md.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions

    @Option(help: "Interface to bind.") var host = "127.0.0.1"
    @Option(help: "TCP port (0: any free port; the chosen one is logged).") var port = 8080
    @Option(help: ArgumentHelp("Largest request body, in bytes (413 above).", valueName: "bytes")) var maxBodyBytes = 1 << 20
    @Option(help: ArgumentHelp("Seconds a request may run before it is answered 503.", valueName: "seconds")) var requestTimeout = 30.0
    @Option(help: ArgumentHelp("Requests per minute per API key (anonymous: per address); 429 above. Default: unlimited.", valueName: "n"))
    var rateLimit: Int?
    @Option(help: "The largest k a request may ask for.") var maxK = 100
    @Flag(help: "Let callers without a key search and list cities (read-only).") var publicSearch = false
    @Flag(help: "Let callers without a key read /metrics (default: secretariat keys only).") var publicMetrics = false
    @Option(help: ArgumentHelp("Serve this folder's static files at / (default: the bundled page, if any).", valueName: "dir"))
    var publicDir: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical.") var logLevel = "info"
    @Flag(help: "Print the OpenAPI document and exit.") var printOpenapi = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
        guard requestTimeout > 0, requestTimeout.isFinite else { throw ValidationError("--request-timeout must be positive") }
        if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1") }
        guard (1...1000).contains(maxK) else { throw ValidationError("--max-k must be between 1 and 1000") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("--log-level: unknown level '\(logLevel)'") }
    }

    func run() async throws {
        if printOpenapi {
            FileHandle.standardOutput.write(Data(OpenAPIDocument.bytes))
            return
        }
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "citymatch.serve")
        try await reportingFailures {
            let weights: (RankerWeights, String)
            do { weights = try RankerWeightsFile.load(explicit: ranker.weights) } catch { throw Console.fail("\(error)") }
            let store = try self.store.open()
            let encoder = try model.loadEncoder()
            let builder = EngineBuilder(encoder: encoder, cache: store, weights: weights.0)
            let metrics = ServerMetrics()
            logger.info("loading the catalog", metadata: ["db": .string(store.path)])
            let catalog: CatalogService
            do { catalog = try await CatalogService(store: store, builder: builder, metrics: metrics) } catch {
                throw Console.fail("cannot build the engine: \(error)")
            }
            var configuration = ServerConfiguration()
            configuration.host = host
            configuration.port = port
            configuration.maxBodyBytes = maxBodyBytes
            configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
            configuration.rateLimitPerMinute = rateLimit
            configuration.maximumK = maxK
            configuration.publicSearch = publicSearch
            configuration.publicMetrics = publicMetrics
            configuration.publicDirectory = publicDir
            let manifest = (try? ModelManifest.load(from: model.directory.url)) ?? ModelManifest.builtIn
            let audit = AuditContext(catalogLabel: store.path, weightsSource: weights.1,
                                     modelWeightsHash: manifest.files.first { $0.name == "model.safetensors" }?.sha256 ?? "",
                                     toolVersion: CityMatchVersion.current)
            let server = CityMatchServer(configuration: configuration, catalog: catalog, keys: store, metrics: metrics, audit: audit)
            let snapshot = catalog.current
            try await server.run(logger: logger) { port in
                logger.info("listening", metadata: [
                    "url": .string("http://\(host):\(port)"),
                    "cities": .stringConvertible(snapshot.catalog.cities.count),
                    "needs": .stringConvertible(snapshot.catalog.needs.count),
                    "startups": .stringConvertible(snapshot.catalog.startups.count),
                ])
            }
            logger.info("stopped")
        }
    }
}
