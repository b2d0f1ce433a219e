import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors raised while mapping a file.
public enum MappedFileError: Error, CustomStringConvertible {
    case cannotOpen(path: String, errno: Int32)
    case cannotStat(path: String, errno: Int32)
    case cannotMap(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let e): return "cannot open \(p): \(String(cString: strerror(e)))"
        case .cannotStat(let p, let e): return "cannot stat \(p): \(String(cString: strerror(e)))"
        case .cannotMap(let p, let e): return "cannot map \(p): \(String(cString: strerror(e)))"
        }
    }
}

/// A file mapped read-only into memory; unmapped when the last reference goes.
///
/// The mapping is never written, so sharing it between threads is safe.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    /// The file's bytes (empty for an empty file).
    public let bytes: UnsafeRawBufferPointer
    private let mappedLength: Int

    /// Maps `path` read-only (`PROT_READ`, `MAP_PRIVATE`).
    ///
    /// - Complexity: O(1) (pages are loaded lazily by the kernel).
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MappedFileError.cannotOpen(path: path, errno: errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw MappedFileError.cannotStat(path: path, errno: errno) }
        let size = Int(info.st_size)
        guard size > 0 else {
            mappedLength = 0
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw MappedFileError.cannotMap(path: path, errno: errno)
        }
        mappedLength = size
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if mappedLength > 0, let base = bytes.baseAddress {
            munmap(UnsafeMutableRawPointer(mutating: base), mappedLength)
        }
    }
}
