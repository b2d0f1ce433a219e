import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// Where the catalog comes from: `--catalog DIR` (a folder in the catalog format, no import
/// needed) or `--db PATH` (the store; the default when neither is given).
struct CatalogOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A catalog folder to work on directly (no import needed).", valueName: "dir"))
    var catalog: String?

    @Option(name: .long, help: ArgumentHelp("The SQLite store (default: $CITYMATCH_DB, else ./citymatch.sqlite).", valueName: "path"))
    var db: String?

    func validate() throws {
        if catalog != nil && db != nil { throw ValidationError("give either --catalog or --db, not both") }
    }

    /// Loads the catalog, printing why not on failure.
    func load() async throws -> Catalog {
        if let catalog {
            do {
                return try CatalogFiles.load(directory: catalog)
            } catch let refusal as CatalogValidationError {
                for issue in refusal.issues { Console.error(issue.description) }
                throw Console.fail("\(catalog) is not a valid catalog")
            } catch {
                throw Console.fail("\(error)")
            }
        }
        return try await openStore().catalog()
    }

    /// The embedding cache: the store itself with `--db`, else a cache file beside the user's
    /// other caches (`$CITYMATCH_CACHE`, else `$XDG_CACHE_HOME/citymatch/embeddings.sqlite`,
    /// else `~/.cache/citymatch/embeddings.sqlite`).
    func openCache() throws -> SQLiteCatalogStore {
        if catalog == nil { return try openStore() }
        let environment = ProcessInfo.processInfo.environment
        let path: String
        if let explicit = environment["CITYMATCH_CACHE"], !explicit.isEmpty {
            path = explicit
        } else {
            let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (NSHomeDirectory() as NSString).appendingPathComponent(".cache")
            path = (base as NSString).appendingPathComponent("citymatch/embeddings.sqlite")
        }
        do { return try SQLiteCatalogStore(path: path) } catch { throw Console.fail("\(error)") }
    }
}

extension CatalogOptions {
    /// The store named by `--db` (or its defaults).
    func openStore() throws -> SQLiteCatalogStore {
        let path = StoreLocation.resolve(db)
        do { return try SQLiteCatalogStore(path: path) } catch { throw Console.fail("\(error)") }
    }
}
