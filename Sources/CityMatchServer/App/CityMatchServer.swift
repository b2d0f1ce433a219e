import CityMatchCore
import CityMatchStore
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The HTTP server over the same core and store as the CLI (docs/server.md).
public struct CityMatchServer: Sendable {
    public let configuration: ServerConfiguration
    public let catalog: CatalogService
    public let keys: any APIKeyStore
    public let metrics: ServerMetrics
    public let audit: AuditContext

    public init(configuration: ServerConfiguration, catalog: CatalogService, keys: any APIKeyStore,
                metrics: ServerMetrics, audit: AuditContext) {
        self.configuration = configuration
        self.catalog = catalog
        self.keys = keys
        self.metrics = metrics
        self.audit = audit
    }

    /// The router with every middleware and route, and the table of the routes it answers.
    ///
    /// Middleware, outermost first: request id + log line + metrics; problem+json for every
    /// error; the declared-body-size check; the static page (public); the API key; the rate limit.
    func makeRouter(logger: Logger) -> (Router<ServerRequestContext>, [RouteTable.Route]) {
        let router = Router(context: ServerRequestContext.self)
        router.add(middleware: RequestLogMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: BodyLimitMiddleware(maximumBytes: configuration.maxBodyBytes))
        if let folder = Self.publicFolder(configuration.publicDirectory) {
            router.add(middleware: FileMiddleware<ServerRequestContext, LocalFileSystem>(folder, searchForIndexHtml: true, logger: logger))
        }
        router.add(middleware: AuthenticationMiddleware(keys: keys))
        if let perMinute = configuration.rateLimitPerMinute {
            router.add(middleware: RateLimitMiddleware(limiter: RateLimiter(perMinute: perMinute)))
        }
        let routes = RouteTable(router: router, configuration: configuration)
        OperationsRoutes.register(routes, catalog: catalog, metrics: metrics)
        SearchRoutes.register(routes, catalog: catalog, metrics: metrics, configuration: configuration)
        CityRoutes.register(routes, catalog: catalog, configuration: configuration)
        NeedRoutes.register(routes, catalog: catalog, configuration: configuration)
        StartupRoutes.register(routes, catalog: catalog, configuration: configuration)
        ExplainRoutes.register(routes, catalog: catalog)
        ShortlistRoutes.register(routes, catalog: catalog, configuration: configuration, audit: audit)
        routes.finish()
        return (router, routes.routes)
    }

    /// The Hummingbird application; `onRunning` receives the bound port (useful with port 0).
    public func makeApplication(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let (router, _) = makeRouter(logger: logger)
        return Application(router: router,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "CityMatch"),
                           onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// Runs until SIGTERM or SIGINT, then stops accepting connections, lets requests in flight
    /// finish and returns (swift-service-lifecycle's graceful shutdown).
    public func run(logger: Logger, onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let app = makeApplication(logger: logger, onRunning: onRunning)
        let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The static page's folder: `explicit`, else the bundled `Resources/Public` when it holds an
    /// `index.html`. Looked up by hand rather than through `Bundle.module`, which stops the
    /// process when the bundle was not copied next to the binary.
    static func publicFolder(_ explicit: String?) -> String? {
        if let explicit { return explicit }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let bases = [Bundle.main.bundleURL, executable, Bundle.main.resourceURL].compactMap { $0 }
        for base in bases {
            for bundle in ["CityMatch_CityMatchServer.resources", "CityMatch_CityMatchServer.bundle", "CityMatch_CityMatchServer.bundle/Contents/Resources"] {
                let folder = base.appendingPathComponent(bundle).appendingPathComponent("Public")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path) { return folder.path }
            }
        }
        return nil
    }
}
