import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

struct FitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "A startup's fit report: its best needs, blockers, and what would raise its fit.",
        discussion: """
            Every "would be" figure is computed by rescoring a modified profile (another language, \
            a lower minimum contract, another market), never estimated. HTML is one self-contained \
            page that prints cleanly; Markdown suits e-mail; JSON suits portals.
            """
    )

    enum Format: String, ExpressibleByArgument { case md, html, json }

    @Argument(help: "The startup's id.") var startup: String
    @OptionGroup var source: CatalogOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var ranker: RankerOptions
    @OptionGroup var count: CountOptions
    @Option(help: "Output format: md, html or json.") var format: Format = .md
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var out: String?

    func run() async throws {
        try await reportingFailures {
            let context = try await EngineContext.load(catalog: source, model: model, weights: try ranker.load())
            guard let report = FitReportBuilder.build(context.engine, startupID: startup, k: count.k) else {
                throw Console.fail("no startup '\(startup)' in the catalog")
            }
            let text: String
            switch format {
            case .md: text = report.markdown()
            case .html: text = report.html()
            case .json: text = report.json().serialized() + "\n"
            }
            if let out {
                do { try AtomicFile.write(text, to: out) } catch {
                    throw Console.fail("cannot write \(out): \(error)")
                }
                Console.out("wrote \(out)")
            } else {
                print(text, terminator: "")
            }
        }
    }
}
