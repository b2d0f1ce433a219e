import ArgumentParser

@main
struct CityMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citymatch",
        abstract: "Match smart-city startups with the cities that need them.",
        version: CityMatchVersion.current,
        subcommands: [
            ImportCommand.self,
            ExportCommand.self,
            ValidateCommand.self,
            InspectCommand.self,
            SynthCommand.self,
            ModelCommand.self,
            EmbedCommand.self,
            EvalCommand.self,
            BenchCommand.self,
            RankCommand.self,
            MatchCommand.self,
            ExplainCommand.self,
            FitCommand.self,
            ShortlistCommand.self,
            ScheduleCommand.self,
            TrainCommand.self,
            IndexCommand.self,
            ServeCommand.self,
            KeysCommand.self,
        ]
    )
}
