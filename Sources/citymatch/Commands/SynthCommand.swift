import ArgumentParser

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a large synthetic catalog for scale tests and benchmarks."
    )

    func run() throws {
        throw Console.fail("synth is not available yet")
    }
}
