import ArgumentParser
import CityMatchCore
import CityMatchStore

struct InspectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise the stored catalog, or print one record as JSON."
    )

    @OptionGroup var store: StoreOptions

    @Option(help: "Print this city's record.")
    var city: String?
    @Option(help: "Print this need's record.")
    var need: String?
    @Option(help: "Print this startup's record.")
    var startup: String?

    func run() async throws {
        try await reportingFailures {
            let catalogStore = try store.open()
            let catalog = try await catalogStore.catalog()
            if let id = city { try printRecord(catalog.cities.first { $0.id == id }, kind: "city", id: id); return }
            if let id = need { try printRecord(catalog.needs.first { $0.id == id }, kind: "need", id: id); return }
            if let id = startup { try printRecord(catalog.startups.first { $0.id == id }, kind: "startup", id: id); return }
            summarise(catalog, path: catalogStore.path)
        }
    }

    private func printRecord<R: CatalogRecord>(_ record: R?, kind: String, id: String) throws {
        guard let record else { throw Console.fail("no \(kind) '\(id)' in \(store.resolvedPath)") }
        Console.out(record.jsonLine())
    }

    private func summarise(_ catalog: Catalog, path: String) {
        Console.out("Store: \(path)")
        Console.out("\(catalog.cities.count) cities, \(catalog.needs.count) needs, \(catalog.startups.count) startups, \(catalog.judgments.count) judgments")
        guard !catalog.cities.isEmpty else { return }
        Console.out()
        let needsPerCity = Dictionary(grouping: catalog.needs, by: \.city)
        var table = TextTable(["city", "name", "country", "needs", "languages"], numericColumns: [3])
        for city in catalog.cities {
            table.add([city.id, city.name, city.country, String(needsPerCity[city.id]?.count ?? 0),
                       (city.languages ?? []).joined(separator: ",")])
        }
        Console.out(table.render())
        let countries = Dictionary(grouping: catalog.startups, by: \.country).mapValues(\.count)
        let top = countries.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(8)
        Console.out()
        Console.out("Startups by country (top \(top.count) of \(countries.count)): " + top.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
