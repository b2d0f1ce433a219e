import Foundation

/// Buffered line output to a file: memory stays bounded however many lines are written.
/// Writes go to `NAME.partial` and are renamed into place by ``close()``, so an
/// interrupted run never leaves a truncated file under the final name.
public final class LineWriter {
    private let handle: FileHandle
    private let temporaryURL: URL
    private let finalURL: URL
    private var buffer = Data()
    private let flushThreshold = 4 << 20
    public private(set) var lineCount = 0

    public init(path: String) throws {
        finalURL = URL(fileURLWithPath: path)
        temporaryURL = finalURL.appendingPathExtension("partial")
        guard FileManager.default.createFile(atPath: temporaryURL.path, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporaryURL.path])
        }
        handle = try FileHandle(forWritingTo: temporaryURL)
        buffer.reserveCapacity(flushThreshold + 65_536)
    }

    /// Appends `line` and a newline. - Complexity: amortised O(length of the line).
    public func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        lineCount += 1
        if buffer.count >= flushThreshold { try flush() }
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs and moves the file into place.
    public func close() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
        if FileManager.default.fileExists(atPath: finalURL.path) { try FileManager.default.removeItem(at: finalURL) }
        try FileManager.default.moveItem(at: temporaryURL, to: finalURL)
    }
}
