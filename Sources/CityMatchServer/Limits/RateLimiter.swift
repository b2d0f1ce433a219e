import Foundation

/// Token buckets, one per caller: `perMinute` requests per minute with bursts up to `perMinute`.
///
/// Memory stays bounded: buckets that have refilled completely are dropped when the table grows.
final class RateLimiter: @unchecked Sendable {
    let perMinute: Int
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, updated: ContinuousClock.Instant)] = [:]
    private let clock = ContinuousClock()

    init(perMinute: Int) { self.perMinute = max(1, perMinute) }

    /// Takes a token for `caller`; nil when allowed, else the seconds until one is available.
    ///
    /// - Complexity: O(1) amortised.
    func take(_ caller: String) -> Int? {
        let now = clock.now
        let rate = Double(perMinute) / 60
        lock.lock(); defer { lock.unlock() }
        var bucket = buckets[caller] ?? (Double(perMinute), now)
        let elapsed = now - bucket.updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        bucket.tokens = min(Double(perMinute), bucket.tokens + seconds * rate)
        bucket.updated = now
        defer { buckets[caller] = bucket; if buckets.count > 10_000 { prune(now: now, rate: rate) } }
        if bucket.tokens >= 1 {
            bucket.tokens -= 1
            return nil
        }
        return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up)))
    }

    private func prune(now: ContinuousClock.Instant, rate: Double) {
        buckets = buckets.filter { _, b in
            let elapsed = now - b.updated
            return b.tokens + Double(elapsed.components.seconds) * rate < Double(perMinute)
        }
    }
}
