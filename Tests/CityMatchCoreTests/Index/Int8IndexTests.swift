import Testing
@testable import CityMatchCore

@Suite struct Int8IndexTests {
    @Test func quantiserRoundTripsWithinHalfAStep() {
        var rng = SplitMix64(seed: 3)
        let row = rng.floats(100)
        var codes = [Int8](repeating: 0, count: 100)
        let scale = row.withUnsafeBufferPointer { r in codes.withUnsafeMutableBufferPointer { Int8Quantizer.quantize(r, into: $0.baseAddress!) } }
        #expect(codes.map { abs(Int($0)) }.max() == 127)
        for j in 0..<100 { #expect(abs(Float(codes[j]) * scale - row[j]) <= scale / 2 * 1.0001) }
        let zero = [Float](repeating: 0, count: 4)
        var zeroCodes = [Int8](repeating: 1, count: 4)
        let zeroScale = zero.withUnsafeBufferPointer { r in zeroCodes.withUnsafeMutableBufferPointer { Int8Quantizer.quantize(r, into: $0.baseAddress!) } }
        #expect(zeroScale == 0 && zeroCodes == [0, 0, 0, 0])
    }

    /// Rescoring returns exact scores, and with enough candidates the exact answer.
    @Test func rescoredSearchMatchesExactSearch() throws {
        let n = 3000, d = 48
        let base = SyntheticVectors.unitGaussian(count: n, dimension: d, seed: 1)
        let queries = SyntheticVectors.unitGaussian(count: 20, dimension: d, seed: 2)
        let flat = try FlatIndex(dimension: d, ids: (0..<n).map { "v\($0)" }, vectors: base)
        let index = Int8Index(flat: flat, rescoreFactor: 10)
        #expect(index.codeBytes == n * d + 4 * n)
        #expect(index.rescoreStoreBytes == 4 * n * d)
        let exact = flat.search(queries: queries, k: 10)
        for threads in [1, 2] {
            let got = index.search(queries: queries, k: 10, filter: nil, threads: threads)
            var found = 0
            for (q, (g, e)) in zip(got, exact).enumerated() {
                #expect(g.count == 10)
                found += Set(g.map(\.id)).intersection(e.map(\.id)).count
                for hit in g {
                    let exactScore = (0..<d).reduce(Float(0)) { $0 + queries[q, $1] * base[hit.row, $1] }
                    #expect(abs(hit.score - exactScore) < 1e-5)
                }
            }
            #expect(Double(found) / 200 >= 0.99, "threads=\(threads) recall \(Double(found) / 200)")
        }
        // A filter is honoured.
        let mask = RowFilter(count: n) { $0 % 2 == 0 }
        for hits in index.search(queries: queries, k: 5, filter: mask) { #expect(hits.allSatisfy { $0.row % 2 == 0 }) }
    }

    @Test func addsRemovalsAndReplacementsKeepCodesInStep() throws {
        let d = 16
        var rng = SplitMix64(seed: 9)
        var index = Int8Index(dimension: d)
        var reference: [String: [Float]] = [:]
        for round in 0..<4 {
            let ids = (0..<50).map { "r\(round)-\($0)" } + (round > 0 ? ["r0-\(round)"] : [])
            let vectors = Matrix(rowVectors: ids.map { _ in L2.normalized(rng.floats(d)) })
            try index.add(ids: ids, vectors: vectors)
            for (i, id) in ids.enumerated() { reference[id] = vectors.row(i) }
            let gone = ["r0-\(round * 3)", "missing"]
            #expect(index.remove(ids: gone) == 1)
            reference["r0-\(round * 3)"] = nil
            #expect(index.count == reference.count)
            // Each stored vector finds itself first.
            for id in reference.keys.sorted().prefix(20) {
                let hit = index.search(query: reference[id]!, k: 1)
                #expect(hit.first?.id == id, "round \(round) id \(id)")
                #expect(index.vector(forID: id) == reference[id])
            }
        }
    }
}
