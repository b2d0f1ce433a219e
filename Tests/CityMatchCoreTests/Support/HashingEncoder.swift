@testable import CityMatchCore

/// A deterministic stand-in sentence encoder for engine tests that must not depend on model
/// weights: analysed terms hashed into `dimension` buckets, L2-normalised. Texts sharing
/// words get positive cosines, which is all the engine's arithmetic needs.
struct HashingEncoder: SentenceEncoder {
    var modelID = "test/hashing-encoder"
    var dimension = 64

    func encode(_ texts: [String]) throws -> Matrix {
        var m = Matrix(rows: texts.count, columns: dimension)
        for (r, text) in texts.enumerated() {
            for term in TextAnalyzer.standard.terms(text) {
                var h: UInt64 = 1469598103934665603
                for b in term.utf8 { h = (h ^ UInt64(b)) &* 1099511628211 }
                m[r, Int(h % UInt64(dimension))] += 1
            }
        }
        m.normalizeRows()
        return m
    }
}

/// A small catalog and an engine over it, embedded with ``HashingEncoder``.
enum EngineFixture {
    static let catalog = Catalog(
        cities: [
            City(id: "seoul", name: "Seoul", country: "KR", region: "East Asia", languages: ["ko"]),
            City(id: "bogota", name: "Bogotá", country: "CO", region: "Latin America", languages: ["es"]),
        ],
        needs: [
            Need(id: "seoul-waste", city: "seoul", title: "Garbage overflows in alleys",
                 description: "Bins overflow before collection. Trucks cannot enter narrow alleys. We want collection when bins are full.",
                 domains: ["waste"], budgetUSD: 200_000, languages: ["ko"]),
            Need(id: "bogota-bus", city: "bogota", title: "Nobody knows when the bus comes",
                 description: "Passengers wait at stops without arrival information. We want real-time bus arrival times.",
                 domains: ["mobility", "transit"], languages: ["es"]),
            Need(id: "bogota-open", city: "bogota", title: "Bus data for apps", description: "Publish bus routes so apps can use them."),
        ],
        startups: [
            Startup(id: "binsense", name: "BinSense", description: "Fill-level sensors for bins. Collection routes only for full bins.",
                    capabilities: ["Bin fill-level sensing", "Collection route optimisation"], domains: ["waste", "iot"],
                    country: "KR", languages: ["ko", "en"], markets: ["KR", "APAC"], references: ["Suwon"], minContractUSD: 50_000),
            Startup(id: "alleycart", name: "AlleyCart", description: "Small electric carts collect garbage in narrow alleys.",
                    capabilities: ["Narrow alley collection"], domains: ["waste"], country: "IN", languages: ["en", "hi"],
                    markets: ["South Asia"], minContractUSD: 400_000),
            Startup(id: "busclock", name: "BusClock", description: "Real-time bus arrival predictions and GTFS-Realtime feeds for stops.",
                    capabilities: ["Bus arrival prediction", "GTFS-Realtime feeds"], domains: ["mobility", "transit"],
                    country: "CO", languages: ["es", "en"], markets: ["LATAM"], references: ["Medellín"], minContractUSD: 30_000),
            Startup(id: "ledgerly", name: "Ledgerly", description: "Accounting software for small firms.", country: "US"),
        ],
        judgments: [
            Judgment(need: "seoul-waste", startup: "binsense", grade: 3),
            Judgment(need: "seoul-waste", startup: "alleycart", grade: 2),
            Judgment(need: "bogota-bus", startup: "busclock", grade: 3),
        ])

    static func engine(weights: RankerWeights = ShippedRanker.weights, catalog: Catalog = catalog) throws -> MatchEngine {
        let encoder = HashingEncoder()
        let texts = CatalogEmbeddings.texts(for: catalog)
        let vectors = try encoder.encode(texts)
        let byText = Dictionary(uniqueKeysWithValues: texts.enumerated().map { ($1, vectors.row($0)) })
        let embeddings = CatalogEmbeddings(catalog: catalog, dimension: encoder.dimension) { byText[$0]! }
        return MatchEngine(catalog: catalog, embeddings: embeddings, weights: weights)
    }
}
