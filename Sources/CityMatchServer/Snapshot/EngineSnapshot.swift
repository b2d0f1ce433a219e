import CityMatchCore
import Foundation

/// One immutable state of the catalog and its engine. Readers take the current snapshot and
/// use it for the whole request, so a concurrent write never shows them a half-updated index.
public struct EngineSnapshot: Sendable {
    public let engine: MatchEngine
    /// Ranks with the searches of concurrent requests batched (``SearchCoalescer``): the
    /// ranking routes go through it, so requests on this snapshot share their vector scans.
    public let search: SearchCoalescer
    /// Increases by one with every write that was swapped in.
    public let version: Int
    public var catalog: Catalog { engine.catalog }

    /// - Parameters:
    ///   - onSearchBatch: told each search batch's size (for the metrics).
    ///   - onSearchRescan: told how many of a batch's queries were searched again over the
    ///     floats (``SearchCoalescer/init(engine:maximumBatch:onBatch:onRescan:)``).
    public init(engine: MatchEngine, version: Int, onSearchBatch: (@Sendable (Int) -> Void)? = nil,
                onSearchRescan: (@Sendable (Int) -> Void)? = nil) {
        self.engine = engine
        self.search = SearchCoalescer(engine: engine, onBatch: onSearchBatch, onRescan: onSearchRescan)
        self.version = version
    }
}

/// The current snapshot behind a lock: a read is a pointer copy under the lock, never a wait
/// on a writer (writers build the next snapshot outside it and only swap under it).
final class SnapshotCell: @unchecked Sendable {
    private let lock = NSLock()
    private var snapshot: EngineSnapshot

    init(_ snapshot: EngineSnapshot) { self.snapshot = snapshot }

    /// - Complexity: O(1).
    var current: EngineSnapshot {
        lock.lock(); defer { lock.unlock() }
        return snapshot
    }

    /// - Complexity: O(1).
    func swap(_ next: EngineSnapshot) {
        lock.lock(); defer { lock.unlock() }
        snapshot = next
    }
}

/// A FIFO mutex for async code: one catalog write at a time, in arrival order.
/// (An actor alone would not do: it is re-entrant across the writes' awaits.)
actor WriteLock {
    private var held = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !held { held = true; return }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty { held = false } else { waiting.removeFirst().resume() }
    }

    /// Runs `body` holding the lock.
    nonisolated func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }
}
