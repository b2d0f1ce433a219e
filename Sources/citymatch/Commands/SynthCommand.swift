import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a large synthetic catalog for scale tests and benchmarks.",
        discussion: """
            Deterministic per seed: the same arguments write the same bytes. Records are \
            composed from the sample catalog's domains, capabilities and phrasing, with real \
            cities (GeoNames, World Bank). Records are generated and written one at a time, so \
            memory stays flat however many startups are asked for. judgments.jsonl holds \
            ground-truth grades for each need (see docs/catalog-format.md for the rubric).
            """
    )

    @Option(help: "Number of cities.") var cities: Int = 200
    @Option(help: "Number of needs.") var needs: Int = 1_000
    @Option(help: "Number of startups.") var startups: Int = 10_000
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Graded judgments written per need (0: no judgments.jsonl).") var judgmentsPerNeed: Int = 5
    @Option(help: ArgumentHelp("The folder to write (created if needed).", valueName: "dir")) var out: String

    func validate() throws {
        guard cities >= 1 else { throw ValidationError("--cities must be at least 1") }
        guard needs >= 0, startups >= 0, judgmentsPerNeed >= 0 else { throw ValidationError("counts must not be negative") }
    }

    func run() throws {
        try reportingFailures {
            let synthesizer = CatalogSynthesizer(parameters: .init(cities: cities, needs: needs, startups: startups,
                                                                   seed: seed, judgmentsPerNeed: judgmentsPerNeed))
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                try write(City.fileName, count: cities) { synthesizer.city($0).jsonLine() }
                try write(Need.fileName, count: needs) { synthesizer.need($0).jsonLine() }
                try write(Startup.fileName, count: startups) { synthesizer.startup($0).jsonLine() }
                if judgmentsPerNeed > 0 {
                    try writeMany(Judgment.fileName, count: needs) { synthesizer.judgments(forNeed: $0).map { $0.jsonLine() } }
                }
            } catch let exit as ExitCodeError {
                throw exit
            } catch {
                throw Console.fail("cannot write \(out): \(error)")
            }
            Console.out("Wrote \(cities) cities, \(needs) needs, \(startups) startups to \(out) (seed \(seed))")
        }
    }

    private func write(_ name: String, count: Int, line: (Int) -> String) throws {
        try writeMany(name, count: count) { [line($0)] }
    }

    private func writeMany(_ name: String, count: Int, lines: (Int) -> [String]) throws {
        let writer = try LineWriter(path: (out as NSString).appendingPathComponent(name))
        var progress = ProgressBar(label: name, total: count, enabled: Console.isInteractive && count >= 10_000)
        for i in 0..<count {
            for text in lines(i) { try writer.write(text) }
            if i % 1_000 == 0 { progress.update(i) }
        }
        progress.finish()
        try writer.close()
    }
}
