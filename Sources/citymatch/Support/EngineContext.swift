import CityMatchCore
import CityMatchStore
import Foundation

/// Everything a ranking command needs: catalog, encoder, engine.
struct EngineContext {
    let catalog: Catalog
    let builder: EngineBuilder
    let engine: MatchEngine

    /// Loads the catalog and the model, embeds what the cache lacks (with a progress bar on a
    /// terminal), and builds the engine.
    static func load(catalog source: CatalogOptions, model: ModelOptions, weights: RankerWeights) async throws -> EngineContext {
        let catalog = try await source.load()
        let encoder = try model.loadEncoder()
        let builder = EngineBuilder(encoder: encoder, cache: try source.openCache(), weights: weights)
        let bar = ProgressLine(label: "encoding")
        let (engine, _) = try await builder.build(catalog) { done, total in bar.update(done, total) }
        bar.finish()
        return EngineContext(catalog: catalog, builder: builder, engine: engine)
    }
}

/// A thread-safe wrapper of ``ProgressBar`` for callbacks.
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var bar: ProgressBar?
    private let label: String

    init(label: String) { self.label = label }

    func update(_ done: Int, _ total: Int) {
        lock.lock(); defer { lock.unlock() }
        if bar == nil { bar = ProgressBar(label: label, total: total, enabled: Console.isInteractive && total >= 200) }
        bar?.update(done)
    }

    func finish() {
        lock.lock(); defer { lock.unlock() }
        bar?.finish()
    }
}
