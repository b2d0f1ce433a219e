import CityMatchCore
import Foundation
import Hummingbird

/// `POST /v1/shortlists`: the secretariat's partner shortlists with the CLI's parameters,
/// as JSON (default) or CSV (`Accept: text/csv`), the same documents `citymatch shortlist` writes.
enum ShortlistRoutes {
    static let fields: Set<String> = ["per_city", "max_per_startup", "max_per_country", "min_score", "candidates_per_need",
                                      "require_language", "within_budget"]

    static func register(_ routes: RouteTable, catalog: CatalogService, configuration: ServerConfiguration, audit: AuditContext) {
        routes.add(.post, "/v1/shortlists", .createShortlists) { request, _, _ in
            let body = Fields(object: try await RequestBodyReader.object(request, limit: configuration.maxBodyBytes))
            try body.rejectUnknown(allowed: fields)
            guard let perCity = try body.integer("per_city", in: 1...1000) else { throw Problem.invalid(field: "per_city", "required: startups per city (K)") }
            guard let maxPerStartup = try body.integer("max_per_startup", in: 1...1000) else {
                throw Problem.invalid(field: "max_per_startup", "required: cities' lists a startup may appear in (C)")
            }
            let maxPerCountry = try body.integer("max_per_country", in: 1...1000)
            let minScore = try body.number("min_score")
            if let minScore, !(0...1).contains(minScore) { throw Problem.invalid(field: "min_score", "must be between 0 and 1") }
            let candidatesPerNeed = try body.integer("candidates_per_need", in: 1...10_000) ?? 200
            let options = RankOptions(requireLanguage: try body.bool("require_language") ?? false,
                                      withinBudget: try body.bool("within_budget") ?? false)

            let engine = catalog.current.engine
            let pairs = ShortlistCandidates.pairs(engine, options: options, perNeed: candidatesPerNeed)
            let limits = ShortlistLimits(perCity: perCity, maxPerStartup: maxPerStartup, maxPerCountry: maxPerCountry, minimumScore: minScore)
            var parameters: [String: JSONValue] = [
                "per_city": .integer(Int64(perCity)), "max_per_startup": .integer(Int64(maxPerStartup)),
                "require_language": .bool(options.requireLanguage), "within_budget": .bool(options.withinBudget),
                "candidates_per_need": .integer(Int64(candidatesPerNeed)),
                "catalog": .string(audit.catalogLabel), "weights": .string(audit.weightsSource),
            ]
            parameters["max_per_country"] = maxPerCountry.map { .integer(Int64($0)) } ?? .null
            parameters["min_score"] = minScore.map(JSONValue.number) ?? .null
            let record = AuditRecord(catalogHash: AuditRecord.catalogHash(engine.catalog), modelID: catalog.builder.encoder.modelID,
                                     modelWeightsHash: audit.modelWeightsHash, rankerWeightsHash: AuditRecord.weightsHash(catalog.builder.weights),
                                     parameters: parameters, toolVersion: audit.toolVersion,
                                     timestamp: ISO8601DateFormatter().string(from: Date()))
            let report = ShortlistReport.planned(pairs, engine: engine, limits: limits, audit: record)
            if Respond.negotiate(request, offered: ["application/json", "text/csv"]) == "text/csv" {
                return Respond.text(report.csv(), contentType: "text/csv; charset=utf-8")
            }
            return Respond.json(report.json())
        }
    }
}
