import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

struct ShortlistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shortlist",
        abstract: "Partner shortlists for every city, within capacity and fairness limits, with an audit record.",
        discussion: """
            A (city, startup) pair scores what `rank` gives the startup for the city's best need. \
            The planner picks the pairs with the highest total score such that each city gets at \
            most --per-city startups, each startup appears in at most --max-per-startup lists and \
            (optionally) at most --max-per-country startups of one country share a city's list. It \
            solves this exactly as a min-cost flow. With --out DIR it writes shortlists.<format> \
            plus one file per city, ready to send. The JSON format is a contract (docs/output-formats.md).
            """
    )

    enum Format: String, ExpressibleByArgument { case json, csv, md, html }

    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions
    @OptionGroup var filters: FilterOptions

    @Option(help: "Startups per city (K).") var perCity: Int
    @Option(help: "Cities' lists a startup may appear in (C).") var maxPerStartup: Int
    @Option(help: "Startups from one country in one city's list (M).") var maxPerCountry: Int?
    @Option(help: "Minimum score for a pair to be eligible.") var minScore: Double?
    @Option(help: "Candidates kept per need on catalogs larger than the candidate pool.") var candidatesPerNeed: Int = 200
    @Option(help: "Output format: json, csv, md or html.") var format: Format = .json
    @Option(help: ArgumentHelp("Write shortlists.<format> and one file per city into this folder.", valueName: "dir")) var out: String?

    func validate() throws {
        guard perCity >= 1 else { throw ValidationError("--per-city must be at least 1") }
        guard maxPerStartup >= 1 else { throw ValidationError("--max-per-startup must be at least 1") }
        if let m = maxPerCountry, m < 1 { throw ValidationError("--max-per-country must be at least 1") }
        if let s = minScore, !(0...1).contains(s) { throw ValidationError("--min-score must be between 0 and 1") }
        guard candidatesPerNeed >= 1 else { throw ValidationError("--candidates-per-need must be at least 1") }
    }

    func run() async throws {
        try await reportingFailures {
            let weights = try ranker.load()
            let context = try await EngineContext.load(catalog: source, model: model, weights: weights)
            let engine = context.engine
            // The catalog's hash (every record serialised, then SHA-256) takes seconds at 100,000
            // startups and needs nothing from the scoring, so it runs meanwhile.
            let catalog = context.catalog
            let catalogHash = Task.detached { AuditRecord.catalogHash(catalog) }
            let bar = ProgressLine(label: "scoring needs")
            let pairs = ShortlistCandidates.pairs(engine, options: filters.rankOptions, perNeed: candidatesPerNeed) { bar.update($0, $1) }
            bar.finish()
            let limits = ShortlistLimits(perCity: perCity, maxPerStartup: maxPerStartup, maxPerCountry: maxPerCountry, minimumScore: minScore)
            let record = audit(context, weights: weights, catalogHash: await catalogHash.value)
            let report = ShortlistReport.planned(pairs, engine: engine, limits: limits, audit: record)
            if let out {
                try write(report, to: out)
            } else {
                print(render(report), terminator: "")
            }
        }
    }

    private func render(_ report: ShortlistReport) -> String {
        switch format {
        case .json: report.json().serialized() + "\n"
        case .csv: report.csv()
        case .md: report.markdown()
        case .html: report.html()
        }
    }

    private func write(_ report: ShortlistReport, to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let all = URL(fileURLWithPath: directory).appendingPathComponent("shortlists.\(format.rawValue)")
            try AtomicFile.write(render(report), to: all.path)
            for (item, text) in zip(report.shortlists, renderCityFiles(report)) {
                let file = URL(fileURLWithPath: directory).appendingPathComponent("\(item.city.id).\(format.rawValue)")
                try AtomicFile.write(text, to: file.path)
            }
        } catch {
            throw Console.fail("cannot write \(directory): \(error)")
        }
        Console.out("wrote \(directory)/shortlists.\(format.rawValue) and \(report.shortlists.count) city files (\(report.shortlists.reduce(0) { $0 + $1.entries.count }) meetings, total score \(RankingText.number(report.totalScore, 4)))")
    }

    /// Each city's own file (the report with that city's shortlist only), rendered over the
    /// cores: a thousand cities' renderings took seconds one after another.
    ///
    /// - Complexity: O(cities · report size / cores).
    private func renderCityFiles(_ report: ShortlistReport) -> [String] {
        let count = report.shortlists.count
        let texts = UnsafeMutableBufferPointer<String>.allocate(capacity: count)
        texts.initialize(repeating: "")
        defer {
            _ = texts.deinitialize()
            texts.deallocate()
        }
        // Each iteration writes only its own slot; concurrentPerform returns after all have.
        let slots = Slots(texts: texts)
        DispatchQueue.concurrentPerform(iterations: count) { i in
            var one = report
            one.shortlists = [report.shortlists[i]]
            slots.texts[i] = render(one)
        }
        return Array(texts)
    }

    /// Disjoint output slots shared by the rendering workers.
    private struct Slots: @unchecked Sendable {
        let texts: UnsafeMutableBufferPointer<String>
    }

    private func audit(_ context: EngineContext, weights: RankerWeights, catalogHash: String) -> AuditRecord {
        var parameters: [String: JSONValue] = [
            "per_city": .integer(Int64(perCity)), "max_per_startup": .integer(Int64(maxPerStartup)),
            "require_language": .bool(filters.requireLanguage), "within_budget": .bool(filters.withinBudget),
            "candidates_per_need": .integer(Int64(candidatesPerNeed)),
            "catalog": .string(source.catalog ?? StoreLocation.resolve(source.db)),
            "weights": .string((try? RankerWeightsFile.load(explicit: ranker.weights).source) ?? "built-in"),
        ]
        parameters["max_per_country"] = maxPerCountry.map { .integer(Int64($0)) } ?? .null
        parameters["min_score"] = minScore.map(JSONValue.number) ?? .null
        let manifest = (try? ModelManifest.load(from: model.directory.url)) ?? ModelManifest.builtIn
        let weightsFile = manifest.files.first { $0.name == "model.safetensors" }?.sha256 ?? ""
        return AuditRecord(catalogHash: catalogHash, modelID: context.builder.encoder.modelID,
                           modelWeightsHash: weightsFile, rankerWeightsHash: AuditRecord.weightsHash(weights), parameters: parameters,
                           toolVersion: CityMatchVersion.current, timestamp: ISO8601DateFormatter().string(from: Date()))
    }
}
