import Crypto

/// Why an index file was rejected. Every malformed or truncated file maps to
/// one of these; decoding never traps on file contents.
public enum IndexFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file ends before the `expected` number of bytes.
    case truncated(expected: Int, actual: Int)
    /// The first four bytes are not `CMIX`.
    case badMagic
    /// A format version this build cannot read.
    case unsupportedVersion(UInt32)
    /// A header field or the id table contradicts itself or the file size.
    case malformed(String)
    /// The stored SHA-256 does not match the contents.
    case checksumMismatch
    /// The index was built with another embedding model.
    case modelMismatch(expected: String, found: String)
    /// The vectors are little-endian Float32; big-endian hosts are not supported.
    case unsupportedHost

    public var description: String {
        switch self {
        case .truncated(let expected, let actual):
            return "index file is truncated: \(actual) bytes, expected \(expected)"
        case .badMagic:
            return "not a CityMatch index file (magic is not CMIX)"
        case .unsupportedVersion(let v):
            return "index file format version \(v) is not supported (this build reads version \(IndexFileFormat.version))"
        case .malformed(let why):
            return "index file is malformed: \(why)"
        case .checksumMismatch:
            return "index file is corrupt: SHA-256 checksum mismatch"
        case .modelMismatch(let expected, let found):
            return "index was built with model \"\(found)\", expected \"\(expected)\""
        case .unsupportedHost:
            return "index files hold little-endian floats; this host is big-endian"
        }
    }
}

/// The binary layout of a CityMatch vector index file (see
/// `docs/index-format.md`); pure encoding and decoding, no I/O.
///
/// ```
/// offset  size  field (integers little-endian)
///      0     4  magic "CMIX"
///      4     4  format version (UInt32, currently 1)
///      8     4  dimension d (UInt32, ≥ 1)
///     12     4  model id byte length m (UInt32)
///     16     8  vector count N (UInt64)
///     24     8  vectors offset V (UInt64, multiple of 64)
///     32     m  model id, UTF-8
///        N × …  id table: per row, UInt32 byte length + UTF-8 bytes
///         …     zero padding up to V
///      V  4·N·d  vectors, row-major Float32 little-endian
/// V+4·N·d   32  SHA-256 of every preceding byte
/// ```
public enum IndexFileFormat {
    public static let magic: [UInt8] = Array("CMIX".utf8)
    /// The only version this build writes and reads. Any layout change bumps it.
    public static let version: UInt32 = 1
    public static let headerSize = 32
    /// Vectors start on a 64-byte boundary (a cache line, and enough for any
    /// SIMD load), so a mapped file can be searched in place.
    public static let vectorAlignment = 64
    public static let checksumSize = 32

    /// Where everything lives in a (valid) index file.
    public struct Layout: Sendable, Equatable {
        public var dimension: Int
        public var count: Int
        public var modelID: String
        public var ids: [String]
        /// Byte offset of the vectors; a multiple of `vectorAlignment`.
        public var vectorsOffset: Int

        /// - Complexity: O(1).
        public var vectorsByteCount: Int { count * dimension * MemoryLayout<Float>.size }
        /// Byte range of the vectors in the file.
        ///
        /// - Complexity: O(1).
        public var vectorsRange: Range<Int> { vectorsOffset ..< vectorsOffset + vectorsByteCount }
        /// Byte offset of the trailing checksum.
        ///
        /// - Complexity: O(1).
        public var checksumOffset: Int { vectorsRange.upperBound }
        /// - Complexity: O(1).
        public var fileSize: Int { checksumOffset + checksumSize }
    }

    /// Whether this host stores `Float` little-endian, as the file does.
    public static var hostIsLittleEndian: Bool { 1.littleEndian == 1 }

