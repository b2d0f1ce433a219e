/// The raw bytes of a catalog's files, keyed by file name (`cities.jsonl`, …). Absent files are `nil`.
public struct CatalogSource: Sendable {
    public var files: [String: [UInt8]]

    public init(files: [String: [UInt8]]) { self.files = files }

    /// The file names a catalog may hold, in the order they are validated.
    public static let fileNames = [City.fileName, Need.fileName, Startup.fileName, Judgment.fileName]
}

/// Validates a whole catalog before anything is written: syntax, types, value rules,
/// duplicate ids and references, reporting every problem (up to a cap) with file, line and field.
public enum CatalogValidator {
    /// Parses and validates `source`; references may also point at ids in `existing`
    /// (records already in the store, for partial imports).
    ///
    /// - Returns: the catalog, or every issue found (at most `maximumIssues`), in file and line order.
    /// - Complexity: O(total bytes + records); a suggestion for an unknown reference adds
    ///   O(known ids · id length²) for that reference.
    public static func validate(_ source: CatalogSource, existing: KnownIdentifiers = .none,
                                maximumIssues: Int = CatalogLimits.defaultMaximumIssues) -> Result<Catalog, CatalogValidationError> {
        var pass = ValidationPass(limit: max(1, maximumIssues))
        var catalog = Catalog()
        catalog.cities = pass.records(City.self, in: source)
        catalog.needs = pass.records(Need.self, in: source)
        catalog.startups = pass.records(Startup.self, in: source)
        catalog.judgments = pass.records(Judgment.self, in: source)
        pass.checkReferences(existing: existing)
        if pass.issues.isEmpty { return .success(catalog) }
        return .failure(CatalogValidationError(issues: pass.orderedIssues, truncated: pass.truncated))
    }
}

/// One validation run's state: issues so far, ids seen, references to resolve at the end.
private struct ValidationPass {
    struct Reference {
        var file: String
        var line: Int
        var field: String
        var target: ReferenceTarget
        var id: String
    }

    let limit: Int
    private(set) var issues: [CatalogIssue] = []
    private(set) var truncated = false
    private var defined: [ReferenceTarget: Set<String>] = [:]
    private var references: [Reference] = []

    init(limit: Int) { self.limit = limit }

    /// Issues in file order (as the format lists files), then line order.
    var orderedIssues: [CatalogIssue] {
        let fileOrder = Dictionary(uniqueKeysWithValues: CatalogSource.fileNames.enumerated().map { ($1, $0) })
        return issues.enumerated().sorted { a, b in
            let ka = (fileOrder[a.element.file] ?? 99, a.element.line ?? 0, a.offset)
            let kb = (fileOrder[b.element.file] ?? 99, b.element.line ?? 0, b.offset)
            return ka < kb
        }.map(\.element)
    }

    mutating func add(_ issue: CatalogIssue) {
        if issues.count < limit { issues.append(issue) } else { truncated = true }
    }

    /// Parses one file into records, reporting syntax, type, rule and duplicate-key problems,
    /// and noting its references (read from the raw line, so they are checked even on invalid lines).
    mutating func records<R: CatalogRecord>(_ type: R.Type, in source: CatalogSource) -> [R] {
        guard let bytes = source.files[R.fileName] else { return [] }
        var result: [R] = []
        var firstLine: [String: Int] = [:]
        for line in JSONLines.split(bytes) {
            guard issues.count < limit else { truncated = true; break }
            let object: [String: JSONValue]
            switch JSONLines.object(line) {
            case .success(let o): object = o
            case .failure(let problem):
                add(CatalogIssue(file: R.fileName, line: line.number, field: nil, message: problem.description))
                continue
            }
            var reader = FieldReader(object: object, file: R.fileName, line: line.number)
            let record = R.read(from: &reader)
            for issue in reader.issues { add(issue) }
            for (field, target) in R.references {
                if case .string(let id)? = object[field], Identifier.isValid(id) {
                    references.append(Reference(file: R.fileName, line: line.number, field: field, target: target, id: id))
                }
            }
            if let key = R.rawKey(object) {
                // Ids defined by invalid lines still count, so one bad city line does not
                // also make every need that names it "unknown".
                if let target = R.referenceTarget, Identifier.isValid(key) { defined[target, default: []].insert(key) }
                if let first = firstLine[key] {
                    add(CatalogIssue(file: R.fileName, line: line.number, field: R.keyFields.joined(separator: ", "),
                                     message: duplicateMessage(R.self, key: key, firstLine: first)))
                    continue
                }
                firstLine[key] = line.number
            }
            if let record { result.append(record) }
        }
        return result
    }

    private func duplicateMessage<R: CatalogRecord>(_ type: R.Type, key: String, firstLine: Int) -> String {
        if R.keyFields.count > 1 {
            return "duplicate judgment for '\(key.split(separator: "|").joined(separator: "' × '"))' (first on line \(firstLine))"
        }
        return "duplicate id '\(key)' (first on line \(firstLine))"
    }

    mutating func checkReferences(existing: KnownIdentifiers) {
        let known: [ReferenceTarget: Set<String>] = [
            .city: existing.cities.union(defined[.city] ?? []),
            .need: existing.needs.union(defined[.need] ?? []),
            .startup: existing.startups.union(defined[.startup] ?? []),
        ]
        for ref in references where !(known[ref.target]?.contains(ref.id) ?? false) {
            var message = "unknown \(ref.target.rawValue) '\(ref.id)'"
            if let suggestion = EditDistance.closest(to: ref.id, in: known[ref.target] ?? []) {
                message += " (did you mean '\(suggestion)'?)"
            }
            add(CatalogIssue(file: ref.file, line: ref.line, field: ref.field, message: message))
        }
    }
}
