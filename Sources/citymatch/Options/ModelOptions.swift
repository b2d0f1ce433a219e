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
}
