import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// CityMatch owns BLAS parallelism; OpenBLAS itself always runs single-threaded.
///
/// Why: Debian's OpenBLAS 0.3.21 (pthreads) deadlocks when two threads of one process call
/// its multi-threaded `sgemm` at the same time (both end up in `exec_blas`, one waiting on
/// the level-3 lock, the other on worker threads that never answer). The server encodes
/// queries concurrently and the tests encode from many tasks, so that is not rare: it hung
/// a CI run. So OpenBLAS's thread count is pinned to 1 before the first call, and large
/// products are split across CityMatch's own threads (`BLAS.sgemm`, `ParallelSearch`), each
/// calling single-threaded OpenBLAS on a disjoint part of the output; concurrent callers
/// then never meet inside OpenBLAS's thread pool.
///
/// `configuredThreadCount` is how many threads CityMatch uses for one product or search:
/// `OPENBLAS_NUM_THREADS` if set (so the usual knob still works), else the core count, or
/// the value given to `BLAS.setThreadCount`.
public enum BLASThreading {
    /// Threads one product or search may use.
    ///
    /// - Complexity: O(1) (takes a lock).
    public static var configuredThreadCount: Int {
        pinOpenBLAS()
        return state.withLock { $0.configured }
    }

    /// Sets the configured thread count (applies to calls that start afterwards).
    ///
    /// - Complexity: O(1).
    public static func setConfiguredThreadCount(_ n: Int) {
        pinOpenBLAS()
        state.withLock { $0.configured = max(1, n) }
    }

    /// Threads `BLAS.sgemm` may use now: 1 inside a ``withSingleThreadedBLAS`` scope (whose
    /// caller already runs its own workers), else the configured count.
    ///
    /// - Complexity: O(1).
    public static var productThreads: Int {
        state.withLock { $0.depth > 0 ? 1 : $0.configured }
    }

    /// Runs `body`, whose own worker threads call BLAS, with `BLAS.sgemm` not splitting
    /// further (no nested parallelism). Scopes nest and may overlap; while one is open,
    /// products started elsewhere in the process also run on one thread (correct, only slower).
    ///
    /// - Complexity: O(1) plus `body`.
    public static func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
        state.withLock { $0.depth += 1 }
        defer { state.withLock { $0.depth -= 1 } }
        return try body()
    }

    /// Pins OpenBLAS to one thread, once per process, before any BLAS call.
    @inlinable
    public static func pinOpenBLAS() { _ = openBLASPinned }

    @usableFromInline
    static let openBLASPinned: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    @usableFromInline
    struct State {
        var depth = 0
        var configured = BLASThreading.environmentThreadCount()
    }

    /// `OPENBLAS_NUM_THREADS` when set to a positive number, else the online core count.
    static func environmentThreadCount() -> Int {
        if let text = getenv("OPENBLAS_NUM_THREADS"), let n = Int(String(cString: text)), n > 0 { return n }
        return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    private static let state = LockedState()

    /// A pthread mutex around `State` (the core avoids Foundation).
    private final class LockedState: @unchecked Sendable {
        private let mutex: UnsafeMutablePointer<pthread_mutex_t>
        private var value = State()

        init() {
            mutex = .allocate(capacity: 1)
            pthread_mutex_init(mutex, nil)
        }

        deinit {
            pthread_mutex_destroy(mutex)
            mutex.deallocate()
        }

        func withLock<R>(_ body: (inout State) -> R) -> R {
            pthread_mutex_lock(mutex)
            defer { pthread_mutex_unlock(mutex) }
            return body(&value)
        }
    }
}
