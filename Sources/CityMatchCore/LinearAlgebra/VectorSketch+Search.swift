import Dispatch

extension VectorSketch {
    /// For each of `queries`, its `count` rows of highest upper bound on the exact float inner
    /// product (ties to the lower row), best first, each with that bound: the approximation
    /// from the codes plus the query's norm times the row's slack, widened past its own
    /// rounding. A row not returned has a bound, hence an exact inner product, at most the
    /// last one returned: a caller that rescores the rows returned exactly can certify its
    /// top results against that (``MatchEngine/semanticPools(_:pool:)`` does).
    ///
    /// Why: one query's exact scan is bound by reading the N·d floats; the codes are N·d
    /// bytes. Each group of eight codes is converted once for up to eight queries, but a
    /// batch stays bound by its multiply–adds (as many as in floats), so batches gain less
    /// than lone queries (benchmarks/RESULTS.md, session 6). Per-row slacks (rather than the largest) keep
    /// the bounds, and so the rows to rescore, as few as the codes allow. Rows are split over
    /// `threads` workers (nil: `BLAS.threadCount`, fewer for small work), each folding a block
    /// of bounds per query at a time (``TopKAccumulator/fold(scores:firstIndex:filter:)``).
    ///
    /// - Complexity: O(Q · N · d) multiply–adds reading N · (d + 8) bytes once, plus the fold.
    func bestUpperBounds(_ queries: Queries, count k: Int, threads: Int? = nil) -> [[ScoredIndex]] {
        let n = self.count, q = queries.count
        guard q > 0 else { return [] }
        guard k > 0, n > 0 else { return Array(repeating: [], count: q) }
        var result: [[ScoredIndex]] = []
        result.reserveCapacity(q)
        for first in Swift.stride(from: 0, to: q, by: Self.queriesPerPass) {
            let group = first ..< Swift.min(q, first + Self.queriesPerPass)
            let workers = ParallelSearch.threadCount(rows: n, queries: group.count, dimension: Swift.max(1, dimension / 4),
                                                     requested: threads)
            let partials = ParallelSearch.PartialResults(count: workers)
            let work: @Sendable (Int) -> Void = { worker in
                let rows = (worker * n / workers) ..< ((worker + 1) * n / workers)
                partials.store(worker, scan(queries, group, rows: rows, k: k))
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            result += BlockedSearch.merge(partials.take()).map { $0.sorted() }
        }
        return result
    }

    /// Queries scanned together in one pass over the codes: two blocks of eight, whose 24 KiB
    /// of interleaved floats stay in L1 beside the row, and whose accumulators (each up to
    /// twice `count` entries) stay in L2. Larger batches take several passes over the codes
    /// (a quarter of the float bytes each); one pass per batch of 256 cost `rank --all` 7%
    /// more CPU at 100,000 startups.
    static let queriesPerPass = 16

    /// Rows bounded per query before their bounds are folded (1 KiB per query).
    static let scanBlockRows = 256

    /// The queries of `group` (starting on a block of eight) over `rows`, folded into one
    /// accumulator per query.
    ///
    /// - Complexity: O(|group| · |rows| · d).
    private func scan(_ queries: Queries, _ group: Range<Int>, rows: Range<Int>, k: Int) -> [TopKAccumulator] {
        precondition(group.lowerBound % 8 == 0, "a group starts on a block")
        let q = group.count, height = Self.scanBlockRows, chunks = paddedDimension / 8
        var accumulators = (0..<q).map { _ in TopKAccumulator(k: k, expectedCandidates: rows.count) }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: q * height)
        defer { scores.deallocate() }
        self.rows.withUnsafeBytes { all in
            queries.blocks.withUnsafeBufferPointer { blocks in
                queries.norms.withUnsafeBytes { norms in
                    let base = all.baseAddress!
                    let vectors = UnsafeRawPointer(blocks.baseAddress! + group.lowerBound * paddedDimension)
                    var start = rows.lowerBound
                    while start < rows.upperBound {
                        let h = Swift.min(height, rows.upperBound - start)
                        for offset in 0..<h {
                            let row = base + (start + offset) * stride
                            let scale = row.load(as: Float.self), slack = row.load(fromByteOffset: 4, as: Float.self)
                            let code = row + Self.header
                            var first = 0
                            while first < q {
                                let block = vectors + first * paddedDimension * 4
                                let lanes = Swift.min(8, q - first)
                                if lanes <= 2 {
                                    // One or two queries: a conversion per query costs less than
                                    // eight lanes of which six are empty.
                                    for lane in 0..<lanes {
                                        let approximation = scale * Self.dot1(block + 32 * lane, code, chunks: chunks)
                                        let width = norms.load(fromByteOffset: 4 * (group.lowerBound + first + lane), as: Float.self) * slack
                                        scores[(first + lane) * height + offset] = Self.upperBound(approximation, width)
                                    }
                                } else {
                                    let approximation = scale * Self.dot8(block.assumingMemoryBound(to: Float.self), code, chunks: chunks)
                                    let width = norms.loadUnaligned(fromByteOffset: 4 * (group.lowerBound + first), as: SIMD8<Float>.self) * slack
                                    let bounds = Self.upperBound(approximation, width)
                                    for lane in 0..<lanes { scores[(first + lane) * height + offset] = bounds[lane] }
                                }
                                first += 8
                            }
                        }
                        for j in 0..<q {
                            accumulators[j].fold(scores: UnsafeBufferPointer(start: scores + j * height, count: h), firstIndex: start)
                        }
                        start += h
                    }
                }
            }
        }
        return accumulators
    }

