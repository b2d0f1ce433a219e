import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit the facet weights on a catalog's judgments and write models/ranker.json.",
        discussion: """
            Pairwise logistic loss over startups of the same need with different grades; weights \
            are non-negative and sum to 1. The reported NDCG@10 is cross-validated by city: each \
            city's needs are ranked with weights fitted on the other cities only. The weights \
            written are then fitted on all cities.
            """
    )

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions

    @Option(help: ArgumentHelp("Where to write the weights.", valueName: "path"))
    var out: String = RankerWeightsFile.defaultRelativePath

    func run() async throws {
        try await reportingFailures {
            // Facet values do not depend on the weights, so any weights build the engine.
            let context = try await EngineContext.load(catalog: source, model: model, weights: .uniform)
            let groups = TrainingSet.groups(context.engine)
            guard !groups.isEmpty else { throw Console.fail("the catalog has no judgments to train on") }
            let trainer = RankerTrainer()
            let cities = Set(groups.map(\.cityID)).count
            let (_, heldOut) = cities > 1 ? trainer.crossValidate(groups) : ([:], .nan)
            let fitted = trainer.fit(groups)
            let weights = RankerWeights(weights: fitted, trainingDataHash: AuditRecord.catalogHash(context.catalog),
                                        crossValidatedNDCG10: heldOut.isNaN ? nil : heldOut,
                                        method: "pairwise logistic (RankNet), non-negative weights summing to 1, \(trainer.epochs) epochs; NDCG@10 cross-validated leaving one city out")
            do { try RankerWeightsFile.write(weights, to: out) } catch { throw Console.fail("cannot write \(out): \(error)") }
            Console.out("trained on \(groups.count) needs in \(cities) cities (\(context.catalog.judgments.count) judgments)")
            if !heldOut.isNaN { Console.out("cross-validated ndcg@10 (held-out cities): \(MatchReasons.fixed(heldOut, 4))") }
            var table = TextTable(["facet", "direction", "weight"], numericColumns: [2])
            for facet in Facet.allCases {
                table.add([facet.rawValue, facet.direction.rawValue, MatchReasons.fixed(weights.weight(facet), 4)])
            }
            Console.out(table.render())
            Console.out("wrote \(out)")
        }
    }

}
