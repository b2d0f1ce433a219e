import Foundation

/// Paths the store tests use: the repository (found from this file) and fresh temporary folders.
enum TestPaths {
    static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url
    }()

    static var sampleCatalog: String { repositoryRoot.appendingPathComponent("datasets/sample").path }

    /// The workplace's development catalog, when it sits beside the repository.
    static var evalDevCatalog: String { repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/eval-dev").path }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("citymatch-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
