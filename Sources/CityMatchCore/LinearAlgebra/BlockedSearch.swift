/// Exact maximum-inner-product search, blocked over the base rows.
///
/// The base is scanned in blocks of `blockRows` rows. Each block costs one
/// `sgemm` (one `sgemv` for a single query) writing a `queries × blockRows`
/// score tile into a scratch buffer sized to stay in cache, and the tile is
/// folded into per-query `TopKAccumulator`s right away. The full
/// `queries × N` score matrix is therefore never materialised: memory is
/// O(queries · (blockRows + k)) whatever N is.
///
/// For cosine similarity, L2-normalise queries and base rows first
/// (`Matrix.normalizeRows()`).
///
/// Parallel use: `accumulate` takes a row range and works with global row
/// indices, so threads can each own a disjoint range, their own scratch and
/// accumulators, and the partial results are combined with `merge`. Ties are
/// broken by index, so the merged answer equals the sequential one.
public enum BlockedSearch {
    /// Target size of the score tile: about half of a typical per-core L2.
    public static let scratchBytes = 256 * 1024

    /// Queries scored together per pass over the base. Larger query sets are
    /// processed in tiles so the score tile keeps a useful number of base rows.
    public static let maxQueryTile = 256

    /// The block height that keeps a `queryCount × blockRows` score tile within
    /// `scratchBytes`, clamped to `64...8192` and rounded to a multiple of 16.
    ///
    /// - Complexity: O(1).
    public static func defaultBlockRows(queryCount: Int) -> Int {
        let queries = max(1, min(queryCount, maxQueryTile))
        let rows = scratchBytes / MemoryLayout<Float>.stride / queries
        return min(max(rows, 64), 8192) & ~15
    }

    /// One empty accumulator per query.
    ///
    /// - Complexity: O(queryCount · min(k, expectedCandidates)).
    public static func makeAccumulators(queryCount: Int, k: Int, expectedCandidates: Int? = nil) -> [TopKAccumulator] {
        [TopKAccumulator](repeating: TopKAccumulator(k: k, expectedCandidates: expectedCandidates), count: queryCount)
    }

    /// Folds the scores of base rows `rows` into `accumulators` (one per query).
    ///
    /// - Parameters:
    ///   - queries: `queryCount × dimension` row-major queries.
    ///   - base: row-major base with `dimension` columns and at least
    ///     `rows.upperBound` rows. Reported indices are rows of this buffer.
    ///   - filter: rows it does not contain are never reported; blocks with no
    ///     allowed row are skipped without being scored.
    ///   - scratch: at least `queryCount × blockRows` floats, reused per block.
    ///
    /// - Complexity: O(queryCount · |rows| · dimension) for the products plus
    ///   O(queryCount · |rows|) for the fold (each heap insertion O(log k)).
    public static func accumulate(
        queries: UnsafeBufferPointer<Float>, queryCount: Int, dimension: Int,
        base: UnsafeBufferPointer<Float>, rows: Range<Int>,
        filter: RowFilter? = nil,
        blockRows: Int,
        scratch: UnsafeMutableBufferPointer<Float>,
        into accumulators: inout [TopKAccumulator]
    ) {
        precondition(accumulators.count == queryCount, "need one accumulator per query")
        precondition(dimension >= 0 && queries.count >= queryCount * dimension, "query buffer too small")
        precondition(rows.lowerBound >= 0 && base.count >= rows.upperBound * dimension, "base buffer too small for rows \(rows)")
        precondition(blockRows > 0 && scratch.count >= queryCount * blockRows, "scratch must hold queryCount × blockRows floats")
        guard queryCount > 0, !rows.isEmpty, let tile = scratch.baseAddress else { return }

        var start = rows.lowerBound
        while start < rows.upperBound {
            let height = min(blockRows, rows.upperBound - start)
            defer { start += height }
            if let filter, !filter.containsAny(in: start ..< start + height) { continue }
            scoreBlock(queries: queries, queryCount: queryCount, dimension: dimension,
                       base: base, firstRow: start, height: height, into: tile)
            for q in 0..<queryCount {
                accumulators[q].fold(scores: UnsafeBufferPointer(start: tile + q * height, count: height),
                                     firstIndex: start, filter: filter)
            }
        }
    }

