import Foundation

/// Runs a route's work against the request timeout (503 when it is exceeded).
///
/// The work runs in its own task so a compute-bound handler (encoding, ranking) cannot hold the
/// answer back, and the timer runs on a Dispatch queue, not in Swift's cooperative pool, so it
/// fires even while compute-bound requests occupy every pool thread. Work that times out runs
/// to its end in the background (a write still completes atomically: the store and snapshot
/// never see half a write); only its answer is dropped.
enum Deadline {
    static func run<T: Sendable>(_ timeout: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let once = Once()
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
                if once.claim() {
                    continuation.resume(throwing: Problem(.serviceUnavailable, "timeout",
                                                          "the request took longer than \(timeout) (serve --request-timeout)"))
                }
            }
            Task {
                let result: Result<T, Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                if once.claim() { continuation.resume(with: result) }
            }
        }
    }
}

/// A flag that can be claimed exactly once, from any thread.
final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock(); defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