    /// Everything before the vectors: header, model id, id table and zero
    /// padding to the vector alignment. The file is this, then the vectors
    /// (`count × dimension` little-endian Float32), then the SHA-256 of all
    /// of it.
    ///
    /// - Complexity: O(total id bytes + model id bytes).
    public static func encodePrefix(dimension: Int, modelID: String, ids: [String]) -> [UInt8] {
        precondition(dimension > 0 && dimension <= Int(UInt32.max), "dimension must fit in 1...UInt32.max")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(headerSize + modelID.utf8.count + ids.reduce(0) { $0 + 4 + $1.utf8.count } + vectorAlignment)
        let model = Array(modelID.utf8)
        precondition(model.count <= Int(UInt32.max), "model id too long")
        bytes += magic
        append(version, to: &bytes)
        append(UInt32(dimension), to: &bytes)
        append(UInt32(model.count), to: &bytes)
        append(UInt64(ids.count), to: &bytes)
        append(UInt64(0), to: &bytes) // vectors offset, patched below
        bytes += model
        for id in ids {
            let utf8 = Array(id.utf8)
            precondition(utf8.count <= Int(UInt32.max), "id too long")
            append(UInt32(utf8.count), to: &bytes)
            bytes += utf8
        }
        let offset = aligned(bytes.count)
        bytes += [UInt8](repeating: 0, count: offset - bytes.count)
        withUnsafeBytes(of: UInt64(offset).littleEndian) { bytes.replaceSubrange(24 ..< 32, with: $0) }
        return bytes
    }

    /// A complete file image for `index` (prefix, vectors, checksum). Handy for
    /// tests and small indexes; `IndexFile.save` streams instead.
    ///
    /// - Complexity: O(N · d + total id bytes).
    public static func encode(_ index: FlatIndex, modelID: String) -> [UInt8] {
        var bytes = encodePrefix(dimension: index.dimension, modelID: modelID, ids: index.ids)
        index.withUnsafeVectors { appendLittleEndian($0, to: &bytes) }
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        bytes += Array(hasher.finalize())
        return bytes
    }

    /// Appends `values` as little-endian Float32.
    ///
    /// - Complexity: O(values.count).
    public static func appendLittleEndian(_ values: UnsafeBufferPointer<Float>, to bytes: inout [UInt8]) {
        if hostIsLittleEndian {
            bytes.append(contentsOf: UnsafeRawBufferPointer(values))
        } else {
            for v in values { append(v.bitPattern, to: &bytes) }
        }
    }

