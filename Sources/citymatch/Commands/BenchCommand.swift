import ArgumentParser

/// `citymatch bench …`: throughput benchmarks.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput.",
        subcommands: [BenchEncodeCommand.self, BenchSearchCommand.self]
    )
}
