import ArgumentParser
import CityMatchCore
import CityMatchStore

/// `--model-dir DIR`: the sentence-encoder folder (default: $CITYMATCH_MODEL_DIR, else ./models/all-minilm-l6-v2).
struct ModelOptions: ParsableArguments {
    @Option(name: .customLong("model-dir"),
            help: ArgumentHelp("The model folder (default: $CITYMATCH_MODEL_DIR, else ./models/all-minilm-l6-v2).", valueName: "dir"))
    var modelDir: String?

    var directory: ModelDirectory { ModelDirectory.resolve(explicit: modelDir) }

    /// Loads the encoder, or prints why not and fails with status 1.
    func loadEncoder(maxBatchTokens: Int = 4096) throws -> MiniLMEncoder {
        do {
            return try directory.loadEncoder(maxBatchTokens: maxBatchTokens)
        } catch {
            throw Console.fail("\(error)")
        }
    }

    /// The model folder's manifest (the committed one names every file's SHA-256), or prints why not.
    func manifest() throws -> ModelManifest {
        do { return try ModelManifest.load(from: directory.url) } catch { throw Console.fail("\(error)") }
    }
}
