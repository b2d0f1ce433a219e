import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// `citymatch index …`: the persisted startup vector index.
struct IndexCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build or inspect the startup vector index file (docs/index-format.md).",
        subcommands: [IndexBuildCommand.self, IndexInfoCommand.self]
    )
}

struct IndexBuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Embed the catalog's startups (through the cache) and write the flat index file.",
        discussion: "The file is written to a temporary name, synced and renamed, so a crash never leaves a torn index."
    )

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @Option(help: ArgumentHelp("The index file to write.", valueName: "path")) var out: String = "startups.cmix"

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: .uniform)
            let index = context.engine.startupIndex
            do {
                try IndexFile.save(index, modelID: context.builder.encoder.modelID, to: out)
            } catch { throw Console.fail("cannot write \(out): \(error)") }
            Console.out("wrote \(out): \(index.count) startups × \(index.dimension) dimensions (\(context.builder.encoder.modelID))")
        }
    }
}

struct IndexInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Load an index file (memory-mapped, checksum verified) and describe it."
    )

    @Argument(help: ArgumentHelp("The index file.", valueName: "path")) var path: String

    func run() throws {
        try reportingFailures {
            let loaded: LoadedIndex
            do { loaded = try IndexFile.load(path: path) } catch { throw Console.fail("\(path): \(error)") }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            Console.out("\(path): format \(IndexFileFormat.version), \(loaded.index.count) vectors × \(loaded.index.dimension), model \(loaded.modelID), \(bytes) bytes, checksum ok")
        }
    }
}
