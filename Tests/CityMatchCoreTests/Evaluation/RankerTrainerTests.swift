import Testing
@testable import CityMatchCore

@Suite struct RankerTrainerTests {
    /// Grades follow `evidence` and nothing else: training must find that.
    private func groups(seed: UInt64) -> [RankerTrainer.Group] {
        var rng = SplitMix64(seed: seed)
        return (0..<12).map { g in
            RankerTrainer.Group(needID: "n\(g)", cityID: "c\(g % 4)", candidates: (0..<25).map { i in
                var values: [Facet: Double?] = [:]
                for f in Facet.allCases { values[f] = rng.nextUnitDouble() }
                let signal = values[.evidence]!!
                return (startupID: "s\(i)", values: values, grade: signal > 0.85 ? 3 : signal > 0.65 ? 2 : signal > 0.5 ? 1 : 0)
            })
        }
    }

    @Test func findsTheInformativeFacet() {
        var trainer = RankerTrainer()
        trainer.epochs = 150
        let weights = trainer.fit(groups(seed: 1))
        #expect(weights[.evidence]! == weights.values.max())
        #expect(weights[.evidence]! > 0.4)
        #expect(abs(weights.values.reduce(0, +) - 1) < 1e-9)
        #expect(weights.values.allSatisfy { $0 >= 0 })
    }

    @Test func crossValidationScoresHeldOutCities() {
        var trainer = RankerTrainer()
        trainer.epochs = 60
        let (perNeed, mean) = trainer.crossValidate(groups(seed: 2))
        #expect(perNeed.count == 12)
        #expect(mean > 0.8)
    }
}
