import Testing
@testable import CityMatchCore

@Suite struct IVFIndexTests {
    /// Lloyd's iterations from random rows (as FAISS): not guaranteed to find every true
    /// cluster, but every point ends near its centroid and assignment is the exact argmax.
    @Test func kMeansFitsClusteredDataAndAssignsByLargestInnerProduct() {
        let n = 2000, d = 16
        let points = SyntheticVectors.clustered(count: n, dimension: d, clusters: 8, spread: 0.2, seed: 1, centreSeed: 2)
        let centroids = points.storage.withUnsafeBufferPointer { KMeans.train(points: $0, count: n, dimension: d, clusters: 8, iterations: 15, seed: 3) }
        #expect(centroids.rows == 8)
        #expect(centroids.rowNorms().allSatisfy { abs($0 - 1) < 1e-4 })
        let assignment = points.storage.withUnsafeBufferPointer { KMeans.assign(points: $0, count: n, dimension: d, centroids: centroids, threads: 2) }
        var objective: Double = 0
        for p in 0..<n {
            let scores = (0..<8).map { c in (0..<d).reduce(Float(0)) { $0 + points[p, $1] * centroids[c, $1] } }
            let best = scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) }!
            #expect(abs(scores[Int(assignment[p])] - scores[best]) < 1e-5, "point \(p)")
            objective += Double(scores[best])
        }
        // Training improves on its starting rows (iterations: 0).
        let start = points.storage.withUnsafeBufferPointer { KMeans.train(points: $0, count: n, dimension: d, clusters: 8, iterations: 0, seed: 3) }
        var initial: Double = 0
        for p in 0..<n {
            initial += Double((0..<8).map { c in (0..<d).reduce(Float(0)) { $0 + points[p, $1] * start[c, $1] } }.max()!)
        }
        #expect(objective > initial + 1)
        #expect(objective / Double(n) > 0.8, "mean cosine to the nearest centroid \(objective / Double(n))")
    }

    @Test func probingEveryListIsExactAndFewListsHaveHighRecallOnClusteredData() throws {
        let n = 4000, d = 32
        let base = SyntheticVectors.clustered(count: n, dimension: d, clusters: 40, spread: 0.5, seed: 1, centreSeed: 7)
        let queries = SyntheticVectors.clustered(count: 30, dimension: d, clusters: 40, spread: 0.5, seed: 2, centreSeed: 7)
        let ids = (0..<n).map { "v\($0)" }
        let flat = try FlatIndex(dimension: d, ids: ids, vectors: base)
        let ivf = try IVFIndex(ids: ids, vectors: base, nlist: 40, seed: 5)
        #expect(ivf.count == n && ivf.listSizes.reduce(0, +) == n)
        let exact = flat.search(queries: queries, k: 10)
        let all = ivf.search(queries: queries, k: 10, filter: nil, nprobe: 40, threads: 2)
        #expect(all.map { $0.map(\.id) } == exact.map { $0.map(\.id) })
        func recall(_ probes: Int) -> Double {
            let got = ivf.search(queries: queries, k: 10, filter: nil, nprobe: probes, threads: 1)
            return Double(zip(got, exact).map { Set($0.map(\.id)).intersection($1.map(\.id)).count }.reduce(0, +)) / 300
        }
        #expect(recall(4) >= 0.9)
        #expect(recall(1) <= recall(4))
        let mask = RowFilter(count: n) { $0 % 3 == 0 }
        for hits in ivf.search(queries: queries, k: 5, filter: mask) { #expect(hits.allSatisfy { $0.row % 3 == 0 }) }
    }

    @Test func addsRemovalsAndReplacementsKeepListsConsistent() throws {
        let d = 8
        var rng = SplitMix64(seed: 4)
        let seedVectors = SyntheticVectors.unitGaussian(count: 200, dimension: d, seed: 1)
        var ivf = try IVFIndex(ids: (0..<200).map { "s\($0)" }, vectors: seedVectors, nlist: 6, nprobe: 6, seed: 2)
        var reference: [String: [Float]] = [:]
        for i in 0..<200 { reference["s\(i)"] = seedVectors.row(i) }
        for round in 0..<3 {
            let ids = (0..<30).map { "a\(round)-\($0)" } + ["s\(round)"]
            let vectors = Matrix(rowVectors: ids.map { _ in L2.normalized(rng.floats(d)) })
            try ivf.add(ids: ids, vectors: vectors)
            for (i, id) in ids.enumerated() { reference[id] = vectors.row(i) }
            #expect(ivf.remove(ids: ["s\(10 + round)", "a\(round)-0", "nope"]) == 2)
            reference["s\(10 + round)"] = nil
            reference["a\(round)-0"] = nil
            #expect(ivf.count == reference.count)
            #expect(ivf.listSizes.reduce(0, +) == reference.count)
            for id in reference.keys.sorted().prefix(40) {
                #expect(ivf.search(query: reference[id]!, k: 1).first?.id == id, "round \(round) id \(id)")
                #expect(ivf.vector(forID: id) == reference[id])
            }
        }
        #expect(throws: VectorIndexError.self) { try ivf.add(ids: ["x", "x"], vectors: Matrix(rows: 2, columns: d)) }
    }
}
