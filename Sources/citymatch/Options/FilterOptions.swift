import ArgumentParser
import CityMatchCore

/// Hard filters on top of the ranking (soft penalties apply either way).
struct FilterOptions: ParsableArguments {
    @Flag(help: "Keep only startups that deliver in every language the need requires.")
    var requireLanguage = false

    @Flag(help: "Keep only startups whose minimum contract fits the need's budget (an unknown minimum passes).")
    var withinBudget = false

    var rankOptions: RankOptions { RankOptions(requireLanguage: requireLanguage, withinBudget: withinBudget) }
}

/// `--k K`: how many results, 1...1000.
struct CountOptions: ParsableArguments {
    @Option(name: .customLong("k"), help: "How many results (1 to 1000).")
    var k: Int = 10

    func validate() throws {
        guard (1...1000).contains(k) else { throw ValidationError("--k must be between 1 and 1000") }
    }
}
