import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// `citymatch bench encode`: sentence-encoder throughput (median over runs after a warm-up).
struct BenchEncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encoder throughput in tokens/s and texts/s (median over runs, after a warm-up).",
        discussion: "Without --file, encodes the sample catalog's need and startup texts (datasets/sample), else a built-in list of smart-city descriptions."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: ArgumentHelp("Texts to encode, one per line.", valueName: "file"))
    var file: String?

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: "Timed runs (the median is reported).")
    var runs: Int = 5

    @Option(help: "Token budget of one encoder batch.")
    var batchTokens: Int = 4096

    @Flag(help: "Print the built-in texts, one per line, and exit.")
    var dumpTexts = false

    @OptionGroup var model: ModelOptions

    static let sampleCatalog = "datasets/sample"

    /// The sample catalog's texts as the matcher embeds them (whole needs and startups), else the built-in list.
    static func defaultTexts() -> [String] {
        guard let sample = try? CatalogFiles.load(directory: sampleCatalog) else { return BenchTexts.smartCity }
        return sample.needs.map(\.fullText) + sample.startups.map(\.fullText)
    }

    func run() throws {
        if dumpTexts {
            Console.out(Self.defaultTexts().joined(separator: "\n"))
            return
        }
        try reportingFailures {
            let texts: [String]
            if let file {
                do {
                    texts = try String(contentsOfFile: file, encoding: .utf8)
                        .split(separator: "\n", omittingEmptySubsequences: true)
                        .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
                        .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                } catch {
                    throw Console.fail("cannot read \(file): \(error.localizedDescription)")
                }
            } else {
                texts = Self.defaultTexts()
            }
            guard !texts.isEmpty else { throw Console.fail("no texts to encode") }
            let encoder = try model.loadEncoder(maxBatchTokens: batchTokens)
            let tokens = encoder.tokenizer.encode(texts).reduce(0) { $0 + $1.ids.count }
            _ = try encoder.encode(Array(texts.prefix(64)))  // warm-up
            var seconds: [Double] = []
            for _ in 0..<max(runs, 1) {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try encoder.encode(texts)
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            seconds.sort()
            let median = seconds.count % 2 == 1 ? seconds[seconds.count / 2]
                : (seconds[seconds.count / 2 - 1] + seconds[seconds.count / 2]) / 2
            let tokensPerSecond = Double(tokens) / median, textsPerSecond = Double(texts.count) / median
            switch format {
            case .json:
                Console.out(String(format: #"{"texts":%d,"tokens":%d,"runs":%d,"median_s":%.6f,"tokens_per_s":%.1f,"texts_per_s":%.1f,"mean_tokens_per_text":%.1f}"#,
                                   texts.count, tokens, seconds.count, median, tokensPerSecond, textsPerSecond,
                                   Double(tokens) / Double(texts.count)))
            case .text:
                Console.out("Encoded \(texts.count) texts (\(tokens) tokens, \(String(format: "%.1f", Double(tokens) / Double(texts.count))) per text), median of \(seconds.count) runs: \(String(format: "%.3f", median)) s")
                Console.out(String(format: "%.0f tokens/s, %.1f texts/s", tokensPerSecond, textsPerSecond))
            }
        }
    }
}

