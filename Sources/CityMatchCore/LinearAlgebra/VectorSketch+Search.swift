import Dispatch

extension VectorSketch {
    /// For each row of `queries`, its `count` rows of highest upper bound on the exact float
    /// inner product (ties to the lower row), best first, each with that bound: the
    /// approximation from the codes plus the query's norm times the row's slack, widened past
    /// its own rounding. A row not returned has a bound, hence an exact inner product, at most
    /// the last one returned: a caller that rescores the rows returned exactly can certify its
    /// top results against that (``MatchEngine/semanticPools(_:pool:)`` does). The sketch must
    /// be laid out in ``Layout/groupsOfEight``.
    ///
    /// Why: one query's exact scan is bound by reading the N·d floats; the codes are N·d
    /// bytes. A batch is bound by its multiply–adds (as many as in floats), so the kernels
    /// waste none: each converts a component's codes for a group of eight rows once and
    /// multiplies them by that component of up to eight queries, every lane a row
    /// (``groupInnerProducts(_:_:queries:dimension:into:)``). Per-row slacks (rather than the
    /// largest) keep the bounds, and so the rows to rescore, as few as the codes allow. Rows
    /// are split over `threads` workers (nil: `BLAS.threadCount`, fewer for small work), each
    /// folding a block of bounds per query at a time
    /// (``TopKAccumulator/fold(scores:firstIndex:filter:)``).
    ///
    /// - Complexity: O(Q · N · d) multiply–adds reading N · (d + 8) bytes once per
    ///   ``queriesPerPass`` queries, plus the fold.
    func bestUpperBounds(_ queries: Matrix, count k: Int, threads: Int? = nil) -> [[ScoredIndex]] {
        precondition(layout == .groupsOfEight, "the scan reads groups of eight rows")
        precondition(queries.rows == 0 || queries.columns == dimension, "queries have the sketch's dimension")
        let n = self.count, q = queries.rows
        guard q > 0 else { return [] }
        guard k > 0, n > 0 else { return Array(repeating: [], count: q) }
        let norms = Queries.normBounds(queries)
        let groups = (n + 7) / 8
        var result: [[ScoredIndex]] = []
        result.reserveCapacity(q)
        for first in Swift.stride(from: 0, to: q, by: Self.queriesPerPass) {
            let pass = first ..< Swift.min(q, first + Self.queriesPerPass)
            let blocks = KernelBlocks(queries, pass)
            let workers = ParallelSearch.threadCount(rows: n, queries: pass.count, dimension: Swift.max(1, dimension / 4),
                                                     requested: threads)
            let partials = ParallelSearch.PartialResults(count: workers)
            let work: @Sendable (Int) -> Void = { worker in
                let rows = (worker * groups / workers) * 8 ..< Swift.min(n, ((worker + 1) * groups / workers) * 8)
                partials.store(worker, scan(blocks, norms: Array(norms[pass]), rows: rows, k: k))
            }
            if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
            result += BlockedSearch.merge(partials.take()).map { $0.sorted() }
        }
        return result
    }

    /// Queries scanned together in one pass over the codes, whose accumulators (each up to
    /// twice `count` entries) stay in L2. Larger batches take several passes over the codes
    /// (a quarter of the float bytes each); one pass per batch of 256 cost `rank --all` 7%
    /// more CPU at 100,000 startups.
    static let queriesPerPass = 16

    /// Rows bounded per query before their bounds are folded (1 KiB per query); a multiple of 8.
    static let scanBlockRows = 256

    /// One pass's queries as the kernels read them: consecutive blocks of 8, 4, 2 or 1 queries
    /// (``kernelWidth(remaining:)``), each stored component by component (`[component][query]`,
    /// zero queries filling a block's spare lanes), so a kernel walks one pointer at fixed
    /// offsets; with a pointer per query the eight-query kernel ran out of registers.
    struct KernelBlocks {
        /// Per block: its first query (in the pass), its width, and where its values start.
        let blocks: [(first: Int, width: Int, offset: Int)]
        let values: [Float]

        /// - Complexity: O(|pass| · d).
        init(_ queries: Matrix, _ pass: Range<Int>) {
            let d = queries.columns
            var blocks: [(first: Int, width: Int, offset: Int)] = []
            var values: [Float] = []
            var first = 0
            while first < pass.count {
                let width = VectorSketch.kernelWidth(remaining: pass.count - first)
                let offset = values.count
                values += [Float](repeating: 0, count: width * d)
                for i in 0 ..< Swift.min(width, pass.count - first) {
                    let row = (pass.lowerBound + first + i) * d
                    for j in 0..<d { values[offset + j * width + i] = queries.storage[row + j] }
                }
                blocks.append((first, width, offset))
                first += width
            }
            self.blocks = blocks
            self.values = values
        }
    }

