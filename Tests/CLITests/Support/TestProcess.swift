import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program for a test the way CI does: no standard input, output captured in a file,
/// and a deadline after which the program is killed and the test fails with what it printed.
///
/// It spawns with `posix_spawn` and waits with `waitpid` rather than Foundation's `Process`:
/// `Process` decides that a child has ended from a descriptor the child inherits, so a program
/// a walkthrough leaves running in the background (`citymatch serve … &`) kept the test waiting
/// forever; `waitpid` sees the shell itself exit.
enum TestProcess {
    struct Result {
        var output: String
        var status: Int32
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `executable` with `arguments`; stdout and stderr are interleaved in `output` unless
    /// `separateStandardError` (then stderr is dropped).
    static func run(_ executable: String, _ arguments: [String], in directory: URL,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    separateStandardError: Bool = false,
                    timeout seconds: Double = 600) throws -> Result {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-test-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if separateStandardError {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        // The working folder is set by a shell that then execs the program (glibc's addchdir is
        // not in Swift's Glibc module).
        let command = ["/bin/sh", "-c", #"cd "$0" && exec "$@""#, directory.path, executable] + arguments
        let argv = command.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))") }

        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw Failure(description: "waitpid failed for \(executable)") }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                let partial = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw Failure(description: "\(([executable] + arguments).joined(separator: " ")) did not finish within \(Int(seconds)) s; its output so far:\n\(partial)")
            }
            usleep(20_000)
        }
        let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
        // Exit status as a shell reports it: the code, or 128 + the signal.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Result(output: output, status: code)
    }
}
