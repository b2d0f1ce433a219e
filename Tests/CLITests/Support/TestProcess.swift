import Foundation

/// Runs a program for a test the way CI does: no standard input, output captured in a file
/// (so a grandchild that keeps a descriptor open, like a browser's helper process, cannot make
/// the test wait forever), and a deadline after which the program is killed and the test fails
/// with what it printed so far.
enum TestProcess {
    struct Result {
        var output: String
        var status: Int32
    }

    struct TimedOut: Error, CustomStringConvertible {
        var command: String
        var seconds: Double
        var output: String
        var description: String { "\(command) did not finish within \(Int(seconds)) s; its output so far:\n\(output)" }
    }

    /// Runs `executable` with `arguments`; stdout and stderr are interleaved in `output`.
    static func run(_ executable: String, _ arguments: [String], in directory: URL,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    separateStandardError: Bool = false,
                    timeout seconds: Double = 600) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-test-\(UUID().uuidString).log")
        let errorLog = log.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: log)
            try? FileManager.default.removeItem(at: errorLog)
        }
        let out = try FileHandle(forWritingTo: log)
        let err = separateStandardError ? try FileHandle(forWritingTo: errorLog) : out
        defer {
            try? out.close()
            if separateStandardError { try? err.close() }
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()

        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            usleep(500_000)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let partial = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "), seconds: seconds, output: partial)
        }
        process.waitUntilExit()
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        return Result(output: output, status: process.terminationStatus)
    }
}
