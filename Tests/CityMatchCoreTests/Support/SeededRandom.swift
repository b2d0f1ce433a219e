@testable import CityMatchCore

/// Deterministic test data built on the core's `SplitMix64`, so a failing
/// case can be replayed from its seed.
extension SplitMix64 {
    /// `count` uniform floats in `range`.
    mutating func floats(_ count: Int, in range: Range<Float> = -1 ..< 1) -> [Float] {
        (0..<count).map { _ in nextFloat(in: range) }
    }

    /// `count` small integers in `-spread...spread`, as floats. Their inner
    /// products are exact in `Float` (|sum| < 2²⁴), so BLAS and naive loops
    /// agree bit for bit and equal scores are common: the tie-breaking tests
    /// rely on both.
    mutating func quantized(_ count: Int, spread: Int) -> [Float] {
        (0..<count).map { _ in Float(nextInt(below: 2 * spread + 1) - spread) }
    }

    /// A `rows × columns` matrix of uniform floats in `range`.
    mutating func matrix(rows: Int, columns: Int, in range: Range<Float> = -1 ..< 1) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: floats(rows * columns, in: range))
    }

    /// A `rows × columns` matrix of small integers (see `quantized`).
    mutating func quantizedMatrix(rows: Int, columns: Int, spread: Int) -> Matrix {
        Matrix(rows: rows, columns: columns, storage: quantized(rows * columns, spread: spread))
    }
}