    /// The queries of one pass (as `blocks`) over `rows` (starting on a group), folded into
    /// one accumulator per query; `norms` bound the queries' norms.
    ///
    /// - Complexity: O(|norms| · |rows| · d).
    private func scan(_ blocks: KernelBlocks, norms: [Float], rows: Range<Int>, k: Int) -> [TopKAccumulator] {
        precondition(rows.lowerBound % 8 == 0, "a scan starts on a group")
        let q = norms.count, height = Self.scanBlockRows, d = dimension
        var accumulators = (0..<q).map { _ in TopKAccumulator(k: k, expectedCandidates: rows.count) }
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: q * height)
        let sums = UnsafeMutablePointer<SIMD8<Float>>.allocate(capacity: 8)
        defer {
            scores.deallocate()
            sums.deallocate()
        }
        self.rows.withUnsafeBytes { all in
            blocks.values.withUnsafeBufferPointer { values in
                var start = rows.lowerBound
                while start < rows.upperBound {
                    let h = Swift.min(height, rows.upperBound - start)
                    // Whole groups: a last partial group's padding rows are bounded, never folded.
                    for offset in Swift.stride(from: 0, to: h, by: 8) {
                        let group = all.baseAddress! + ((start + offset) / 8) * stride
                        let scales = group.loadUnaligned(as: SIMD8<Float>.self)
                        let slacks = group.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                        for block in blocks.blocks {
                            Self.groupInnerProducts(group + 8 * Self.header, values.baseAddress! + block.offset, queries: block.width,
                                                    dimension: d, into: sums)
                            for lane in 0 ..< Swift.min(block.width, q - block.first) {
                                let bounds = Self.upperBound(scales * sums[lane], slacks * norms[block.first + lane])
                                UnsafeMutableRawPointer(scores + (block.first + lane) * height + offset).storeBytes(of: bounds, as: SIMD8<Float>.self)
                            }
                        }
                    }
                    for j in 0..<q {
                        accumulators[j].fold(scores: UnsafeBufferPointer(start: scores + j * height, count: h), firstIndex: start)
                    }
                    start += h
                }
            }
        }
        return accumulators
    }

    /// How many queries the next kernel call takes when `remaining` are left: eight from
    /// five up (the spare lanes multiply zero queries), four from three, else as many as
    /// remain. Fewer queries per call convert the same codes once per call, and a call of one
    /// query does two conversions per multiply–add.
    ///
    /// - Complexity: O(1).
    static func kernelWidth(remaining: Int) -> Int {
        remaining >= 5 ? 8 : remaining >= 3 ? 4 : remaining
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

    /// `sums[i]` = the inner products of query `i` of a block of 1, 2, 4 or 8 `queries` (stored
    /// component by component from `block`, as ``KernelBlocks``) with the eight rows of the
    /// group whose codes start at `codes` (``Layout/groupsOfEight``), unscaled: each
    /// component's eight codes are converted once and multiplied by that component of every
    /// query in the block, lanes being rows.
    ///
    /// - Complexity: O(queries · d).
    static func groupInnerProducts(_ codes: UnsafeRawPointer, _ block: UnsafePointer<Float>, queries: Int, dimension d: Int,
                                   into sums: UnsafeMutablePointer<SIMD8<Float>>) {
        switch queries {
        case 8: groupInnerProducts8(codes, block, dimension: d, into: sums)
        case 4: groupInnerProducts4(codes, block, dimension: d, into: sums)
        case 2: groupInnerProducts2(codes, block, dimension: d, into: sums)
        default:
            precondition(queries == 1, "kernels take 1, 2, 4 or 8 queries")
            groupInnerProducts1(codes, block, dimension: d, into: sums)
        }
    }

    /// ``groupInnerProducts(_:_:queries:dimension:into:)`` for eight queries. Not inlined:
    /// inside the scan's loops its eight accumulators and pointers spilled.
    @inline(never)
    private static func groupInnerProducts8(_ codes: UnsafeRawPointer, _ block: UnsafePointer<Float>, dimension d: Int,
                                            into sums: UnsafeMutablePointer<SIMD8<Float>>) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
        var s = codes, v = block
        for _ in 0..<d {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, SIMD8(repeating: v[0]))
            DotKernels.multiplyAdd(&a1, x, SIMD8(repeating: v[1]))
            DotKernels.multiplyAdd(&a2, x, SIMD8(repeating: v[2]))
            DotKernels.multiplyAdd(&a3, x, SIMD8(repeating: v[3]))
            DotKernels.multiplyAdd(&a4, x, SIMD8(repeating: v[4]))
            DotKernels.multiplyAdd(&a5, x, SIMD8(repeating: v[5]))
            DotKernels.multiplyAdd(&a6, x, SIMD8(repeating: v[6]))
            DotKernels.multiplyAdd(&a7, x, SIMD8(repeating: v[7]))
            s += 8
            v += 8
        }
        (sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6], sums[7]) = (a0, a1, a2, a3, a4, a5, a6, a7)
    }

    /// ``groupInnerProducts(_:_:queries:dimension:into:)`` for four queries, each in two
    /// accumulators (even and odd components): a multiply–add waits on the one before in its
    /// accumulator, and eight chains keep both FMA units busy where four left them half idle.
    @inline(never)
    private static func groupInnerProducts4(_ codes: UnsafeRawPointer, _ block: UnsafePointer<Float>, dimension d: Int,
                                            into sums: UnsafeMutablePointer<SIMD8<Float>>) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
        var s = codes, v = block, j = 0
        while j + 2 <= d {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self)), y = floats(s.loadUnaligned(fromByteOffset: 8, as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, SIMD8(repeating: v[0]))
            DotKernels.multiplyAdd(&a1, x, SIMD8(repeating: v[1]))
            DotKernels.multiplyAdd(&a2, x, SIMD8(repeating: v[2]))
            DotKernels.multiplyAdd(&a3, x, SIMD8(repeating: v[3]))
            DotKernels.multiplyAdd(&b0, y, SIMD8(repeating: v[4]))
            DotKernels.multiplyAdd(&b1, y, SIMD8(repeating: v[5]))
            DotKernels.multiplyAdd(&b2, y, SIMD8(repeating: v[6]))
            DotKernels.multiplyAdd(&b3, y, SIMD8(repeating: v[7]))
            s += 16
            v += 8
            j += 2
        }
        if j < d {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, SIMD8(repeating: v[0]))
            DotKernels.multiplyAdd(&a1, x, SIMD8(repeating: v[1]))
            DotKernels.multiplyAdd(&a2, x, SIMD8(repeating: v[2]))
            DotKernels.multiplyAdd(&a3, x, SIMD8(repeating: v[3]))
        }
        (sums[0], sums[1], sums[2], sums[3]) = (a0 + b0, a1 + b1, a2 + b2, a3 + b3)
    }

    /// ``groupInnerProducts(_:_:queries:dimension:into:)`` for two queries, each in two
    /// accumulators (even and odd components).
    @inline(never)
    private static func groupInnerProducts2(_ codes: UnsafeRawPointer, _ block: UnsafePointer<Float>, dimension d: Int,
                                            into sums: UnsafeMutablePointer<SIMD8<Float>>) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), b0 = SIMD8<Float>(), b1 = SIMD8<Float>()
        var s = codes, v = block, j = 0
        while j + 2 <= d {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self)), y = floats(s.loadUnaligned(fromByteOffset: 8, as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, SIMD8(repeating: v[0]))
            DotKernels.multiplyAdd(&a1, x, SIMD8(repeating: v[1]))
            DotKernels.multiplyAdd(&b0, y, SIMD8(repeating: v[2]))
            DotKernels.multiplyAdd(&b1, y, SIMD8(repeating: v[3]))
            s += 16
            v += 4
            j += 2
        }
        if j < d {
            let x = floats(s.loadUnaligned(as: SIMD8<Int8>.self))
            DotKernels.multiplyAdd(&a0, x, SIMD8(repeating: v[0]))
            DotKernels.multiplyAdd(&a1, x, SIMD8(repeating: v[1]))
        }
        (sums[0], sums[1]) = (a0 + b0, a1 + b1)
    }

    /// ``groupInnerProducts(_:_:queries:dimension:into:)`` for one query: two accumulators
    /// (even and odd components), as one would wait on its own additions.
    @inline(never)
    private static func groupInnerProducts1(_ codes: UnsafeRawPointer, _ v: UnsafePointer<Float>, dimension d: Int,
                                            into sums: UnsafeMutablePointer<SIMD8<Float>>) {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>()
        var s = codes, j = 0
        while j + 2 <= d {
            DotKernels.multiplyAdd(&a0, floats(s.loadUnaligned(as: SIMD8<Int8>.self)), SIMD8(repeating: v[j]))
            DotKernels.multiplyAdd(&a1, floats(s.loadUnaligned(fromByteOffset: 8, as: SIMD8<Int8>.self)), SIMD8(repeating: v[j + 1]))
            s += 16
            j += 2
        }
        if j < d { DotKernels.multiplyAdd(&a0, floats(s.loadUnaligned(as: SIMD8<Int8>.self)), SIMD8(repeating: v[j])) }
        sums[0] = a0 + a1
    }
}
