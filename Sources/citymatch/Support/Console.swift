import Foundation

/// Terminal output. Standard output is flushed before anything goes to standard error,
/// so the two streams interleave in the order they were written (as notebooks show them).
enum Console {
    static func out(_ text: String = "") {
        print(text)
    }

    static func error(_ text: String) {
        fflush(nil)  // flushes every output stream, standard output included
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Prints `error: message` and fails the command with exit status 1.
    static func fail(_ message: String) -> ExitCodeError {
        error("error: " + message)
        return ExitCodeError(code: 1)
    }

    /// Whether standard error is a terminal (progress bars only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }
}

/// Ends the command with an exit status, the message having been printed already.
struct ExitCodeError: Error {
    var code: Int32
}
