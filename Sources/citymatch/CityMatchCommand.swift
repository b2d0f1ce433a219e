import ArgumentParser

@main
struct CityMatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "citymatch",
        abstract: "Match smart-city startups with the cities that need them.",
        subcommands: []
    )
}
