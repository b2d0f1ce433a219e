import ArgumentParser
import CityMatchCore
import CityMatchStore

/// `--weights PATH`: ranker weights (default: $CITYMATCH_RANKER, else ./models/ranker.json, else built-in).
struct RankerOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Ranker weights (default: $CITYMATCH_RANKER, else ./models/ranker.json, else the built-in defaults).", valueName: "path"))
    var weights: String?

    func load() throws -> RankerWeights {
        do { return try RankerWeightsFile.load(explicit: weights).0 } catch { throw Console.fail("\(error)") }
    }
}
