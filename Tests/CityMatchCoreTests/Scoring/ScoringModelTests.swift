import Testing
@testable import CityMatchCore

@Suite struct ScoringModelTests {
    @Test func contributionsAddUpToTheScore() {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let weights = RankerWeights(weights: Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, rng.nextUnitDouble()) }), method: "test")
            var values: [Facet: Double?] = [:]
            for f in Facet.allCases { values[f] = rng.nextUnitDouble() < 0.25 ? nil : rng.nextUnitDouble() }
            let b = ScoringModel(weights: weights).breakdown(values: values)
            let sum = b.contributions.reduce(0) { $0 + $1.contribution }
            #expect(abs(sum - b.score) < 1e-6)
            for c in b.contributions { #expect(abs(c.weight * c.value - c.contribution) < 1e-12) }
            #expect((0...1).contains(b.score))
            #expect(abs(Facet.allCases.reduce(0) { $0 + weights.weight($1) } - 1) < 1e-9)
        }
    }

    @Test func missingFacetsAreNeutralWithinTheirGroup() {
        let model = ScoringModel(weights: .uniform)
        var values: [Facet: Double?] = Dictionary(uniqueKeysWithValues: Facet.allCases.map { ($0, 0.5) })
        values[.semantic] = 0.9
        values[.evidence] = 0.3
        values[.lexical] = 0.6
        values[.domains] = nil  // relevance group mean: 0.6
        values[.market] = nil; values[.workingLanguage] = nil; values[.dealSize] = nil  // whole group missing: overall mean
        let b = model.breakdown(values: values)
        #expect(abs(b.value(of: .domains)! - 0.6) < 1e-12)
        #expect(b.contributions.first { $0.facet == .domains }!.imputed)
        let known = [0.9, 0.3, 0.6, 0.5, 0.5, 0.5]
        #expect(abs(b.value(of: .market)! - known.reduce(0, +) / 6) < 1e-12)
    }

    @Test func aFacetMissingForEveryCandidateDoesNotChangeTheirOrder() {
        var rng = SplitMix64(seed: 5)
        let model = ScoringModel(weights: ShippedRanker.weights)
        for _ in 0..<200 {
            // Two candidates differing only in relevance; neither states its languages.
            var a: [Facet: Double?] = [:], b: [Facet: Double?] = [:]
            for f in Facet.allCases { let v = rng.nextUnitDouble(); a[f] = v; b[f] = v }
            a[.semantic] = 0.8; b[.semantic] = 0.4
            let before = model.score(values: a) > model.score(values: b)
            a[.language] = Double?.none; b[.language] = Double?.none
            #expect((model.score(values: a) > model.score(values: b)) == before)
        }
    }

    @Test func valuesAreClampedAndNaNFree() {
        let b = ScoringModel(weights: .uniform).breakdown(values: [.semantic: 1.7, .evidence: -0.2, .lexical: .nan])
        #expect(b.value(of: .semantic) == 1 && b.value(of: .evidence) == 0 && b.value(of: .lexical) == 0)
        #expect(!b.score.isNaN)
    }

    @Test func directionalFitsAreWeightedMeansOfTheirFacets() {
        let b = ScoringModel(weights: .uniform).breakdown(values: Dictionary(uniqueKeysWithValues: Facet.allCases.map {
            ($0, $0.direction == .cityToStartup ? 0.8 : 0.2)
        }))
        #expect(abs(b.cityToStartupFit - 0.8) < 1e-12 && abs(b.startupToCityFit - 0.2) < 1e-12)
    }

    @Test func shippedWeightsMatchTheCommittedRankerFile() throws {
        let root = #filePath.split(separator: "/").dropLast(4).joined(separator: "/")
        let text = try String(decoding: readFile("/" + root + "/models/ranker.json"), as: UTF8.self)
        guard case .object(let file)? = try? JSONParser.parse(text), case .object(let weights)? = file["weights"] else {
            Issue.record("models/ranker.json is not a weights file"); return
        }
        for facet in Facet.allCases {
            #expect(abs((weights[facet.rawValue]?.doubleValue ?? -1) - ShippedRanker.weights.weight(facet)) < 1e-12, "\(facet)")
        }
    }
}

/// Reads a file without Foundation (the core's tests stay Foundation-free where they can).
func readFile(_ path: String) throws -> [UInt8] {
    guard let f = fopen(path, "rb") else { throw FileMissing(path: path) }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65_536)
    while true {
        let n = fread(&buffer, 1, buffer.count, f)
        if n <= 0 { break }
        bytes += buffer[0..<n]
    }
    return bytes
}

struct FileMissing: Error { var path: String }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
