import Dispatch

/// Runs independent pieces of work on two threads and collects their results.
enum Concurrently {
    /// `first()` and `second()` at the same time (on the caller's thread and one worker).
    ///
    /// - Complexity: max of the two bodies' costs in wall time.
    static func both<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
        let a = Slot<A>(), b = Slot<B>()
        withoutActuallyEscaping(first) { first in
            withoutActuallyEscaping(second) { second in
                let bodies = Unchecked((first, second))
                DispatchQueue.concurrentPerform(iterations: 2) { i in
                    if i == 0 { a.value = bodies.value.0() } else { b.value = bodies.value.1() }
                }
            }
        }
        return (a.value!, b.value!)
    }

    /// `body(i)` for every `i` in `0..<count`, spread over the cores, results in index order
    /// (the same array a sequential `map` gives, whatever the scheduling).
    ///
    /// - Complexity: Σ body costs, divided among the cores in wall time.
    static func map<T>(count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let slots = (0..<count).map { _ in Slot<T>() }
        withoutActuallyEscaping(body) { body in
            let shared = Unchecked(body)
            DispatchQueue.concurrentPerform(iterations: count) { i in slots[i].value = shared.value(i) }
        }
        return slots.map { $0.value! }
    }

    /// A result written by exactly one worker and read after `concurrentPerform` returns
    /// (which orders the write before the read).
    final class Slot<T>: @unchecked Sendable {
        var value: T?
    }

    /// Values handed to `concurrentPerform`'s workers, each used by one worker only.
    struct Unchecked<T>: @unchecked Sendable {
        let value: T
        init(_ value: T) { self.value = value }
    }
}
