import CityMatchCore
import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// I/O failures while saving an index (format errors are `IndexFileError`).
public enum IndexFileIOError: Error, CustomStringConvertible {
    case systemCall(String, path: String, errno: Int32)

    public var description: String {
        switch self {
        case .systemCall(let call, let path, let code):
            return "\(call) failed for \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// An index read from disk: the index searches the mapped file in place.
public struct LoadedIndex: Sendable {
    public let index: FlatIndex
    /// The embedding model the vectors were computed with.
    public let modelID: String
}

/// The vector section of a mapped index file. Holding the `MappedFile`
/// keeps the mapping alive as long as any `FlatIndex` snapshot uses it.
private final class MappedVectors: VectorRegion, @unchecked Sendable {
    let file: MappedFile
    let floats: UnsafeBufferPointer<Float>

    init(file: MappedFile, byteRange: Range<Int>) {
        self.file = file
        let raw = UnsafeRawBufferPointer(rebasing: file.bytes[byteRange])
        // mmap is page-aligned and the format aligns vectors to 64 bytes, so
        // binding to Float is valid; the pages are never written.
        floats = raw.bindMemory(to: Float.self)
    }
}

/// Reads and writes vector index files (`docs/index-format.md`).
public enum IndexFile {
    /// Test hook: milliseconds to sleep after each chunk of vectors written,
    /// so a test can kill a writer mid-file. Unset in normal use.
    public static let writeDelayEnvironmentKey = "CITYMATCH_INDEX_WRITE_DELAY_MS"

    /// Vectors are written (and hashed) in chunks of about this many bytes.
    static let chunkBytes = 1 << 20

    /// Maps `path` read-only and validates it; the returned index searches the
    /// mapping directly (the vectors are not copied; ids are decoded, O(N)).
    ///
    /// - Parameters:
    ///   - expectedModelID: when given, a file built with another model is rejected.
    ///   - verifyChecksum: SHA-256 verification is O(file size) and touches every
    ///     page; pass `false` only for trusted files.
    /// - Throws: `MappedFileError` for I/O, `IndexFileError` for any malformed,
    ///   truncated, corrupt or mismatched file.
    /// - Complexity: O(file size) with the checksum, O(N + id bytes) without.
    public static func load(path: String, expectedModelID: String? = nil, verifyChecksum: Bool = true) throws -> LoadedIndex {
        let file = try MappedFile(path: path)
        let layout = try IndexFileFormat.decode(file.bytes, expectedModelID: expectedModelID, verifyChecksum: verifyChecksum)
        let storage = layout.count == 0
            ? VectorStorage()
            : VectorStorage(borrowing: MappedVectors(file: file, byteRange: layout.vectorsRange))
        let index = try FlatIndex(dimension: layout.dimension, ids: layout.ids, storage: storage)
        return LoadedIndex(index: index, modelID: layout.modelID)
    }

    /// Writes `index` to `path` atomically: into a hidden temporary file in the
    /// same folder, `fsync`ed, renamed over `path`, then the folder is
    /// `fsync`ed. A crash at any point leaves either the old file or the new
    /// one under `path`, never a torn one; a stray temporary file (see
    /// `temporaryFiles(for:)`) never has the index's name.
    ///
    /// - Complexity: O(N · d + id bytes) time, O(N + id bytes + 1 MiB) memory
    ///   beyond the index.
    public static func save(_ index: FlatIndex, modelID: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))").path

        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw IndexFileIOError.systemCall("open", path: temporary, errno: errno) }
        var isOpen = true
        do {
            try writeContents(of: index, modelID: modelID, to: fd, path: temporary)
            guard fsync(fd) == 0 else { throw IndexFileIOError.systemCall("fsync", path: temporary, errno: errno) }
            isOpen = false // a failed close still releases the descriptor
            guard close(fd) == 0 else { throw IndexFileIOError.systemCall("close", path: temporary, errno: errno) }
        } catch {
            if isOpen { close(fd) }
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw IndexFileIOError.systemCall("rename", path: path, errno: code)
        }
        try syncFolder(folder)
    }

    /// Leftover temporary files of interrupted `save(_:modelID:to:)` calls for
    /// `path`, which a caller may delete once no writer is running.
    ///
    /// - Complexity: O(entries in the folder).
    public static func temporaryFiles(for path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let prefix = ".\(url.lastPathComponent).tmp-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix(prefix) }.sorted().map { folder.appendingPathComponent($0).path }
    }

    // MARK: - Writing

    /// Streams prefix, vectors and checksum to `fd`, hashing as it goes.
    private static func writeContents(of index: FlatIndex, modelID: String, to fd: Int32, path: String) throws {
        var hasher = SHA256()
        let prefix = IndexFileFormat.encodePrefix(dimension: index.dimension, modelID: modelID, ids: index.ids)
        try prefix.withUnsafeBytes { bytes in
            hasher.update(bufferPointer: bytes)
            try writeAll(bytes, to: fd, path: path)
        }
        let delay = writeDelayMilliseconds()
        let rowsPerChunk = max(1, chunkBytes / (index.dimension * MemoryLayout<Float>.size))
        var chunk: [UInt8] = []
        chunk.reserveCapacity(rowsPerChunk * index.dimension * MemoryLayout<Float>.size)
        try index.withUnsafeVectors { vectors in
            var row = 0
            while row < index.count {
                let end = min(row + rowsPerChunk, index.count)
                chunk.removeAll(keepingCapacity: true)
                IndexFileFormat.appendLittleEndian(
                    UnsafeBufferPointer(rebasing: vectors[row * index.dimension ..< end * index.dimension]), to: &chunk)
                try chunk.withUnsafeBytes { bytes in
                    hasher.update(bufferPointer: bytes)
                    try writeAll(bytes, to: fd, path: path)
                }
                row = end
                if delay > 0 { usleep(useconds_t(delay) * 1000) }
            }
        }
        try Array(hasher.finalize()).withUnsafeBytes { try writeAll($0, to: fd, path: path) }
    }

    /// `write(2)` until every byte is out, retrying short writes and EINTR.
    private static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw IndexFileIOError.systemCall("write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// Makes the rename durable: a directory entry change is only on disk once
    /// the directory itself is synced.
    private static func syncFolder(_ folder: String) throws {
        let fd = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw IndexFileIOError.systemCall("open", path: folder, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw IndexFileIOError.systemCall("fsync", path: folder, errno: errno) }
    }

    private static func writeDelayMilliseconds() -> Int {
        guard let raw = getenv(writeDelayEnvironmentKey), let value = Int(String(cString: raw)), value > 0 else { return 0 }
        return min(value, 60_000)
    }
}
