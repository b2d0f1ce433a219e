import ArgumentParser
import CityMatchCore
import Foundation

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Top-k inner-product search speed over seeded synthetic unit vectors.",
        discussion: """
            Builds an index of N seeded L2-normalised D-dimensional vectors (uniformly random \
            directions, or --clusters C clusters), then times batches of Q queries drawn the same \
            way: one warm-up, then --runs timed batches; reports the median milliseconds per batch, \
            queries per second, recall@k against exact search, index memory and the process's peak \
            resident memory. --index flat is exact (recall is checked against a plain scan); int8 \
            scans 8-bit codes and rescores 10·k candidates exactly (--rescore); ivf probes the \
            --nprobe best of --nlist k-means partitions (several comma-separated values give a sweep). \
            --write-vectors FILE also writes the base and query vectors (format in docs/indexes.md) \
            for benchmarks/peers/run.sh. --limits also times the two floors of exact search on the \
            same vectors and threads: one read of the whole float base (memory bandwidth) and the \
            bare query × base products with no top-k (sgemm), as medians of --runs; the JSON's \
            limit_ms is the first for one query and the larger of the two for a batch.
            """
    )

    enum IndexKind: String, ExpressibleByArgument, CaseIterable { case flat, int8, ivf }
    enum Format: String, ExpressibleByArgument { case text, json }

    @Option(help: "Vectors in the index.") var n: Int = 100_000
    @Option(help: "Dimensions.") var dim: Int = 384
    @Option(help: "Queries per batch.") var queries: Int = 1
    @Option(help: "Results per query.") var k: Int = 10
    @Option(help: "Threads: OpenBLAS's and the search's workers (default: the environment's setting).") var threads: Int?
    @Option(help: "Index kind: flat, int8 or ivf.") var index: IndexKind = .flat
    @Option(help: "Timed batches after the warm-up.") var runs: Int = 5
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Clustered synthetic data: the number of clusters (0: uniformly random directions).") var clusters: Int = 0
    @Option(help: "Noise norm relative to the cluster centre, with --clusters.") var spread: Double = 1
    @Option(help: "int8: candidates rescored exactly per query, as a multiple of k.") var rescore: Int = 10
    @Option(help: "ivf: partitions (default: √N).") var nlist: Int?
    @Option(help: "ivf: partitions probed per query; comma-separated for a sweep.") var nprobe: String = "1,4,16,64"
    @Option(help: "Write the base and query vectors to this file (CMVB format, docs/indexes.md).") var writeVectors: String?
    @Flag(help: "Also time one read of the base and the bare products (the floors of exact search).") var limits = false
    @Option(help: "Output format: text or json.") var format: Format = .text

    func validate() throws {
        guard n >= 1, dim >= 1, queries >= 1, k >= 1, runs >= 1 else { throw ValidationError("--n, --dim, --queries, --k and --runs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        guard clusters >= 0, spread >= 0, rescore >= 1 else { throw ValidationError("--clusters and --spread must be non-negative, --rescore at least 1") }
        if let nlist, nlist < 1 { throw ValidationError("--nlist must be at least 1") }
        guard !probes.isEmpty, probes.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--nprobe takes positive integers, comma-separated") }
    }

    private var probes: [Int] { nprobe.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    /// One timed configuration.
    struct Measurement {
        var label: String
        var nprobe: Int?
        var medianMS: Double
        var recall: Double
    }

    func run() throws {
        if let threads { BLAS.setThreadCount(threads) }
        let (base, batch) = vectors()
        if let writeVectors { try Self.write(base: base, queries: batch, to: writeVectors) }
        let ids = (0..<n).map(String.init)
        let flat = try FlatIndex(dimension: dim, ids: ids, storage: VectorStorage(base.storage))

        var measurements: [Measurement] = []
        var indexBytes = n * dim * MemoryLayout<Float>.size
        var extra: [String: JSONValue] = [:]
        var firstHits: [SearchHit] = []
        switch index {
        case .flat:
            let (median, results) = time { flat.search(queries: batch, k: k, filter: nil) }
            // Exact search is checked against a plain scan of (up to) the first ten queries.
            let checked = min(queries, 10)
            let reference = (0..<checked).map { q in TopK.select(base.multiplied(by: batch.row(q)), k: k).map { ids[$0.index] } }
            measurements.append(Measurement(label: "flat", medianMS: median, recall: Self.recall(Array(results.prefix(checked)), reference, k: min(k, n))))
            firstHits = results[0]
            extra["index_formula"] = .string("N·D·4")
        case .int8:
            let start = DispatchTime.now().uptimeNanoseconds
            let int8 = Int8Index(flat: flat, rescoreFactor: rescore)
            extra["build_ms"] = .number(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            let exact = flat.search(queries: batch, k: k, filter: nil).map { $0.map(\.id) }
            let (median, results) = time { int8.search(queries: batch, k: k, filter: nil) }
            measurements.append(Measurement(label: "int8", medianMS: median, recall: Self.recall(results, exact, k: min(k, n))))
            firstHits = results[0]
            indexBytes = int8.codeBytes
            extra["index_formula"] = .string("N·D + 4·N (codes and row scales)")
            extra["rescore_candidates"] = .integer(Int64(int8.rescoreCount(k: k)))
            extra["rescore_store_bytes"] = .integer(Int64(int8.rescoreStoreBytes))
        case .ivf:
            let lists = nlist ?? max(1, Int(Double(n).squareRoot().rounded()))
            let start = DispatchTime.now().uptimeNanoseconds
            let ivf = try IVFIndex(ids: ids, vectors: base, nlist: lists, seed: seed, threads: threads)
            extra["build_ms"] = .number(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            extra["nlist"] = .integer(Int64(ivf.nlist))
            let sizes = ivf.listSizes
            extra["largest_list"] = .integer(Int64(sizes.max() ?? 0))
            let exact = flat.search(queries: batch, k: k, filter: nil).map { $0.map(\.id) }
            for p in probes {
                let (median, results) = time { ivf.search(queries: batch, k: k, filter: nil, nprobe: p, threads: threads) }
                measurements.append(Measurement(label: "ivf", nprobe: p, medianMS: median, recall: Self.recall(results, exact, k: min(k, n))))
                if firstHits.isEmpty { firstHits = results[0] }
            }
            indexBytes = n * dim * MemoryLayout<Float>.size + ivf.overheadBytes
            extra["index_formula"] = .string("N·D·4 + 8·N (list entries, row→list) + nlist·D·4 (centroids)")
        }
        if limits {
            let threadCount = threads ?? BLAS.threadCount
            base.storage.withUnsafeBufferPointer { buffer in
                let read = medianMilliseconds { _ = SearchLimits.readOnce(buffer, threads: threadCount) }
                let products = medianMilliseconds { _ = SearchLimits.productsOnly(queries: batch, base: buffer, count: n, threads: threadCount) }
                extra["read_once_ms"] = .number(read)
                extra["products_only_ms"] = .number(products)
                // One query is a matrix–vector product: its floor is the read; a batch's is the larger of the two.
                extra["limit_ms"] = .number(queries == 1 ? read : max(read, products))
            }
        }
        let peak = Self.peakResidentBytes()
        let main = measurements[0]
        let data = clusters > 0 ? "clustered (\(clusters) clusters, spread \(spread))" : "uniformly random unit vectors"
        switch format {
        case .json:
            var object: [String: JSONValue] = [
                "index": .string(index.rawValue), "n": .integer(Int64(n)), "dim": .integer(Int64(dim)), "queries": .integer(Int64(queries)),
                "k": .integer(Int64(k)), "threads": .integer(Int64(BLAS.threadCount)), "runs": .integer(Int64(runs)),
                "data": .string(data), "seed": .integer(Int64(bitPattern: seed)),
                "median_ms": .number(main.medianMS), "qps": .number(Double(queries) / (main.medianMS / 1000)), "recall": .number(main.recall),
                "index_bytes": .integer(Int64(indexBytes)), "peak_rss_bytes": .integer(Int64(peak)),
                "top_rows_query0": .array(firstHits.map { .integer(Int64($0.id)!) }),
            ]
            if let p = main.nprobe { object["nprobe"] = .integer(Int64(p)) }
            if measurements.count > 1 || index == .ivf {
                object["sweep"] = .array(measurements.map { m in
                    .object(["nprobe": .integer(Int64(m.nprobe ?? 0)), "median_ms": .number(m.medianMS),
                             "qps": .number(Double(queries) / (m.medianMS / 1000)), "recall": .number(m.recall)])
                })
            }
            for (key, value) in extra { object[key] = value }
            Console.out(JSONValue.object(object).serialized())
        case .text:
            Console.out("index \(index.rawValue), n \(n), dim \(dim), queries \(queries), k \(k), threads \(BLAS.threadCount); data: \(data)")
            for m in measurements {
                let probe = m.nprobe.map { "nprobe \($0): " } ?? ""
                Console.out("\(probe)median \(RankingText.number(m.medianMS, 3)) ms per batch over \(runs) runs, \(RankingText.number(Double(queries) / (m.medianMS / 1000), 1)) queries/s, recall@\(k) \(RankingText.number(m.recall, 4))")
            }
            if case .number(let build)? = extra["build_ms"] { Console.out("build \(RankingText.number(build, 1)) ms") }
            var memory = "index \(indexBytes) bytes (\(extra["index_formula"].flatMap { if case .string(let s) = $0 { s } else { nil } } ?? ""))"
            if case .integer(let store)? = extra["rescore_store_bytes"] { memory += " + rescoring store \(store) bytes (float vectors, N·D·4; mappable)" }
            Console.out("\(memory); peak RSS \(peak) bytes")
            if case .number(let read)? = extra["read_once_ms"], case .number(let products)? = extra["products_only_ms"] {
                // The floors are those of exact search over the float vectors: a ratio is meaningful for flat only.
                let ratio = index == .flat ? "; search/floor \(RankingText.number(main.medianMS / (queries == 1 ? read : max(read, products)), 2))×" : ""
                Console.out("floors of exact search: one read of the float base \(RankingText.number(read, 3)) ms, products alone (sgemm, no top-k) \(RankingText.number(products, 3)) ms\(ratio)")
            }
        }
    }

    /// Base and query vectors for the configured data.
    private func vectors() -> (Matrix, Matrix) {
        if clusters > 0 {
            let centreSeed = seed &+ 0x5EED
            return (SyntheticVectors.clustered(count: n, dimension: dim, clusters: clusters, spread: Float(spread), seed: seed, centreSeed: centreSeed),
                    SyntheticVectors.clustered(count: queries, dimension: dim, clusters: clusters, spread: Float(spread), seed: seed &+ 1, centreSeed: centreSeed))
        }
        return (SyntheticVectors.unitGaussian(count: n, dimension: dim, seed: seed),
                SyntheticVectors.unitGaussian(count: queries, dimension: dim, seed: seed &+ 1))
    }

    /// One warm-up, then `runs` timed calls of `body`; the median milliseconds.
    private func medianMilliseconds(_ body: () -> Void) -> Double {
        time { body(); return [] }.0
    }

    /// One warm-up, then `runs` timed calls; the median milliseconds and the last result.
    private func time(_ body: () -> [[SearchHit]]) -> (Double, [[SearchHit]]) {
        var results = body()
        var milliseconds: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            results = body()
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        milliseconds.sort()
        let median = runs % 2 == 1 ? milliseconds[runs / 2] : (milliseconds[runs / 2 - 1] + milliseconds[runs / 2]) / 2
        return (median, results)
    }

    /// |found ∩ exact| / (queries · k) over the ids.
    static func recall(_ found: [[SearchHit]], _ exact: [[String]], k: Int) -> Double {
        guard !exact.isEmpty, k > 0 else { return 1 }
        var hits = 0
        for (result, truth) in zip(found, exact) {
            let truthSet = Set(truth)
            hits += result.filter { truthSet.contains($0.id) }.count
        }
        return Double(hits) / Double(exact.count * k)
    }

    /// The CMVB file: a 32-byte header (magic `CMVB`, UInt32 version 1, UInt64 N,
    /// UInt64 Q, UInt32 D, UInt32 0), then N·D base floats, then Q·D query floats,
    /// all little-endian.
    static func write(base: Matrix, queries: Matrix, to path: String) throws {
        guard let file = fopen(path, "wb") else { throw Console.fail("cannot open \(path) for writing") }
        defer { fclose(file) }
        var header = [UInt8]("CMVB".utf8)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { header.append(contentsOf: $0) } }
        append(UInt32(1)); append(UInt64(base.rows)); append(UInt64(queries.rows)); append(UInt32(base.columns)); append(UInt32(0))
        var ok = fwrite(header, 1, header.count, file) == header.count
        for matrix in [base, queries] {
            matrix.storage.withUnsafeBytes { bytes in
                var offset = 0
                while ok, offset < bytes.count {
                    let chunk = min(1 << 24, bytes.count - offset)
                    ok = fwrite(bytes.baseAddress! + offset, 1, chunk, file) == chunk
                    offset += chunk
                }
            }
        }
        guard ok, fflush(file) == 0 else { throw Console.fail("could not write \(path)") }
    }

    /// VmHWM from /proc/self/status (0 where unavailable).
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap { Int($0) } ?? 0
            return kb * 1024
        }
        return 0
    }
}
