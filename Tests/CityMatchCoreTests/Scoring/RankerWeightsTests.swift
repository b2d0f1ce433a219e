import Testing
@testable import CityMatchCore

@Suite struct RankerWeightsTests {
    @Test func normalisedWeightsDoNotDependOnDictionaryOrder() {
        let raw: [(Facet, Double)] = Facet.allCases.enumerated().map { ($1, 0.1 + 0.37 * Double($0 % 4) + 1e-3 * Double($0)) }
        var small: [Facet: Double] = [:], large = [Facet: Double](minimumCapacity: 512)
        for (f, w) in raw { small[f] = w }
        for (f, w) in raw.reversed() { large[f] = w }
        let a = RankerWeights(weights: small, method: "test"), b = RankerWeights(weights: large, method: "test")
        #expect(a.weights == b.weights)
        #expect(AuditRecord.weightsHash(a) == AuditRecord.weightsHash(b))
    }
}
