import ArgumentParser
import CityMatchCore
import CityMatchStore

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the stored catalog back out as JSON Lines.",
        discussion: "Every record is written with its unknown fields; import followed by export round-trips the catalog."
    )

    @Argument(help: ArgumentHelp("The folder to write (created if needed).", valueName: "dir"))
    var directory: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await reportingFailures {
            let catalog = try await store.open().catalog()
            do { try CatalogFiles.write(catalog, to: directory) } catch { throw Console.fail("cannot write \(directory): \(error)") }
            Console.out("Exported \(catalog.cities.count) cities, \(catalog.needs.count) needs, \(catalog.startups.count) startups, \(catalog.judgments.count) judgments to \(directory)")
        }
    }
}
