import Foundation

/// Runs the ```console blocks of a CLI walkthrough (notebooks-cli/*.md) and compares output.
///
/// A block holds commands (lines starting `$ `), each followed by its expected output
/// (standard output and standard error, interleaved). Expected output may use:
/// - `[..]` inside a line: any run of characters on that line (timings, paths, dates);
/// - a line that is exactly `...`: any number of lines, including none;
/// - a last line `[exit N]`: the command must exit with status N (otherwise it must exit 0).
struct NotebookRunner {
    struct Command {
        var line: Int
        var text: String
        var expected: [String]
    }

    struct Mismatch: CustomStringConvertible {
        var notebook: String
        var command: Command
        var actual: [String]
        var description: String {
            """
            \(notebook):\(command.line): $ \(command.text)
            --- expected
            \(command.expected.joined(separator: "\n"))
            --- actual
            \(actual.joined(separator: "\n"))
            """
        }
    }

    /// The commands of every ```console block, in order.
    static func commands(inMarkdown text: String) -> [Command] {
        var commands: [Command] = []
        var inBlock = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.hasPrefix("```") {
                inBlock = !inBlock && line.trimmingCharacters(in: .whitespaces) == "```console"
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                commands.append(Command(line: index + 1, text: String(line.dropFirst(2)), expected: []))
            } else if !commands.isEmpty {
                commands[commands.count - 1].expected.append(String(line))
            }
        }
        return commands.map { c in
            var c = c
            while c.expected.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { c.expected.removeLast() }
            return c
        }
    }

    /// Whether `actual` lines match `expected` lines with the placeholders above.
    static func matches(expected: [String], actual: [String]) -> Bool {
        if expected.isEmpty { return actual.isEmpty }
        if expected[0] == "..." {
            let rest = Array(expected.dropFirst())
            return (0...actual.count).contains { matches(expected: rest, actual: Array(actual.dropFirst($0))) }
        }
        guard let first = actual.first, lineMatches(pattern: expected[0], line: first) else { return false }
        return matches(expected: Array(expected.dropFirst()), actual: Array(actual.dropFirst()))
    }

    /// One line against a pattern where `[..]` matches any run of characters.
    static func lineMatches(pattern: String, line: String) -> Bool {
        let pieces = pattern.components(separatedBy: "[..]")
        if pieces.count == 1 { return pattern == line }
        var rest = Substring(line)
        guard rest.hasPrefix(pieces[0]) else { return false }
        rest = rest.dropFirst(pieces[0].count)
        for (i, piece) in pieces.enumerated().dropFirst() {
            if i == pieces.count - 1 { return piece.isEmpty || rest.hasSuffix(piece) }
            guard let range = rest.range(of: piece) else { return false }
            rest = rest[range.upperBound...]
        }
        return true
    }

    let repositoryRoot: URL
    let binaryDirectory: URL

    /// Runs every command of `notebook` in a fresh working folder holding links to the
    /// repository's `datasets/`, `models/` and `notebooks-cli/`; returns the mismatches.
    func run(notebook: URL) throws -> [Mismatch] {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-notebook-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let port = try Self.freePort()
        defer {
            // A walkthrough that starts a server in the background records its pid in
            // `server.pid`; stop it even when a command failed before the notebook's own `kill`.
            if let text = try? String(contentsOf: work.appendingPathComponent("server.pid"), encoding: .utf8),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                kill(pid, SIGKILL)
            }
            try? FileManager.default.removeItem(at: work)
        }
        for link in ["datasets", "models", "notebooks-cli"] {
            try FileManager.default.createSymbolicLink(at: work.appendingPathComponent(link),
                                                       withDestinationURL: repositoryRoot.appendingPathComponent(link))
        }
        var mismatches: [Mismatch] = []
        for command in Self.commands(inMarkdown: try String(contentsOf: notebook, encoding: .utf8)) {
            var expected = command.expected
            var expectedStatus: Int32 = 0
            if let last = expected.last, last.hasPrefix("[exit "), last.hasSuffix("]"), let n = Int32(last.dropFirst(6).dropLast()) {
                expectedStatus = n
                expected.removeLast()
            }
            let (output, status) = try execute(command.text, in: work, port: port)
            var actual = output.split(separator: "\n", omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
            }
            while actual.last?.isEmpty == true { actual.removeLast() }
            if status != expectedStatus || !Self.matches(expected: expected, actual: actual) {
                if status != 0 { actual.append("[exit \(status)]") }
                mismatches.append(Mismatch(notebook: notebook.lastPathComponent, command: command, actual: actual))
            }
        }
        return mismatches
    }

    private func execute(_ command: String, in directory: URL, port: UInt16) throws -> (String, Int32) {
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = binaryDirectory.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CITYMATCH_DB"] = nil
        environment["CITYMATCH_RANKER"] = nil
        environment["CITYMATCH_CACHE"] = nil
        environment["XDG_CACHE_HOME"] = directory.appendingPathComponent(".cache").path
        environment["CITYMATCH_MODEL_DIR"] = repositoryRoot.appendingPathComponent("models/all-minilm-l6-v2").path
        environment["COLUMNS"] = "120"
        environment["NO_COLOR"] = "1"
        // A free loopback port for walkthroughs that start `citymatch serve` (notebooks run in parallel).
        environment["PORT"] = String(port)
        let result = try TestProcess.run("/bin/sh", ["-c", command], in: directory, environment: environment)
        return (result.output, result.status)
    }

    /// A loopback TCP port that was free a moment ago (the kernel's pick for port 0).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortError() }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw PortError() }
        return UInt16(bigEndian: address.sin_port)
    }

    struct PortError: Error {}
}
