import Foundation

/// Everything `citymatch serve` can be told, with the documented defaults (docs/server.md).
///
/// A plain value so tests build servers with other limits without touching flags.
public struct ServerConfiguration: Sendable {
    /// Interface to bind; loopback by default, so exposing the server is a deliberate choice.
    public var host = "127.0.0.1"
    /// TCP port; 0 lets the system pick one (the chosen port is logged).
    public var port = 8080
    /// Largest request body accepted, in bytes (→ 413).
    public var maxBodyBytes = 1 << 20
    /// A request still running after this long is answered 503 (its work finishes in the background).
    public var requestTimeout: Duration = .seconds(30)
    /// Requests per minute per API key (anonymous callers: per client address); nil = unlimited.
    public var rateLimitPerMinute: Int?
    /// Lets callers without a key search (and list cities), read-only.
    public var publicSearch = false
    /// Lets callers without a key read `/metrics` (otherwise secretariat keys only).
    public var publicMetrics = false
    /// The largest `k` a request may ask for (→ 422 above it).
    public var maximumK = 100
    /// The default `k` when a request gives none.
    public var defaultK = 10
    /// A folder of static files served at `/` (index.html for `/`); nil = the bundled `Public/` folder, if any.
    public var publicDirectory: String?

    public init() {}
}

/// What the shortlist audit record states about the running configuration, as the CLI records it.
public struct AuditContext: Sendable {
    /// The store path (or catalog label) recorded under `parameters.catalog`.
    public var catalogLabel: String
    /// Where the ranker weights came from (a file path or `built-in`).
    public var weightsSource: String
    /// SHA-256 of `model.safetensors` as the model manifest names it.
    public var modelWeightsHash: String
    /// The tool version recorded in the audit.
    public var toolVersion: String

    public init(catalogLabel: String, weightsSource: String, modelWeightsHash: String, toolVersion: String) {
        self.catalogLabel = catalogLabel
        self.weightsSource = weightsSource
        self.modelWeightsHash = modelWeightsHash
        self.toolVersion = toolVersion
    }
}
