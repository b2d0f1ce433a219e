/// Plain-language reasons for a match, as a city official would say them.
public enum MatchReasons {
    /// - Complexity: O(fields of the pair).
    public static func reasons(query: MatchQuery, startup: Startup, values: FacetValues, evidence: [EvidencePair],
                               resolver: ReferenceResolver) -> [String] {
        var reasons: [String] = []
        if let top = evidence.first, top.similarity >= 0.35 {
            reasons.append("offers “\(top.startupStatement)” for “\(top.needClause)” (similarity \(fixed(top.similarity, 2)))")
        }
        if let required = query.languages, !required.isEmpty {
            let names = required.map(languageName)
            if let offered = startup.languages {
                let missing = required.filter { !offered.contains($0) }
                if missing.isEmpty {
                    reasons.append("delivers in \(list(names)), as required")
                } else {
                    reasons.append("does not deliver in \(list(missing.map(languageName))), which the need requires")
                }
            } else {
                reasons.append("does not state its languages (\(list(names)) required)")
            }
        }
        if let budget = query.budgetUSD, let minimum = startup.minContractUSD {
            if minimum > budget {
                reasons.append("minimum contract \(money(minimum)) exceeds the \(money(budget)) budget")
            } else {
                reasons.append("minimum contract \(money(minimum)) fits the \(money(budget)) budget")
            }
        }
        if let city = query.city {
            let country = ISOCodes.countries[city.country] ?? city.country
            switch values[.market] {
            case 1?: reasons.append("lists \(country) among its markets")
            case let v? where v > 0: reasons.append("covers \(country) through a regional market")
            case 0?: reasons.append("does not list \(country) or its region among its markets")
            default: break
            }
            if let references = startup.references {
                let places = references.compactMap { resolver.resolve($0) }
                if let same = places.first(where: { $0.cityID == city.id }) {
                    reasons.append("has deployed in \(same.name)")
                } else if let near = places.first(where: { $0.country == city.country }) {
                    reasons.append("has deployed elsewhere in \(country) (\(near.name))")
                }
            }
        }
        if let shared = sharedDomains(query.domains, startup.domains), !shared.isEmpty {
            reasons.append("works in the same field: \(shared.joined(separator: ", "))")
        }
        return reasons
    }

    static func sharedDomains(_ a: [String]?, _ b: [String]?) -> [String]? {
        guard let a, let b else { return nil }
        let words = ConstraintFacets.domainWords(b)
        return a.filter { !ConstraintFacets.domainWords([$0]).isDisjoint(with: words) }
    }

    /// The language's common English name ("Swahili", not "Swahili (macrolanguage)").
    static func languageName(_ code: String) -> String {
        guard let full = ISOCodes.languages[code] else { return code }
        let first = full.split(separator: ";").first.map(String.init) ?? full
        return (first.split(separator: "(").first.map(String.init) ?? first).trimmingWhitespace()
    }

    static func list(_ items: [String]) -> String {
        switch items.count {
        case 0: ""
        case 1: items[0]
        default: items.dropLast().joined(separator: ", ") + " and " + items.last!
        }
    }

    /// `$80k`, `$1.2M`, `$950`.
    public static func money(_ value: Double) -> String {
        if value >= 1_000_000 { return "$" + trimmed(fixed(value / 1_000_000, 1)) + "M" }
        if value >= 1_000 { return "$" + trimmed(fixed(value / 1_000, 1)) + "k" }
        return "$" + String(Int(value.rounded()))
    }

    private static func trimmed(_ s: String) -> String { s.hasSuffix(".0") ? String(s.dropLast(2)) : s }

    /// `value` with exactly `digits` decimals (no Foundation formatting in the core).
    public static func fixed(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let integer = Int(scaled / scale)
        var fraction = String(Int(scaled) - integer * Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        let sign = value < 0 && scaled != 0 ? "-" : ""
        return digits == 0 ? sign + String(integer) : sign + "\(integer).\(fraction)"
    }
}
