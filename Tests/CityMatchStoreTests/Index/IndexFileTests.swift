import CityMatchCore
import Foundation
import Testing
@testable import CityMatchStore
#if canImport(Glibc)
import Glibc
#endif

@Suite struct IndexFileTests {
    private static let model = "sentence-transformers/all-MiniLM-L6-v2@rev1"

    /// A seeded index of unit vectors with ids `prefix0…`.
    private func makeIndex(count: Int, dimension: Int, seed: UInt64, prefix: String = "id-") throws -> FlatIndex {
        var rng = SplitMix64(seed: seed)
        let values = (0..<count * dimension).map { _ in rng.nextFloat(in: -1 ..< 1) }
        let vectors = Matrix(rows: count, columns: dimension, storage: values).rowNormalized()
        return try FlatIndex(dimension: dimension, ids: (0..<count).map { "\(prefix)\($0)" }, vectors: vectors)
    }

    private func queries(_ count: Int, dimension: Int, seed: UInt64) -> Matrix {
        var rng = SplitMix64(seed: seed)
        return Matrix(rows: count, columns: dimension, storage: (0..<count * dimension).map { _ in rng.nextFloat(in: -1 ..< 1) }).rowNormalized()
    }

    private func savedFile(_ index: FlatIndex, model: String = model) throws -> (path: String, bytes: [UInt8]) {
        let path = try TestPaths.temporaryDirectory().appendingPathComponent("catalog.cmix").path
        try IndexFile.save(index, modelID: model, to: path)
        return (path, Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Writes `bytes` to a fresh file and loads it.
    private func load(_ bytes: [UInt8], expectedModelID: String? = nil, verifyChecksum: Bool = true) throws -> LoadedIndex {
        let path = try TestPaths.temporaryDirectory().appendingPathComponent("edited.cmix").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try IndexFile.load(path: path, expectedModelID: expectedModelID, verifyChecksum: verifyChecksum)
    }

    @Test func roundTripsNonASCIIIDsAndSearchesTheMapping() throws {
        let ids = ["München-Ost", "東京 スマートシティ", "São Paulo", "", "🚲 bike-share", "Cafe\u{301}", "plain"]
        var rng = SplitMix64(seed: 11)
        let vectors = Matrix(rows: ids.count, columns: 5, storage: (0..<ids.count * 5).map { _ in rng.nextFloat(in: -1 ..< 1) }).rowNormalized()
        let original = try FlatIndex(dimension: 5, ids: ids, vectors: vectors)
        let (path, bytes) = try savedFile(original)

        let loaded = try IndexFile.load(path: path, expectedModelID: Self.model)
        #expect(loaded.modelID == Self.model)
        #expect(loaded.index.ids == ids)
        #expect(loaded.index.ids.map { Array($0.utf8) } == ids.map { Array($0.utf8) }, "ids keep their exact bytes")
        // Ids compare like Swift strings (canonical equivalence): NFD "Café" is NFC "Café".
        #expect(loaded.index.row(forID: "Caf\u{E9}") == 5)
        #expect(loaded.index.isBorrowingStorage, "vectors are searched in the mapping, not copied")
        for id in ids { #expect(loaded.index.vector(forID: id) == original.vector(forID: id)) }
        let q = queries(4, dimension: 5, seed: 12)
        #expect(loaded.index.search(queries: q, k: 3) == original.search(queries: q, k: 3))
        #expect(bytes == IndexFileFormat.encode(original, modelID: Self.model), "streamed and in-memory encodings agree")

        let layout = try bytes.withUnsafeBytes { try IndexFileFormat.decode($0) }
        #expect(layout.vectorsOffset % 64 == 0)
        #expect(bytes.count == layout.vectorsOffset + ids.count * 5 * 4 + 32)
        #expect(IndexFile.temporaryFiles(for: path).isEmpty)

        // A loaded snapshot is a normal value: mutation copies off the mapping.
        var edited = loaded.index
        edited.remove(ids: ["plain"])
        #expect(!edited.isBorrowingStorage && loaded.index.count == ids.count)
    }

    @Test func zeroVectorIndexRoundTrips() throws {
        let (path, _) = try savedFile(FlatIndex(dimension: 384))
        let loaded = try IndexFile.load(path: path, expectedModelID: Self.model)
        #expect(loaded.index.count == 0 && loaded.index.dimension == 384)
        #expect(loaded.index.search(queries: Matrix(rows: 2, columns: 384), k: 5) == [[], []])
    }

    @Test func everyTruncationIsReported() throws {
        let (_, bytes) = try savedFile(try makeIndex(count: 20, dimension: 8, seed: 3))
        for cut in Set([0, 1, 3, 4, 7, 8, 31, 32, 40, 100, bytes.count / 2, bytes.count - 33, bytes.count - 32, bytes.count - 1]) {
            #expect(throws: IndexFileError.self, "cut at \(cut)") { try load(Array(bytes.prefix(cut))) }
            do { _ = try load(Array(bytes.prefix(cut))) } catch let error as IndexFileError {
                guard case .truncated = error else { Issue.record("cut at \(cut): \(error)"); continue }
            }
        }
    }

    @Test func flippedBytesFailTheChecksumUnlessVerificationIsSkipped() throws {
        let index = try makeIndex(count: 30, dimension: 8, seed: 4)
        let (_, bytes) = try savedFile(index)
        let layout = try bytes.withUnsafeBytes { try IndexFileFormat.decode($0) }
        for position in [layout.vectorsOffset, layout.vectorsOffset + 123, bytes.count - 40, bytes.count - 1, 35] {
            var corrupt = bytes
            corrupt[position] ^= 0x10
            #expect(throws: IndexFileError.checksumMismatch, "byte \(position)") { try load(corrupt) }
        }
        var corrupt = bytes
        corrupt[layout.vectorsOffset + 1] ^= 0x01
        let trusted = try load(corrupt, verifyChecksum: false) // structure is fine, only the data changed
        #expect(trusted.index.count == 30)
    }

    @Test func headerErrorsAreSpecific() throws {
        let (_, bytes) = try savedFile(try makeIndex(count: 5, dimension: 4, seed: 5))
        var wrongMagic = bytes
        wrongMagic[0] = UInt8(ascii: "X")
        #expect(throws: IndexFileError.badMagic) { try load(wrongMagic) }

        var wrongVersion = bytes
        wrongVersion[4] = 2
        #expect(throws: IndexFileError.unsupportedVersion(2)) { try load(wrongVersion) }

        #expect(throws: IndexFileError.modelMismatch(expected: "other-model", found: Self.model)) {
            try load(bytes, expectedModelID: "other-model")
        }
        #expect(try load(bytes).modelID == Self.model)

        #expect(throws: IndexFileError.self) { try load(bytes + [0]) } // trailing bytes
        var zeroDimension = bytes
        zeroDimension.replaceSubrange(8 ..< 12, with: [0, 0, 0, 0])
        #expect(throws: IndexFileError.malformed("dimension is 0")) { try load(zeroDimension) }
        for field in [16, 24] { // absurd count / offset: an error, never a trap or a huge allocation
            var absurd = bytes
            absurd.replaceSubrange(field ..< field + 8, with: [UInt8](repeating: 0xFF, count: 8))
            #expect(throws: IndexFileError.self, "field \(field)") { try load(absurd) }
        }
        var badUTF8 = bytes // first id byte → 0xFF; skip the checksum so the UTF-8 check is what fails
        badUTF8[32 + Self.model.utf8.count + 4] = 0xFF
        #expect(throws: IndexFileError.malformed("id of row 0 is not valid UTF-8")) { try load(badUTF8, verifyChecksum: false) }
        #expect(throws: MappedFileError.self) { try IndexFile.load(path: "/nonexistent/index.cmix") }
        #expect(IndexFileError.checksumMismatch.description.contains("SHA-256"))
    }

    /// Kills a child process in the middle of writing a larger index over an
    /// existing one: the old index must survive intact, and the leftover
    /// temporary file must neither replace it nor load as an index.
    @Test(.timeLimit(.minutes(1))) func killedWriterLeavesTheOldIndexIntact() throws {
        let old = try makeIndex(count: 300, dimension: 16, seed: 6, prefix: "old-")
        let path = try TestPaths.temporaryDirectory().appendingPathComponent("live.cmix").path
        try IndexFile.save(old, modelID: Self.model, to: path)
        let oldBytes = try Data(contentsOf: URL(fileURLWithPath: path))

        // 20 000 × 64 floats = 5 MiB: five 1 MiB chunks, 300 ms apart in the child.
        let larger = try makeIndex(count: 20_000, dimension: 64, seed: 7, prefix: "new-")
        let prefixSize = IndexFileFormat.encodePrefix(dimension: 64, modelID: Self.model, ids: larger.ids).count
        let pid = fork()
        if pid == 0 {
            // Child: only the writer runs here; never return into the test runner.
            setenv(IndexFile.writeDelayEnvironmentKey, "300", 1)
            try? IndexFile.save(larger, modelID: Self.model, to: path)
            _exit(0)
        }
        #expect(pid > 0, "fork failed")
        guard pid > 0 else { return }

        // Wait until the child is past the id table and into the vectors, then kill it.
        var midWrite = false
        for _ in 0..<1000 where !midWrite {
            if let temp = IndexFile.temporaryFiles(for: path).first,
               let size = (try? FileManager.default.attributesOfItem(atPath: temp)[.size] as? Int) ?? nil,
               size > prefixSize {
                midWrite = true
            } else {
                usleep(10_000)
            }
        }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(midWrite, "the child never got into the vectors")
        #expect(status & 0x7F == SIGKILL, "the child was killed, not finished (status \(status))")

        // The index under its own name is untouched and still searches correctly.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == oldBytes)
        let loaded = try IndexFile.load(path: path, expectedModelID: Self.model)
        #expect(loaded.index.ids == old.ids)
        let q = queries(3, dimension: 16, seed: 8)
        #expect(loaded.index.search(queries: q, k: 10) == old.search(queries: q, k: 10))

        // The torn temporary file is hidden, differently named and unloadable.
        let leftovers = IndexFile.temporaryFiles(for: path)
        #expect(leftovers.count == 1)
        for temp in leftovers {
            #expect(temp != path && URL(fileURLWithPath: temp).lastPathComponent.hasPrefix("."))
            #expect(throws: IndexFileError.self) { try IndexFile.load(path: temp) }
        }

        // A later, uninterrupted save replaces the old index.
        try IndexFile.save(larger, modelID: Self.model, to: path)
        let replaced = try IndexFile.load(path: path)
        #expect(replaced.index.count == 20_000 && replaced.index.vector(forID: "new-19999") == larger.vector(forID: "new-19999"))
        for temp in leftovers { unlink(temp) }
    }
}
