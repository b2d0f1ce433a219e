import ArgumentParser
import CityMatchCore
import CityMatchStore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a catalog folder against the format without touching any store."
    )

    @Argument(help: ArgumentHelp("The catalog folder.", valueName: "dir"))
    var directory: String

    @Option(help: "Stop after this many errors.")
    var maxErrors: Int = CatalogLimits.defaultMaximumIssues

    func run() throws {
        try reportingFailures {
            let source: CatalogSource
            do { source = try CatalogFiles.readSource(directory: directory) } catch { throw Console.fail("\(error)") }
            switch CatalogValidator.validate(source, maximumIssues: maxErrors) {
            case .failure(let refusal):
                for issue in refusal.issues { Console.error(issue.description) }
                throw Console.fail("\(refusal.issues.count)\(refusal.truncated ? "+" : "") error\(refusal.issues.count == 1 ? "" : "s") in \(directory)")
            case .success(let catalog):
                Console.out("\(directory): valid (\(catalog.cities.count) cities, \(catalog.needs.count) needs, \(catalog.startups.count) startups, \(catalog.judgments.count) judgments)")
            }
        }
    }
}
