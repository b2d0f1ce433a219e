import CityMatchCore
import Foundation

/// Reading and writing catalog folders (the JSON Lines exchange format).
public enum CatalogFiles {
    /// Reads whichever catalog files exist in `directory`.
    ///
    /// - Throws: ``CatalogFolderError`` when the folder is missing or holds no catalog file.
    public static func readSource(directory: String) throws -> CatalogSource {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogFolderError.notAFolder(directory)
        }
        var files: [String: [UInt8]] = [:]
        for name in CatalogSource.fileNames {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            guard let data = FileManager.default.contents(atPath: path) else { throw CatalogFolderError.unreadable(path) }
            files[name] = [UInt8](data)
        }
        if files.isEmpty { throw CatalogFolderError.empty(directory) }
        return CatalogSource(files: files)
    }

    /// Reads and validates a complete catalog folder (for commands that work on a folder directly).
    public static func load(directory: String, maximumIssues: Int = CatalogLimits.defaultMaximumIssues) throws -> Catalog {
        let source = try readSource(directory: directory)
        return try CatalogValidator.validate(source, maximumIssues: maximumIssues).get()
    }

    /// Writes `catalog` as JSON Lines into `directory` (created if needed). Each file is
    /// written to a temporary name and renamed, so a reader never sees half a file.
    /// `judgments.jsonl` is written only when there are judgments.
    public static func write(_ catalog: Catalog, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try writeFile(catalog.cities, directory: directory)
        try writeFile(catalog.needs, directory: directory)
        try writeFile(catalog.startups, directory: directory)
        if !catalog.judgments.isEmpty { try writeFile(catalog.judgments, directory: directory) }
    }

    private static func writeFile<R: CatalogRecord>(_ records: [R], directory: String) throws {
        var text = ""
        for record in records {
            text += record.jsonLine()
            text += "\n"
        }
        let url = URL(fileURLWithPath: directory).appendingPathComponent(R.fileName)
        try AtomicFile.write(text, to: url.path)
    }
}

/// A catalog folder that cannot be read at all.
public enum CatalogFolderError: Error, CustomStringConvertible {
    case notAFolder(String)
    case empty(String)
    case unreadable(String)

    public var description: String {
        switch self {
        case .notAFolder(let path): "\(path): no such folder"
        case .empty(let path): "\(path): no catalog files (expected \(CatalogSource.fileNames.joined(separator: ", ")))"
        case .unreadable(let path): "\(path): cannot be read"
        }
    }
}
