import ArgumentParser

extension AsyncParsableCommand {
    /// Runs `body`, turning an already-reported failure into its exit status.
    func reportingFailures(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let exit as ExitCodeError {
            throw ExitCode(exit.code)
        }
    }
}

extension ParsableCommand {
    func reportingFailures(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let exit as ExitCodeError {
            throw ExitCode(exit.code)
        }
    }
}
