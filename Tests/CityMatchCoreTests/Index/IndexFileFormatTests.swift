import Testing
@testable import CityMatchCore

@Suite struct IndexFileFormatTests {
    private func littleEndian<T: FixedWidthInteger>(_ bytes: [UInt8], at offset: Int, as _: T.Type) -> T {
        bytes[offset ..< offset + MemoryLayout<T>.size].reversed().reduce(0) { $0 << 8 | T($1) }
    }

    @Test(arguments: [0, 1, 2, 3, 7, 40])
    func prefixHeaderAndAlignment(idCount: Int) {
        let ids = (0..<idCount).map { String(repeating: "x", count: $0) + "é" }
        let prefix = IndexFileFormat.encodePrefix(dimension: 384, modelID: "m", ids: ids)
        #expect(Array(prefix.prefix(4)) == Array("CMIX".utf8))
        #expect(littleEndian(prefix, at: 4, as: UInt32.self) == 1)
        #expect(littleEndian(prefix, at: 8, as: UInt32.self) == 384)
        #expect(littleEndian(prefix, at: 12, as: UInt32.self) == 1)
        #expect(littleEndian(prefix, at: 16, as: UInt64.self) == UInt64(idCount))
        #expect(littleEndian(prefix, at: 24, as: UInt64.self) == UInt64(prefix.count))
        #expect(prefix.count % 64 == 0)
        let tableEnd = 32 + 1 + ids.reduce(0) { $0 + 4 + $1.utf8.count }
        #expect(prefix.count - tableEnd < 64 && prefix[tableEnd...].allSatisfy { $0 == 0 })
    }

    @Test func encodeDecodeRoundTripInMemory() throws {
        var rng = SplitMix64(seed: 1)
        let vectors = rng.matrix(rows: 9, columns: 3).rowNormalized()
        let index = try FlatIndex(dimension: 3, ids: (0..<9).map { "城市-\($0)" }, vectors: vectors)
        let bytes = IndexFileFormat.encode(index, modelID: "model-α")
        let layout = try bytes.withUnsafeBytes { try IndexFileFormat.decode($0, expectedModelID: "model-α") }
        #expect(layout.ids == index.ids && layout.modelID == "model-α" && layout.dimension == 3 && layout.count == 9)
        #expect(layout.fileSize == bytes.count)
        let stored = bytes[layout.vectorsRange].withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(stored == vectors.storage)
    }

    @Test func duplicateIDsInAFileAreMalformed() throws {
        // Build a valid two-row file, then rename row 1 to row 0's id and skip the checksum.
        let index = try FlatIndex(dimension: 1, ids: ["ab", "cd"], vectors: Matrix(rowVectors: [[1], [1]]))
        var bytes = IndexFileFormat.encode(index, modelID: "")
        let second = 32 + 4 + 2 + 4
        bytes.replaceSubrange(second ..< second + 2, with: Array("ab".utf8))
        #expect(throws: IndexFileError.malformed("id \"ab\" appears twice")) {
            try bytes.withUnsafeBytes { try IndexFileFormat.decode($0, verifyChecksum: false) }
        }
        // Structure is checked before the checksum, so the specific error wins.
        #expect(throws: IndexFileError.malformed("id \"ab\" appears twice")) {
            try bytes.withUnsafeBytes { try IndexFileFormat.decode($0) }
        }
    }
}
