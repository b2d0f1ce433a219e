import CityMatchCore
import Foundation

/// Reading and writing `models/ranker.json`.
public enum RankerWeightsFile {
    public static let defaultRelativePath = "models/ranker.json"
    public static let environmentVariable = "CITYMATCH_RANKER"

    /// Weights from `explicit`, else `$CITYMATCH_RANKER`, else `./models/ranker.json` when it exists,
    /// else the trained defaults built into CityMatch.
    public static func load(explicit: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (RankerWeights, source: String) {
        let candidates = [explicit, environment[environmentVariable]].compactMap { $0 }.filter { !$0.isEmpty }
        if let path = candidates.first { return (try read(path), path) }
        if FileManager.default.fileExists(atPath: defaultRelativePath) { return (try read(defaultRelativePath), defaultRelativePath) }
        return (ShippedRanker.weights, "built-in")
    }

    public static func read(_ path: String) throws -> RankerWeights {
        do {
            let weights = try JSONDecoder().decode(RankerWeights.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
            for name in weights.weights.keys where Facet(rawValue: name) == nil {
                throw RankerFileError.invalid(path: path, reason: "unknown facet '\(name)'")
            }
            if weights.weights.values.contains(where: { $0 < 0 || !$0.isFinite }) {
                throw RankerFileError.invalid(path: path, reason: "weights must be finite and non-negative")
            }
            return weights
        } catch let error as RankerFileError {
            throw error
        } catch {
            throw RankerFileError.invalid(path: path, reason: "\(error)")
        }
    }

    public static func write(_ weights: RankerWeights, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(encoder.encode(weights) + Data("\n".utf8), to: url.path)
    }
}

public enum RankerFileError: Error, CustomStringConvertible {
    case invalid(path: String, reason: String)
    public var description: String {
        switch self { case let .invalid(path, reason): "\(path): not a ranker weights file: \(reason)" }
    }
}