    /// Combines per-partition accumulators query by query (`partials[p][q]`
    /// is partition `p`'s accumulator for query `q`).
    ///
    /// - Complexity: O(Σ partitions · queries · k · log k).
    public static func merge(_ partials: [[TopKAccumulator]]) -> [TopKAccumulator] {
        guard var result = partials.first else { return [] }
        for part in partials.dropFirst() {
            precondition(part.count == result.count, "partitions disagree on the number of queries")
            for q in result.indices { result[q].merge(part[q]) }
        }
        return result
    }

    /// Writes the `queryCount × height` scores of one block, row-major with
    /// stride `height`, into `tile`.
    ///
    /// - Complexity: O(queryCount · height · dimension).
    private static func scoreBlock(
        queries: UnsafeBufferPointer<Float>, queryCount: Int, dimension: Int,
        base: UnsafeBufferPointer<Float>, firstRow: Int, height: Int,
        into tile: UnsafeMutablePointer<Float>
    ) {
        guard dimension > 0, let q = queries.baseAddress, let b = base.baseAddress else {
            // Empty vectors: every inner product is 0 (and the buffers may have no address).
            tile.update(repeating: 0, count: queryCount * height)
            return
        }
        let block = b + firstRow * dimension
        if queryCount == 1 {
            BLAS.sgemv(rows: height, columns: dimension, a: block, lda: dimension, x: q, y: tile)
        } else {
            BLAS.sgemm(transposeB: true, m: queryCount, n: height, k: dimension,
                       a: q, lda: dimension, b: block, ldb: dimension, c: tile, ldc: height)
        }
    }
}

/// The `k` base rows with the largest inner product for every query, best
/// first (ties: lower row index first; NaN scores are never returned).
///
/// `base` is a row-major `n × queries.columns` buffer. Returns one list per
/// query, each with `min(k, allowed rows)` entries; `k ≤ 0` or `n == 0` give
/// empty lists. `blockRows` defaults to `BlockedSearch.defaultBlockRows`.
/// See `BlockedSearch` for the blocking scheme.
///
/// - Complexity: O(Q · n · d) arithmetic plus O(Q · n) comparisons and
///   O(Q · m · log k) heap work for `m` threshold-passing rows (m ≪ n once
///   the heaps are full); memory O(min(Q, 256) · blockRows + Q · k).
public func blockedInnerProductTopK(
    queries: Matrix, base: UnsafeBufferPointer<Float>, count n: Int,
    k: Int, filter: RowFilter? = nil, blockRows: Int? = nil
) -> [[ScoredIndex]] {
    let queryCount = queries.rows, d = queries.columns
    precondition(n >= 0 && base.count >= n * d, "base holds \(base.count) floats, expected \(n) × \(d)")
    if let filter { precondition(filter.count == n, "filter ranges over \(filter.count) rows, base has \(n)") }
    guard queryCount > 0 else { return [] }
    guard n > 0, k > 0 else { return [[ScoredIndex]](repeating: [], count: queryCount) }

    let tileQueries = min(queryCount, BlockedSearch.maxQueryTile)
    let height = min(max(1, blockRows ?? BlockedSearch.defaultBlockRows(queryCount: tileQueries)), n)
    var scratch = [Float](repeating: 0, count: tileQueries * height)
    var results: [[ScoredIndex]] = []
    results.reserveCapacity(queryCount)

    queries.storage.withUnsafeBufferPointer { allQueries in
        scratch.withUnsafeMutableBufferPointer { tile in
            var first = 0
            while first < queryCount {
                let count = min(tileQueries, queryCount - first)
                var accumulators = BlockedSearch.makeAccumulators(queryCount: count, k: k, expectedCandidates: n)
                BlockedSearch.accumulate(
                    queries: UnsafeBufferPointer(rebasing: allQueries[first * d ..< (first + count) * d]),
                    queryCount: count, dimension: d,
                    base: base, rows: 0..<n, filter: filter,
                    blockRows: height, scratch: tile, into: &accumulators)
                results.append(contentsOf: accumulators.map { $0.sorted() })
                first += count
            }
        }
    }
    return results
}

/// `blockedInnerProductTopK` over the rows of `base` (same contract).
///
/// - Complexity: as the buffer version, with `n = base.rows`.
public func blockedInnerProductTopK(
    queries: Matrix, base: Matrix, k: Int, filter: RowFilter? = nil, blockRows: Int? = nil
) -> [[ScoredIndex]] {
    precondition(queries.columns == base.columns, "queries have \(queries.columns) columns, base has \(base.columns)")
    return base.storage.withUnsafeBufferPointer {
        blockedInnerProductTopK(queries: queries, base: $0, count: base.rows, k: k, filter: filter, blockRows: blockRows)
    }
}
