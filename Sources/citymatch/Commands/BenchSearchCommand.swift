import ArgumentParser
import CityMatchCore
import Foundation

struct BenchSearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Exact top-k inner-product search over seeded synthetic unit vectors.",
        discussion: """
            Builds an index of N random L2-normalised D-dimensional vectors, then times batches of Q \
            queries: one warm-up, then --runs timed batches; reports the median milliseconds per batch, \
            queries per second, recall@k against exact search, index memory (N·D·4 bytes for the flat \
            index) and the process's peak resident memory. Only the exact flat index exists so far.
            """
    )

    enum IndexKind: String, ExpressibleByArgument, CaseIterable { case flat }
    enum Format: String, ExpressibleByArgument { case text, json }

    @Option(help: "Vectors in the index.") var n: Int = 100_000
    @Option(help: "Dimensions.") var dim: Int = 384
    @Option(help: "Queries per batch.") var queries: Int = 1
    @Option(help: "Results per query.") var k: Int = 10
    @Option(help: "OpenBLAS threads (default: the environment's setting).") var threads: Int?
    @Option(help: "Index kind.") var index: IndexKind = .flat
    @Option(help: "Timed batches after the warm-up.") var runs: Int = 5
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Output format: text or json.") var format: Format = .text

    func validate() throws {
        guard n >= 1, dim >= 1, queries >= 1, k >= 1, runs >= 1 else { throw ValidationError("--n, --dim, --queries, --k and --runs must be at least 1") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if let threads { BLAS.setThreadCount(threads) }
        let base = SyntheticVectors.unitGaussian(count: n, dimension: dim, seed: seed)
        let batch = SyntheticVectors.unitGaussian(count: queries, dimension: dim, seed: seed &+ 1)
        let flat = try FlatIndex(dimension: dim, ids: (0..<n).map(String.init), storage: VectorStorage(base.storage))
        _ = flat.search(queries: batch, k: k, filter: nil)
        var milliseconds: [Double] = []
        var results: [[SearchHit]] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            results = flat.search(queries: batch, k: k, filter: nil)
            milliseconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        milliseconds.sort()
        let median = runs % 2 == 1 ? milliseconds[runs / 2] : (milliseconds[runs / 2 - 1] + milliseconds[runs / 2]) / 2
        // Exact search is its own reference: recall is measured against a plain scan of the first query.
        let reference = Set(TopK.select(base.multiplied(by: batch.row(0)), k: k).map(\.index))
        let recall = Double(results[0].filter { reference.contains($0.row) }.count) / Double(min(k, n))
        let indexBytes = n * dim * MemoryLayout<Float>.size
        let peak = Self.peakResidentBytes()
        switch format {
        case .json:
            Console.out(JSONValue.object([
                "index": .string(index.rawValue), "n": .integer(Int64(n)), "dim": .integer(Int64(dim)), "queries": .integer(Int64(queries)),
                "k": .integer(Int64(k)), "threads": .integer(Int64(BLAS.threadCount)), "runs": .integer(Int64(runs)),
                "median_ms": .number(median), "qps": .number(Double(queries) / (median / 1000)), "recall": .number(recall),
                "index_bytes": .integer(Int64(indexBytes)), "peak_rss_bytes": .integer(Int64(peak)),
            ]).serialized())
        case .text:
            Console.out("index \(index.rawValue), n \(n), dim \(dim), queries \(queries), k \(k), threads \(BLAS.threadCount)")
            Console.out("median \(RankingText.number(median, 3)) ms per batch over \(runs) runs, \(RankingText.number(Double(queries) / (median / 1000), 1)) queries/s")
            Console.out("recall@\(k) \(RankingText.number(recall, 4)); index \(indexBytes) bytes (N·D·4); peak RSS \(peak) bytes")
        }
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
