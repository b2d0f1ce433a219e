import Testing
@testable import CityMatchCore

@Suite struct FlatIndexTests {
    /// Brute force: every allowed row's naive dot product, sorted best first,
    /// ties by lower row. Exact on quantised data, where BLAS agrees bit for bit.
    private func bruteForce(_ index: FlatIndex, reference: [String: [Float]], queries: Matrix, k: Int, filter: RowFilter?) -> [[SearchHit]] {
        (0..<queries.rows).map { q in
            var hits: [SearchHit] = []
            for (row, id) in index.ids.enumerated() where filter?.contains(row) ?? true {
                let v = reference[id]!
                var sum: Float = 0
                for c in 0..<index.dimension { sum += queries[q, c] * v[c] }
                hits.append(SearchHit(id: id, row: row, score: sum))
            }
            hits.sort { $0.score > $1.score || ($0.score == $1.score && $0.row < $1.row) }
            return Array(hits.prefix(max(k, 0)))
        }
    }

    /// The index agrees with the reference model on ids, rows and vectors.
    private func expectConsistent(_ index: FlatIndex, _ reference: [String: [Float]], _ context: String) {
        #expect(index.count == reference.count, "\(context)")
        #expect(Set(index.ids) == Set(reference.keys), "\(context)")
        for (row, id) in index.ids.enumerated() {
            #expect(index.row(forID: id) == row, "\(context) id \(id)")
            #expect(index.vector(forID: id) == reference[id], "\(context) id \(id)")
        }
    }

    /// (N, d, Q, k), including k > N, N = 0, Q = 1, k = 0.
    static let shapes: [(Int, Int, Int, Int)] = [
        (0, 8, 3, 5), (0, 8, 1, 5), (1, 1, 1, 1), (1, 4, 2, 10), (10, 4, 1, 20), (10, 4, 3, 0),
        (100, 16, 1, 10), (100, 16, 7, 10), (257, 8, 4, 1), (600, 32, 5, 25), (300, 5, 300, 7),
        (2000, 12, 2, 50),
    ]

    @Test(arguments: shapes)
    func matchesBruteForceThroughAddsRemovalsAndReplacements(shape: (Int, Int, Int, Int)) throws {
        let (n, d, q, k) = shape
        var rng = SplitMix64(seed: UInt64(n * 1_000_003 + d * 1009 + q * 31 + k))
        for spread in [1, 4] { // spread 1 ⇒ many equal scores, exercising the tie order
            let context = "N=\(n) d=\(d) Q=\(q) k=\(k) spread=\(spread)"
            var index = FlatIndex(dimension: d)
            var reference: [String: [Float]] = [:]
            let ids = (0..<n).map { "item-\($0)" }
            let vectors = rng.quantizedMatrix(rows: n, columns: d, spread: spread)
            try index.add(ids: ids, vectors: vectors)
            for (i, id) in ids.enumerated() { reference[id] = vectors.row(i) }

            func check(_ stage: String) {
                expectConsistent(index, reference, "\(context) \(stage)")
                let queries = rng.quantizedMatrix(rows: q, columns: d, spread: spread)
                #expect(index.search(queries: queries, k: k) == bruteForce(index, reference: reference, queries: queries, k: k, filter: nil),
                        "\(context) \(stage)")
                let mask = RowFilter(count: index.count) { _ in rng.nextInt(below: 3) == 0 }
                #expect(index.search(queries: queries, k: k, filter: mask) == bruteForce(index, reference: reference, queries: queries, k: k, filter: mask),
                        "\(context) \(stage) filtered")
            }
            check("fresh")

            // Remove a third (plus an unknown id), then replace a few and append new ones in one batch.
            let doomed = ids.filter { _ in rng.nextInt(below: 3) == 0 }
            #expect(index.remove(ids: doomed + ["no-such-id"]) == doomed.count)
            for id in doomed { reference[id] = nil }
            check("after removals")

