import ArgumentParser
import CityMatchStore

/// `--db PATH`: the SQLite store (default `CITYMATCH_DB`, else `./citymatch.sqlite`).
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $CITYMATCH_DB, else ./citymatch.sqlite).", valueName: "path"))
    var db: String?

    var resolvedPath: String { StoreLocation.resolve(db) }

    func open() throws -> SQLiteCatalogStore {
        do {
            return try SQLiteCatalogStore(path: resolvedPath)
        } catch {
            throw Console.fail("\(error)")
        }
    }
}