/// A built-in benchmark corpus: 240 smart-city need and startup descriptions of
/// roughly 35–95 tokens, composed deterministically from hand-written parts.
enum BenchTexts {
    static let openings = [
        "The city of Porto is looking for a partner to deploy smart parking sensors across the historic centre,",
        "Our startup builds low-cost air-quality monitors that mount on existing street lights,",
        "The municipal water utility wants acoustic leak detection on about 400 kilometres of ageing cast-iron pipes,",
        "We offer an AI platform that retimes traffic signals in real time from camera and loop-detector data,",
        "Ghent needs a digital twin of its port district to plan logistics flows and cut truck emissions,",
        "Our company runs on-demand electric shuttles for suburbs that are poorly served by fixed bus lines,",
        "The council would like a citizen reporting app for potholes, broken street lamps and illegal dumping,",
        "We map urban heat islands from satellite imagery and recommend where to plant trees first,",
        "A mid-sized Spanish city wants to cut the energy bills of its 60 public schools and libraries,",
        "Our marketplace connects restaurants and supermarkets with local charities to reduce food waste,",
        "The regional transport authority seeks a single ticketing app covering buses, trams and bike sharing,",
        "We build drones that inspect bridges, tunnels and retaining walls for cracks and corrosion,",
        "The city wants to optimise school bus routes to save fuel and shorten children's travel times,",
        "Our sensors count pedestrians and cyclists anonymously, without cameras, at busy intersections,",
        "Helsinki is piloting predictive maintenance for its district heating network,",
        "We provide a booking platform for kerbside loading zones used by delivery vans,",
        "The municipality must reduce night-time noise complaints around its nightlife district,",
        "Our startup turns wastewater sludge into biogas in compact, containerised units,",
        "Lyon wants real-time flood monitoring along the river embankments and storm drains,",
        "We offer accessible indoor wayfinding for blind and low-vision travellers in transit hubs,",
        "The city is tendering a smart waste-collection system with fill-level sensors in public bins,",
        "Our software forecasts electricity demand for municipal buildings an hour ahead,",
        "Tallinn seeks a secure digital identity solution for residents to access city services,",
        "We retrofit street lighting with adaptive LED controllers that dim when streets are empty,",
    ]
    static let middles = [
        "with data published through an open API so that other departments can reuse it",
        "and the solution must integrate with the existing SCADA and GIS systems",
        "while keeping personal data inside the EU and complying fully with the GDPR",
        "with a pilot in two neighbourhoods before any city-wide roll-out",
        "using battery-powered devices that last at least five years without maintenance",
        "and the vendor should provide a dashboard for operators and a weekly report for council members",
        "with LoRaWAN or NB-IoT connectivity, since there is no fibre in most of the streets",
        "and success will be measured by a 20% reduction in operating costs within two years",
        "for a population of roughly 250,000 residents and 80,000 daily commuters",
        "with hardware that survives winter temperatures of minus 25 °C and heavy snowfall",
        "and the budget for the first phase is about €350k, co-funded by a regional innovation grant",
        "while training municipal staff so the city can run the system without the vendor",
        "and every alert has to reach the responsible field crew within five minutes",
        "with accessibility requirements for older residents and people with disabilities",
        "and the contract includes a twelve-month evaluation by the local university",
        "while avoiding any new cameras in public space after concerns raised by residents",
        "and the city expects at least 3.5 km² of coverage in the first year",
        "with procurement through an innovation partnership rather than a classic tender",
        "and the data must be interoperable with FIWARE and the European data spaces",
        "while reducing CO₂ emissions by at least 1,200 tonnes per year",
    ]
    static let endings = [
        "Startups with references from comparable European cities are preferred.",
        "We have already deployed this in three cities and are ready to scale.",
        "Please describe maintenance costs over a ten-year horizon.",
        "The team can start within six weeks of signing.",
        "Open-source components are strongly preferred.",
        "A proof of concept could run during the summer holidays when traffic is lower.",
        "Our pricing is per device per month, including connectivity and support.",
        "Citizen participation workshops are part of the project plan.",
        "The solution should work in both Finnish and Swedish.",
        "We are seeking a seed round of $2M to expand to new markets.",
        "Results will be shared with other cities in the network.",
        "Integration with the existing 311 hotline would be a plus.",
        "The council will decide on the roll-out after the pilot evaluation.",
        "Hardware must be repairable locally, with spare parts available for ten years.",
        "We comply with ISO 27001 and host all data in certified data centres.",
        "Please include a plan for decommissioning and recycling the devices.",
        "Energy savings are guaranteed in the contract or the fee is reduced.",
    ]

    static let smartCity: [String] = (0..<240).map { i in
        let opening = openings[i % openings.count]
        let middle = middles[(i * 7 + i / openings.count) % middles.count]
        let ending = endings[(i * 11 + i / 3) % endings.count]
        // Every fourth text is longer: a second middle clause and a second ending.
        if i % 4 == 3 {
            let second = middles[(i * 3 + 1) % middles.count]
            return "\(opening) \(middle), \(second). \(ending) \(endings[(i + 5) % endings.count])"
        }
        return "\(opening) \(middle). \(ending)"
    }
}