            let kept = Array(reference.keys.sorted().prefix(5))
            let batch = kept + (0..<7).map { "new-\($0)" }
            let replacements = rng.quantizedMatrix(rows: batch.count, columns: d, spread: spread)
            try index.add(ids: batch, vectors: replacements)
            for (i, id) in batch.enumerated() { reference[id] = replacements.row(i) }
            check("after replacements")
        }
    }

    @Test func matchesBruteForceOnUnitVectorsWithinRounding() throws {
        var rng = SplitMix64(seed: 2024)
        for trial in 0..<20 {
            let n = rng.nextInt(below: 500), d = 1 + rng.nextInt(below: 64), q = 1 + rng.nextInt(below: 5), k = rng.nextInt(below: 40)
            let ids = (0..<n).map { "v\($0)" }
            let vectors = rng.matrix(rows: n, columns: d).rowNormalized()
            let index = try FlatIndex(dimension: d, ids: ids, vectors: vectors)
            var reference: [String: [Float]] = [:]
            for (i, id) in ids.enumerated() { reference[id] = vectors.row(i) }
            let queries = rng.matrix(rows: q, columns: d).rowNormalized()
            let got = index.search(queries: queries, k: k)
            let expected = bruteForce(index, reference: reference, queries: queries, k: k, filter: nil)
            for (list, want) in zip(got, expected) {
                #expect(list.count == want.count, "trial \(trial)")
                for (hit, w) in zip(list, want) {
                    // BLAS may sum in another order: compare rank by rank with a tolerance.
                    #expect(abs(hit.score - w.score) < 1e-5, "trial \(trial)")
                    #expect(hit.score <= 1.0001 && hit.score >= -1.0001, "cosines of unit vectors")
                    #expect(index.ids[hit.row] == hit.id)
                }
            }
        }
    }

    @Test func singleQueryConvenienceAndIDFilters() throws {
        let index = try FlatIndex(dimension: 2, ids: ["a", "b", "c", "d"],
                                  vectors: Matrix(rowVectors: [[1, 0], [0, 1], [0.6, 0.8], [-1, 0]]))
        #expect(index.search(query: [1, 0], k: 2).map(\.id) == ["a", "c"])
        let onlyBD = index.filter(allowingIDs: ["b", "d", "zzz"])
        #expect(onlyBD.allowedIndices == [1, 3])
        #expect(index.search(query: [1, 0], k: 5, filter: onlyBD).map(\.id) == ["b", "d"])
        let notA = index.filter { id, _ in id != "a" }
        #expect(index.search(query: [1, 0], k: 1, filter: notA) == [SearchHit(id: "c", row: 2, score: 0.6)])
        #expect(index.filter { _, row in row >= 2 }.allowedIndices == [2, 3])
        #expect(index.contains(id: "d") && !index.contains(id: "e"))
        #expect(index.vector(forID: "zzz") == nil && index.row(forID: "zzz") == nil)
        #expect(index.search(queries: Matrix(rows: 0, columns: 0), k: 3).isEmpty)
    }

    @Test func invalidBatchesThrowAndChangeNothing() throws {
        var index = try FlatIndex(dimension: 2, ids: ["a"], vectors: Matrix(rowVectors: [[1, 0]]))
        #expect(throws: VectorIndexError.dimensionMismatch(expected: 2, actual: 3)) {
            try index.add(ids: ["b"], vectors: Matrix(rowVectors: [[1, 0, 0]]))
        }
        #expect(throws: VectorIndexError.countMismatch(ids: 2, vectors: 1)) {
            try index.add(ids: ["b", "c"], vectors: Matrix(rowVectors: [[0, 1]]))
        }
        #expect(throws: VectorIndexError.duplicateID("b")) {
            try index.add(ids: ["b", "b"], vectors: Matrix(rowVectors: [[0, 1], [1, 0]]))
        }
        #expect(index.ids == ["a"] && index.vector(forID: "a") == [1, 0])
        try index.add(ids: [], vectors: Matrix(rows: 0, columns: 0))
        #expect(index.count == 1)
    }

    @Test func copiesAreIndependentSnapshots() throws {
        var writer = try FlatIndex(dimension: 2, ids: ["a", "b", "c"], vectors: Matrix(rowVectors: [[1, 0], [0, 1], [0.6, 0.8]]))
        let snapshot = writer
        writer.remove(ids: ["a"])
        try writer.add(ids: ["b", "z"], vectors: Matrix(rowVectors: [[-1, 0], [1, 0]]))
        #expect(snapshot.ids == ["a", "b", "c"])
        #expect(snapshot.vector(forID: "b") == [0, 1])
        #expect(snapshot.search(query: [1, 0], k: 1).map(\.id) == ["a"])
        #expect(writer.ids == ["c", "b", "z"]) // swap-remove moved "c" into row 0
        #expect(writer.search(query: [1, 0], k: 3).map(\.id) == ["z", "c", "b"])
    }

    /// A region over an allocation the test owns, standing in for a mapped file.
    private final class TestRegion: VectorRegion, @unchecked Sendable {
        let pointer: UnsafeMutableBufferPointer<Float>
        init(_ values: [Float]) {
            pointer = .allocate(capacity: values.count)
            _ = pointer.initialize(from: values)
        }
        var floats: UnsafeBufferPointer<Float> { UnsafeBufferPointer(pointer) }
        deinit { pointer.deallocate() }
    }

    @Test func searchesBorrowedStorageWithoutCopyingUntilMutated() throws {
        var rng = SplitMix64(seed: 7)
        let vectors = rng.quantizedMatrix(rows: 50, columns: 6, spread: 3)
        let ids = (0..<50).map { "r\($0)" }
        let owned = try FlatIndex(dimension: 6, ids: ids, vectors: vectors)
        let region = TestRegion(vectors.storage)
        var borrowed = try FlatIndex(dimension: 6, ids: ids, storage: VectorStorage(borrowing: region))
        #expect(borrowed.isBorrowingStorage)
        borrowed.withUnsafeVectors { #expect($0.baseAddress == UnsafePointer(region.pointer.baseAddress)) }
        let queries = rng.quantizedMatrix(rows: 4, columns: 6, spread: 3)
        #expect(borrowed.search(queries: queries, k: 9) == owned.search(queries: queries, k: 9))

        borrowed.remove(ids: ["r0"])
        #expect(!borrowed.isBorrowingStorage)
        #expect(Array(region.floats) == vectors.storage, "the region is never written")
        #expect(borrowed.vector(forID: "r49") == vectors.row(49))

        #expect(throws: VectorIndexError.countMismatch(ids: 3, vectors: 50)) {
            try FlatIndex(dimension: 6, ids: ["a", "b", "c"], storage: VectorStorage(borrowing: region))
        }
    }
}
