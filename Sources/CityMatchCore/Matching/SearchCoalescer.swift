import Foundation

/// Ranks concurrent queries against one engine with their vector searches coalesced: while
/// one batch of searches runs, the queries that arrive wait, and go together in the next.
///
/// Why: one query's exact search streams all N·d floats of the startup vectors from memory
/// (100,000 × 384 floats is 154 MB, a few milliseconds), and at 16 concurrent requests on two
/// cores those scans were a third of the server's time. A batch of Q queries is one blocked
/// sgemm that reads the vectors once (``MatchEngine/semanticPools(_:pool:)``), so under load
/// the scan costs one pass per batch instead of one per request. Nothing waits for a batch to
/// fill: a query arriving at an idle coalescer is searched at once, alone.
///
/// Results are exactly those of ``MatchEngine/rank(_:k:options:)``: a batched pool is used
/// only when certified against the rounding bound, else that query is searched alone; queries
/// under a hard filter, or whose catalog fits the pool, do not search and are not batched.
/// Batches run on one serial dispatch queue of their own (each search still splits over the
/// configured threads), so waiting requests hold no thread of Swift's cooperative pool.
public final class SearchCoalescer: @unchecked Sendable {
    public let engine: MatchEngine
    /// The most queries searched in one batch (further arrivals wait for the next).
    public let maximumBatch: Int

    private struct Waiting {
        var query: MatchQuery
        var pool: Int
        var resume: CheckedContinuation<[ScoredIndex], Never>
    }

    private let lock = NSLock()
    private var waiting: [Waiting] = []
    private var draining = false
    private let worker = DispatchQueue(label: "citymatch.search-batches")
    private let onBatch: (@Sendable (Int) -> Void)?
    private let onRescan: (@Sendable (Int) -> Void)?

    /// - Parameters:
    ///   - onBatch: called with each batch's query count before it is searched (the server
    ///     counts batches and queries in its metrics).
    ///   - onRescan: called after a batch with the number of its queries whose pool the 8-bit
    ///     sketch could not certify and the float scan searched again, when there are any.
    /// - Complexity: O(1).
    public init(engine: MatchEngine, maximumBatch: Int = 64, onBatch: (@Sendable (Int) -> Void)? = nil,
                onRescan: (@Sendable (Int) -> Void)? = nil) {
        precondition(maximumBatch >= 1, "a batch holds at least one query")
        self.engine = engine
        self.maximumBatch = maximumBatch
        self.onBatch = onBatch
        self.onRescan = onRescan
    }

    /// ``MatchEngine/rank(_:k:options:)``, its search coalesced with concurrent callers'.
    ///
    /// - Complexity: as ``MatchEngine/rank(_:k:options:)``, with the O(N·d) search shared by
    ///   the queries of its batch.
    public func rank(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions()) async -> [RankedStartup] {
        let pool = await semanticPool(query, options: options)
        return engine.rank(query, k: k, options: options, semanticPool: pool)
    }

    /// ``MatchEngine/rankInferringDomains(_:k:options:neighbours:semanticPool:)``, its search
    /// coalesced with concurrent callers'.
    ///
    /// - Complexity: as ``rank(_:k:options:)``.
    public func rankInferringDomains(_ query: MatchQuery, k: Int, options: RankOptions = RankOptions(),
                                     neighbours: Int = 5) async -> (query: MatchQuery, results: [RankedStartup]) {
        let pool = options.candidatePool >= neighbours ? await semanticPool(query, options: options) : nil
        return engine.rankInferringDomains(query, k: k, options: options, neighbours: neighbours, semanticPool: pool)
    }

    /// `query`'s top `options.candidatePool` by cosine when ranking it searches the index
    /// unfiltered, else nil (ranking then needs no search, or a filtered one of its own).
    ///
    /// - Complexity: O(1) plus the wait for, and a share of, one batch.
    public func semanticPool(_ query: MatchQuery, options: RankOptions) async -> [ScoredIndex]? {
        guard engine.searchesUnfiltered(query, options: options) else { return nil }
        let pool = options.candidatePool
        return await withCheckedContinuation { continuation in
            lock.lock()
            waiting.append(Waiting(query: query, pool: pool, resume: continuation))
            let start = !draining
            draining = true
            lock.unlock()
            if start { worker.async { self.drain() } }
        }
    }

    /// Searches batches until none is waiting.
    private func drain() {
        while true {
            lock.lock()
            let batch = Array(waiting.prefix(maximumBatch))
            waiting.removeFirst(batch.count)
            if batch.isEmpty { draining = false }
            lock.unlock()
            guard !batch.isEmpty else { return }
            onBatch?(batch.count)
            let pools = search(batch)
            for (entry, pool) in zip(batch, pools) { entry.resume.resume(returning: pool) }
        }
    }

    /// Each entry's exact pool: queries sharing a pool size in one search of the sketch,
    /// rescored and certified (``MatchEngine/semanticPools(_:pool:)``).
    private func search(_ batch: [Waiting]) -> [[ScoredIndex]] {
        var result = [[ScoredIndex]](repeating: [], count: batch.count)
        for (pool, members) in Dictionary(grouping: batch.indices, by: { batch[$0].pool }) {
            let (found, rescanned) = engine.semanticPoolSearch(members.map { batch[$0].query }, pool: pool)
            if rescanned > 0 { onRescan?(rescanned) }
            for (member, pool) in zip(members, found) {
                result[member] = pool ?? engine.startupIndex.search(query: batch[member].query.vector, k: batch[member].pool)
                    .map { ScoredIndex(index: $0.row, score: $0.score) }
            }
        }
        return result
    }
}
