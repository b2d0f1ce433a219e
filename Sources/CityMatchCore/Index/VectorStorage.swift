/// A read-only run of `Float` values kept alive by the conforming object,
/// e.g. the vector section of a memory-mapped index file.
///
/// The core does no I/O: the edges (CityMatchStore) own the mapping and hand
/// it in through this protocol, so a search can run over the file's pages
/// without copying them.
public protocol VectorRegion: AnyObject, Sendable {
    /// The values. Must stay valid and unchanged for the object's lifetime.
    var floats: UnsafeBufferPointer<Float> { get }
}

/// The contiguous row-major `Float32` buffer behind a `FlatIndex`: either an
/// owned array or a borrowed read-only `VectorRegion`.
///
/// A value type with copy-on-write semantics: copies share the array (or the
/// region) until one of them is mutated. Mutating a borrowed region first
/// copies it into an owned array, because the region is read-only.
public struct VectorStorage: Sendable {
    // Two stored properties instead of an enum with payloads: switching over
    // an enum would copy the array out and defeat in-place mutation.
    private var owned: [Float]
    private var region: (any VectorRegion)?

    /// Owned storage holding `values`.
    ///
    /// - Complexity: O(1) (the array is shared, not copied).
    public init(_ values: [Float] = []) {
        owned = values
        region = nil
    }

    /// Storage borrowing `region`; nothing is copied until a mutation.
    ///
    /// - Complexity: O(1).
    public init(borrowing region: any VectorRegion) {
        owned = []
        self.region = region
    }

    /// The number of floats.
    ///
    /// - Complexity: O(1).
    public var count: Int { region?.floats.count ?? owned.count }

    /// Whether the values live in a borrowed region (not yet copied).
    ///
    /// - Complexity: O(1).
    public var isBorrowed: Bool { region != nil }

    /// Calls `body` with the values; the pointer must not escape.
    ///
    /// - Complexity: O(1) plus `body`.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        if let region {
            return try withExtendedLifetime(region) { try body(region.floats) }
        }
        return try owned.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with mutable access, copying a borrowed region or a shared
    /// array first.
    ///
    /// - Complexity: O(count) when a copy is needed, O(1) otherwise, plus `body`.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        makeOwned()
        return try owned.withUnsafeMutableBufferPointer(body)
    }

    /// Appends `values`.
    ///
    /// - Complexity: amortised O(values.count), plus O(count) to copy a borrowed region.
    public mutating func append(contentsOf values: UnsafeBufferPointer<Float>) {
        makeOwned()
        owned.append(contentsOf: values)
    }

    /// Drops the last `n` values.
    ///
    /// - Complexity: O(n), plus O(count) to copy a borrowed region.
    public mutating func removeLast(_ n: Int) {
        makeOwned()
        owned.removeLast(n)
    }

    /// Ensures `count` more values fit without reallocation.
    ///
    /// - Complexity: O(count) when the array grows.
    public mutating func reserveCapacity(additional: Int) {
        makeOwned()
        owned.reserveCapacity(owned.count + additional)
    }

    /// An owned array with the values.
    ///
    /// - Complexity: O(count) for a borrowed region, O(1) otherwise.
    public var array: [Float] {
        if let region { return Array(region.floats) }
        return owned
    }

    private mutating func makeOwned() {
        guard let region else { return }
        owned = Array(region.floats)
        self.region = nil
    }
}
