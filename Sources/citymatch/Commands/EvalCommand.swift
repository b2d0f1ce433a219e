import ArgumentParser

/// `citymatch eval …`: evaluation commands.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate the models.",
        subcommands: [EvalRankingCommand.self, EvalSTSCommand.self],
        defaultSubcommand: EvalRankingCommand.self
    )
}
