import Crypto

/// SHA-256 as lower-case hex: the one fingerprint CityMatch uses for texts (embedding cache
/// keys), catalogs and weights (audit records, ranker files) and model files.
public enum SHA256Hex {
    /// - Complexity: O(n) in the number of bytes.
    public static func digest<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    /// The digest of a string's UTF-8 bytes.
    public static func digest(_ text: String) -> String { digest(text.utf8) }

    public static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
