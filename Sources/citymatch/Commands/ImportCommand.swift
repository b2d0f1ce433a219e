import ArgumentParser
import CityMatchCore
import CityMatchStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Validate a catalog folder and upsert it into the store, all or nothing.",
        discussion: """
            Reads whichever of cities.jsonl, needs.jsonl, startups.jsonl and judgments.jsonl \
            the folder holds. The whole catalog is validated first; any error refuses the import \
            (exit status 1) and leaves the store unchanged. References may point at records \
            already in the store.
            """
    )

    @Argument(help: ArgumentHelp("The catalog folder.", valueName: "dir"))
    var directory: String

    @OptionGroup var store: StoreOptions

    @Option(help: "Stop after this many errors.")
    var maxErrors: Int = CatalogLimits.defaultMaximumIssues

    func run() async throws {
        try await reportingFailures {
            let source: CatalogSource
            do { source = try CatalogFiles.readSource(directory: directory) } catch { throw Console.fail("\(error)") }
            let catalogStore = try store.open()
            switch try await CatalogImporter.importCatalog(source, into: catalogStore, maximumIssues: maxErrors) {
            case .failure(let refusal):
                for issue in refusal.issues { Console.error(issue.description) }
                let count = refusal.truncated ? "\(refusal.issues.count)+" : "\(refusal.issues.count)"
                throw Console.fail("import refused: \(count) error\(refusal.issues.count == 1 ? "" : "s") in \(directory); the store is unchanged")
            case .success(let summary):
                Console.out("Imported \(directory) into \(catalogStore.path)")
                Console.out(summary.description)
            }
        }
    }
}
