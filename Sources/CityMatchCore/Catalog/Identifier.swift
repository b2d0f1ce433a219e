/// The catalog's id rule: `[a-z0-9][a-z0-9._-]{0,63}`.
public enum Identifier {
    /// Whether `id` is a valid catalog id.
    ///
    /// - Complexity: O(length of `id`).
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        guard !bytes.isEmpty, bytes.count <= CatalogLimits.idLength else { return false }
        func lowerOrDigit(_ b: UInt8) -> Bool {
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
        }
        guard lowerOrDigit(bytes[0]) else { return false }
        return bytes.dropFirst().allSatisfy {
            lowerOrDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }
}
