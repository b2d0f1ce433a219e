import Foundation

/// Whole-file writes that never leave a torn file under the final name.
///
/// Foundation's `Data.write(to:options: .atomic)` on Linux stages the file in a fresh
/// `/tmp/TemporaryDirectory.XXXXXX` folder and never removes that folder, so every write left
/// an empty directory behind (a shortlist run with 1,000 city files left 1,000). This writes a
/// hidden temporary file beside the target instead, then renames it over the target, which is
/// atomic on POSIX file systems, and removes the temporary file if anything fails.
public enum AtomicFile {
    /// Writes `data` to `path`: the old content or the new, never a mix.
    ///
    /// - Complexity: O(data.count).
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0 ... .max))")
        do {
            try data.write(to: temporary)
            guard rename(temporary.path, path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                               NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes `text` as UTF-8 to `path` (see `write(_:to:)`).
    ///
    /// - Complexity: O(text.utf8.count).
    public static func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }
}