    /// `approximation + width`, widened past the rounding of that addition and of the
    /// products that made them (each errs by at most 2⁻²⁴ of its result), as the evidence
    /// bounds are. It rises with the approximation, which the certificate relies on.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func upperBound(_ approximation: Float, _ width: Float) -> Float {
        approximation + (width + (Swift.abs(approximation) + width) * 0x1p-20)
    }

    /// ``upperBound(_:_:)-(Float,Float)`` for eight lanes.
    @inline(__always)
    static func upperBound(_ approximation: SIMD8<Float>, _ width: SIMD8<Float>) -> SIMD8<Float> {
        approximation + (width + (larger(approximation, -approximation) + width) * 0x1p-20)
    }

    /// One query vector (eight-float slices `256` bytes apart, as ``Queries`` interleaves
    /// them) against one row of codes, with four accumulators over the codes in address order.
    ///
    /// - Complexity: O(chunks · 8).
    @inline(__always)
    static func dot1(_ vector: UnsafeRawPointer, _ code: UnsafeRawPointer, chunks: Int) -> Float {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var b = vector, s = code, c = 0
        while c + 4 <= chunks {
            DotKernels.multiplyAdd(&a0, floats(s.loadUnaligned(as: SIMD8<Int8>.self)), b.loadUnaligned(as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a1, floats(s.loadUnaligned(fromByteOffset: 8, as: SIMD8<Int8>.self)),
                                   b.loadUnaligned(fromByteOffset: 256, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a2, floats(s.loadUnaligned(fromByteOffset: 16, as: SIMD8<Int8>.self)),
                                   b.loadUnaligned(fromByteOffset: 512, as: SIMD8<Float>.self))
            DotKernels.multiplyAdd(&a3, floats(s.loadUnaligned(fromByteOffset: 24, as: SIMD8<Int8>.self)),
                                   b.loadUnaligned(fromByteOffset: 768, as: SIMD8<Float>.self))
            b += 1024
            s += 32
            c += 4
        }
        while c < chunks {
            DotKernels.multiplyAdd(&a0, floats(s.loadUnaligned(as: SIMD8<Int8>.self)), b.loadUnaligned(as: SIMD8<Float>.self))
            b += 256
            s += 8
            c += 1
        }
        return ((a0 + a1) + (a2 + a3)).sum()
    }
}
