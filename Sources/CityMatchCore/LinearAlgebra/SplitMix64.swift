#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, fast, seedable generator.
///
/// Used wherever CityMatch needs reproducible randomness (synthetic data,
/// tests, sampling). The helpers below convert bits to numbers with fixed
/// formulas instead of `Float.random(in:using:)`, whose algorithm the standard
/// library does not promise to keep, so a seed gives the same values on every
/// platform and toolchain. Not cryptographically secure.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The full generator state; equal states produce equal sequences.
    public var state: UInt64

    /// - Complexity: O(1).
    public init(seed: UInt64) {
        self.state = seed
    }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform `Float` in `[0, 1)` from the top 24 bits (every value is an
    /// exact multiple of 2⁻²⁴).
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform `Double` in `[0, 1)` from the top 53 bits.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform `Float` in `[lower, upper)`.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextFloat(in range: Range<Float>) -> Float {
        let value = range.lowerBound + (range.upperBound - range.lowerBound) * nextUnitFloat()
        // Rounding can land exactly on the open upper bound.
        return value < range.upperBound ? value : range.lowerBound
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the bias
    /// is below 2⁻³² for any realistic bound, acceptable for non-crypto use).
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A standard normal sample (Box–Muller, one value per call).
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextGaussian() -> Double {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - nextUnitDouble()
        let u2 = nextUnitDouble()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