    /// Parses and validates a whole file image.
    ///
    /// Checks, in order: magic, version, header consistency and exact file
    /// size (overflow-safe), model id and id table (valid UTF-8, in bounds,
    /// no duplicate ids, zero padding), then the checksum, then the model id
    /// against `expectedModelID` when given.
    ///
    /// - Parameter verifyChecksum: hashing is O(file size) — for a large
    ///   index it reads every mapped page. Pass `false` only for trusted files
    ///   (e.g. one this process just wrote); structure is still validated.
    /// - Complexity: O(file size) with the checksum, O(N + id bytes) without.
    public static func decode(_ file: UnsafeRawBufferPointer, expectedModelID: String? = nil, verifyChecksum: Bool = true) throws -> Layout {
        guard hostIsLittleEndian else { throw IndexFileError.unsupportedHost }
        guard file.count >= 4 else { throw IndexFileError.truncated(expected: headerSize, actual: file.count) }
        guard file.prefix(4).elementsEqual(magic) else { throw IndexFileError.badMagic }
        guard file.count >= 8 else { throw IndexFileError.truncated(expected: headerSize, actual: file.count) }
        let fileVersion = readUInt32(file, at: 4)
        guard fileVersion == version else { throw IndexFileError.unsupportedVersion(fileVersion) }
        guard file.count >= headerSize else { throw IndexFileError.truncated(expected: headerSize, actual: file.count) }

        let dimension = Int(readUInt32(file, at: 8))
        let modelLength = Int(readUInt32(file, at: 12))
        let rawCount = readUInt64(file, at: 16), rawOffset = readUInt64(file, at: 24)
        guard dimension > 0 else { throw IndexFileError.malformed("dimension is 0") }
        // Sizes are computed in UInt64 with overflow checks: a corrupt header
        // must give an error, not a trap or a wild allocation.
        let (floats, o1) = rawCount.multipliedReportingOverflow(by: UInt64(dimension))
        let (vectorBytes, o2) = floats.multipliedReportingOverflow(by: UInt64(MemoryLayout<Float>.size))
        let (vectorsEnd, o3) = rawOffset.addingReportingOverflow(vectorBytes)
        let (rawSize, o4) = vectorsEnd.addingReportingOverflow(UInt64(checksumSize))
        guard !(o1 || o2 || o3 || o4), rawSize <= UInt64(Int.max) else {
            throw IndexFileError.malformed("header sizes overflow (count \(rawCount), dimension \(dimension), offset \(rawOffset))")
        }
        let expectedSize = Int(rawSize)
        guard file.count >= expectedSize else { throw IndexFileError.truncated(expected: expectedSize, actual: file.count) }
        guard file.count == expectedSize else {
            throw IndexFileError.malformed("\(file.count - expectedSize) unexpected bytes after the checksum")
        }
        // Both now fit in the file size, so Int arithmetic below cannot overflow.
        let count = Int(rawCount), vectorsOffset = Int(rawOffset)
        guard vectorsOffset % vectorAlignment == 0, vectorsOffset >= headerSize + modelLength + 4 * count else {
            throw IndexFileError.malformed("vectors offset \(vectorsOffset) is misaligned or overlaps the id table")
        }

        var cursor = headerSize
        let modelID = try readString(file, at: &cursor, length: modelLength, limit: vectorsOffset, what: "model id")
        let ids = try readIDTable(file, count: count, at: &cursor, limit: vectorsOffset)
        guard file[cursor ..< vectorsOffset].allSatisfy({ $0 == 0 }) else {
            throw IndexFileError.malformed("non-zero bytes in the padding before the vectors")
        }

        let layout = Layout(dimension: dimension, count: count, modelID: modelID, ids: ids, vectorsOffset: vectorsOffset)
        if verifyChecksum {
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: file[0 ..< layout.checksumOffset]))
            guard hasher.finalize().elementsEqual(file[layout.checksumOffset...]) else { throw IndexFileError.checksumMismatch }
        }
        if let expectedModelID, expectedModelID != modelID {
            throw IndexFileError.modelMismatch(expected: expectedModelID, found: modelID)
        }
        return layout
    }

    // MARK: - Little-endian fields

    private static func aligned(_ offset: Int) -> Int {
        (offset + vectorAlignment - 1) / vectorAlignment * vectorAlignment
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private static func readUInt32(_ file: UnsafeRawBufferPointer, at offset: Int) -> UInt32 {
        UInt32(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private static func readUInt64(_ file: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: file.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// - Complexity: O(length).
    private static func readString(_ file: UnsafeRawBufferPointer, at cursor: inout Int, length: Int, limit: Int, what: String) throws -> String {
        guard length <= limit - cursor else { throw IndexFileError.malformed("\(what) runs past the id table") }
        guard let text = String(validating: file[cursor ..< cursor + length], as: UTF8.self) else {
            throw IndexFileError.malformed("\(what) is not valid UTF-8")
        }
        cursor += length
        return text
    }

    /// - Complexity: O(count + id bytes).
    private static func readIDTable(_ file: UnsafeRawBufferPointer, count: Int, at cursor: inout Int, limit: Int) throws -> [String] {
        var ids: [String] = []
        ids.reserveCapacity(count)
        var seen = Set<String>(minimumCapacity: count)
        for row in 0..<count {
            guard limit - cursor >= 4 else { throw IndexFileError.malformed("id table ends before row \(row)") }
            let length = Int(readUInt32(file, at: cursor))
            cursor += 4
            let id = try readString(file, at: &cursor, length: length, limit: limit, what: "id of row \(row)")
            guard seen.insert(id).inserted else { throw IndexFileError.malformed("id \"\(id)\" appears twice") }
            ids.append(id)
        }
        return ids
    }
}
