import CityMatchCore
import CityMatchStore
import Prometheus

/// The server's Prometheus metrics, in a registry of its own (no global bootstrap, so several
/// servers in one test process keep separate counts). Names are listed in docs/server.md.
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let cacheHits: Counter
    private let encoded: Counter
    private let queryEncodings: Counter
    private let snapshotSwaps: Counter
    private let searchBatches: Counter
    private let searchBatchQueries: Counter
    private let searchRescans: Counter
    private let indexStartups: Gauge
    private let indexNeeds: Gauge
    private let indexCities: Gauge
    private let indexDimension: Gauge

    /// Latency buckets, in seconds: 1 ms to 30 s.
    static let latencyBuckets: [Duration] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        .map { Duration.nanoseconds(Int64($0 * 1e9)) }

    public init() {
        cacheHits = registry.makeCounter(descriptor: Self.name("encoder_cache_hits", "total",
                                                               "Catalog texts whose embedding came from the cache while building a snapshot."))
        encoded = registry.makeCounter(descriptor: Self.name("encoder_cache_misses", "total",
                                                             "Catalog texts the encoder had to run on while building a snapshot."))
        queryEncodings = registry.makeCounter(descriptor: Self.name("encoder_query_texts", "total",
                                                                    "Free-text queries encoded (text plus its clauses count once)."))
        snapshotSwaps = registry.makeCounter(descriptor: Self.name("snapshot_builds", "total",
                                                                   "Engine snapshots built (the first one and one per successful write)."))
        searchBatches = registry.makeCounter(descriptor: Self.name("search_batches", "total",
                                                                   "Vector-search batches run for ranking requests (concurrent requests share one)."))
        searchBatchQueries = registry.makeCounter(descriptor: Self.name("search_batch_queries", "total",
                                                                        "Queries searched in those batches (divided by the batches: the mean batch size)."))
        searchRescans = registry.makeCounter(descriptor: Self.name("search_rescans", "total",
                                                                   "Batched queries whose pool the 8-bit sketch could not certify, searched again over the float vectors."))
        indexStartups = registry.makeGauge(descriptor: Self.name("index_startups", "", "Startups in the current snapshot's vector index."))
        indexNeeds = registry.makeGauge(descriptor: Self.name("index_needs", "", "Needs in the current snapshot."))
        indexCities = registry.makeGauge(descriptor: Self.name("index_cities", "", "Cities in the current snapshot."))
        indexDimension = registry.makeGauge(descriptor: Self.name("index_dimension", "", "Dimension of the index's vectors."))
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "citymatch", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one answered request. `route` is the matched route pattern (bounded cardinality).
    ///
    /// - Complexity: O(1) amortised (collectors are created once per label set).
    public func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered, by route, method and status."),
                             labels: labels).increment()
        registry.makeDurationHistogram(descriptor: Self.name("http_request_duration", "seconds", "HTTP request latency, by route and method."),
                                       labels: [("route", route), ("method", method)], buckets: Self.latencyBuckets)
            .record(duration)
    }

    /// Records a snapshot build: cache hits and misses, and the index sizes now served.
    func recordBuild(_ stats: EmbeddingPipeline.Statistics, catalog: Catalog, dimension: Int) {
        indexDimension.set(Double(dimension))
        cacheHits.increment(by: Int64(stats.cacheHits))
        encoded.increment(by: Int64(stats.encoded))
        snapshotSwaps.increment()
        indexStartups.set(Double(catalog.startups.count))
        indexNeeds.set(Double(catalog.needs.count))
        indexCities.set(Double(catalog.cities.count))
    }

    func recordQueryEncoding() { queryEncodings.increment() }

    /// Counts one vector-search batch of `queries` queries (``SearchCoalescer``).
    func recordSearchBatch(queries: Int) {
        searchBatches.increment()
        searchBatchQueries.increment(by: Int64(queries))
    }

    /// Counts `queries` searched again over the float vectors (``SearchCoalescer``).
    func recordSearchRescans(queries: Int) { searchRescans.increment(by: Int64(queries)) }

    /// The Prometheus text exposition.
    public func exposition() -> String { registry.emitToString() }
}
