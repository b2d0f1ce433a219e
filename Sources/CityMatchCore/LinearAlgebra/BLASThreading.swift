import COpenBLAS
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Coordinates OpenBLAS's process-wide thread count with CityMatch's own
/// worker threads.
///
/// A parallel search runs T threads of its own, each calling `sgemm` on a
/// disjoint slice of the base. OpenBLAS must be single-threaded inside those
/// calls (T threads each spawning T more would oversubscribe the cores), but
/// its thread count is one global setting. `withSingleThreadedBLAS` lowers it
/// to 1 for the duration of `body` and restores the configured value when the
/// last concurrent user leaves; nested and concurrent scopes are counted, so
/// the setting is never left changed. While a scope is open, BLAS calls made
/// elsewhere in the process also run single-threaded (correct, only slower).
///
/// `configuredThreadCount` is the value from the environment
/// (`OPENBLAS_NUM_THREADS`, else the core count) or from `BLAS.setThreadCount`,
/// whatever scopes are open.
public enum BLASThreading {
    /// The thread count OpenBLAS uses outside single-threaded scopes.
    ///
    /// - Complexity: O(1) (takes a lock).
    public static var configuredThreadCount: Int {
        state.withLock { $0.depth > 0 ? $0.saved : Int(openblas_get_num_threads()) }
    }

    /// Sets the configured thread count (applied at once, or when the open
    /// scopes close).
    ///
    /// - Complexity: O(1).
    public static func setConfiguredThreadCount(_ n: Int) {
        let n = max(1, n)
        state.withLock { s in
            if s.depth > 0 { s.saved = n } else { openblas_set_num_threads(Int32(n)) }
        }
    }

    /// Runs `body` with OpenBLAS single-threaded, then restores the configured count.
    ///
    /// - Complexity: O(1) plus `body`.
    public static func withSingleThreadedBLAS<R>(_ body: () throws -> R) rethrows -> R {
        state.withLock { s in
            if s.depth == 0 {
                s.saved = Int(openblas_get_num_threads())
                if s.saved != 1 { openblas_set_num_threads(1) }
            }
            s.depth += 1
        }
        defer {
            state.withLock { s in
                s.depth -= 1
                if s.depth == 0, s.saved != 1 { openblas_set_num_threads(Int32(s.saved)) }
            }
        }
        return try body()
    }

    @usableFromInline
    struct State {
        var depth = 0
        var saved = 1
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
