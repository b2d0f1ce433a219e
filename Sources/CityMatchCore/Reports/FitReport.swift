/// A startup's fit report: which cities' needs it fits and why, what stands in the way, and what
/// would raise its fit — every "would be" figure computed by rescoring a modified profile.
public struct FitReport: Sendable {
    /// Something that holds the startup back for one need.
    public struct Blocker: Sendable, Equatable {
        public enum Kind: String, Sendable { case language, budget, market }
        public var kind: Kind
        public var message: String
    }

    /// The startup's standing for one need.
    public struct NeedFit: Sendable {
        public var need: Need
        public var city: City?
        public var score: Double
        /// 1-based position among all startups ranked for the need.
        public var rank: Int
        public var of: Int
        public var breakdown: ScoreBreakdown
        public var blockers: [Blocker]
        /// Need clauses that none of the startup's statements addresses (best cosine below the threshold).
        public var unaddressedClauses: [String]
    }

    /// One change to the profile and its rescored effect on the needs it touches.
    public struct Counterfactual: Sendable {
        public struct Effect: Sendable, Equatable {
            public var needID: String
            public var before: Double
            public var after: Double
            public var rankBefore: Int
            public var rankAfter: Int
        }
        public enum Kind: String, Sendable { case addLanguage = "add_language", lowerMinimumContract = "lower_minimum_contract", addMarket = "add_market" }
        public var kind: Kind
        /// The change, e.g. `languages + es` or `min_contract_usd = 150000`.
        public var change: String
        /// The modified profile that was rescored.
        public var modified: Startup
        /// Needs whose score rises, largest gain first.
        public var effects: [Effect]
        /// Needs whose budget the change brings within reach (for a lower minimum contract).
        public var opensNeeds: [String]
        public var summary: String
    }

    public var startup: Startup
    public var bestNeeds: [NeedFit]
    public var counterfactuals: [Counterfactual]
    /// Cosine under which a need clause counts as unaddressed.
    public var addressedThreshold: Double
}

public enum FitReportBuilder {
    /// Builds the report for `startupID`: its best `k` needs, blockers, unaddressed clauses and
    /// counterfactuals (languages the best needs require, a lower minimum contract, missing markets).
    ///
    /// - Complexity: O(needs · rank cost) for the standings, plus the same per counterfactual
    ///   for the needs it touches.
    public static func build(_ engine: MatchEngine, startupID: String, k: Int = 10, addressedThreshold: Double = 0.3) -> FitReport? {
        guard let s = engine.startupIndex(startupID) else { return nil }
        let startup = engine.catalog.startups[s]
        let standings = engine.catalog.needs.compactMap { standing(engine, need: $0, startup: s, threshold: addressedThreshold) }
        let best = standings.sorted { $0.score != $1.score ? $0.score > $1.score : $0.need.id < $1.need.id }.prefix(max(0, k))
        let byNeed = Dictionary(uniqueKeysWithValues: standings.map { ($0.need.id, $0) })
        var counterfactuals: [FitReport.Counterfactual] = []
        counterfactuals += languageCounterfactuals(engine, startup: startup, best: Array(best), standings: byNeed)
        if let c = minimumContractCounterfactual(engine, startup: startup, standings: byNeed) { counterfactuals.append(c) }
        counterfactuals += marketCounterfactuals(engine, startup: startup, best: Array(best), standings: byNeed)
        return FitReport(startup: startup, bestNeeds: Array(best), counterfactuals: counterfactuals, addressedThreshold: addressedThreshold)
    }

    /// The startup's score and rank for one need, with blockers and unaddressed clauses.
    static func standing(_ engine: MatchEngine, need: Need, startup s: Int, threshold: Double) -> FitReport.NeedFit? {
        guard let query = engine.query(forNeed: need.id) else { return nil }
        let (score, rank, of) = position(engine, query: query, startup: s)
        let breakdown = engine.explain(query, startupIndex: s, evidencePairs: query.clauses.count)
        let startup = engine.catalog.startups[s]
        var blockers: [FitReport.Blocker] = []
        if let required = need.languages, let offered = startup.languages {
            let missing = required.filter { !offered.contains($0) }
            if !missing.isEmpty {
                blockers.append(.init(kind: .language, message: "does not deliver in \(MatchReasons.list(missing.map(MatchReasons.languageName))), which the need requires"))
            }
        }
        if let budget = need.budgetUSD, let minimum = startup.minContractUSD, minimum > budget {
            blockers.append(.init(kind: .budget, message: "minimum contract \(MatchReasons.money(minimum)) exceeds the \(MatchReasons.money(budget)) budget"))
        }
        if breakdown.value(of: .market) == 0, let city = engine.city(need.city) {
            blockers.append(.init(kind: .market, message: "\(ISOCodes.countries[city.country] ?? city.country) is not among your markets"))
        }
        let addressed = Set(breakdown.evidence.filter { $0.similarity >= threshold }.map(\.needClause))
        // Clauses that only state a constraint ("reports must be in Korean") are blockers, not gaps.
        let unaddressed = query.clauses.filter { clause in
            guard !addressed.contains(clause) else { return false }
            let c = FreeTextConstraints.parse(clause)
            return c.languages.isEmpty && c.budgetUSD == nil
        }
        var trimmed = breakdown
        trimmed.evidence = Array(breakdown.evidence.prefix(3))
        return FitReport.NeedFit(need: need, city: engine.city(need.city), score: score, rank: rank, of: of,
                                 breakdown: trimmed, blockers: blockers, unaddressedClauses: unaddressed)
    }

    /// Score, 1-based rank and field size of startup `s` for `query`, exactly as `rank` orders them.
    static func position(_ engine: MatchEngine, query: MatchQuery, startup s: Int) -> (Double, Int, Int) {
        let ranked = engine.rank(query, k: engine.catalog.startups.count)
        let i = ranked.firstIndex { $0.startupIndex == s } ?? ranked.count
        return (i < ranked.count ? ranked[i].score : 0, i + 1, ranked.count)
    }

    /// Rescores `needs` with `modified` in place of the startup; effects where the score rises.
    static func effects(_ engine: MatchEngine, modified: Startup, needs: [String],
                        standings: [String: FitReport.NeedFit]) -> [FitReport.Counterfactual.Effect] {
        let changed = engine.replacingStartup(modified)
        let s = engine.startupIndex(modified.id)!
        return needs.compactMap { id -> FitReport.Counterfactual.Effect? in
            guard let before = standings[id], let query = changed.query(forNeed: id) else { return nil }
            let (after, rankAfter, _) = position(changed, query: query, startup: s)
            guard after > before.score + 1e-12 else { return nil }
            return .init(needID: id, before: before.score, after: after, rankBefore: before.rank, rankAfter: rankAfter)
        }.sorted { gain($0) != gain($1) ? gain($0) > gain($1) : $0.needID < $1.needID }
    }

    /// An effect's score gain on a 1e-9 grid: gains that are equal on paper (the same facet
    /// change under the same weight) differ in their last bits by the rounding of the two
    /// scores, which must not decide which need a report names; the need id does.
    static func gain(_ effect: FitReport.Counterfactual.Effect) -> Double {
        ((effect.after - effect.before) * 1e9).rounded()
    }

    static func languageCounterfactuals(_ engine: MatchEngine, startup: Startup, best: [FitReport.NeedFit],
                                        standings: [String: FitReport.NeedFit]) -> [FitReport.Counterfactual] {
        guard let offered = startup.languages else { return [] }
        var languages: [String] = []
        for fit in best { for l in fit.need.languages ?? [] where !offered.contains(l) && !languages.contains(l) { languages.append(l) } }
        return languages.compactMap { language in
            var modified = startup
            modified.languages = offered + [language]
            let touched = engine.catalog.needs.filter { $0.languages?.contains(language) ?? false }.map(\.id)
            let found = effects(engine, modified: modified, needs: touched, standings: standings)
            guard let top = found.first else { return nil }
            let name = MatchReasons.languageName(language)
            var summary = "adding \(name) would raise your fit with \(describe(top.needID, engine)) from \(f2(top.before)) to \(f2(top.after)) (rank \(top.rankBefore) → \(top.rankAfter))"
            if found.count > 1 { summary += ", and with \(found.count - 1) other need\(found.count == 2 ? "" : "s")" }
            return .init(kind: .addLanguage, change: "languages + \(language)", modified: modified, effects: found, opensNeeds: [], summary: summary)
        }
    }

    static func minimumContractCounterfactual(_ engine: MatchEngine, startup: Startup,
                                              standings: [String: FitReport.NeedFit]) -> FitReport.Counterfactual? {
        guard let minimum = startup.minContractUSD else { return nil }
        let blocked = engine.catalog.needs.filter { ($0.budgetUSD ?? .infinity) < minimum }
        guard !blocked.isEmpty else { return nil }
        // The level that opens the most blocked needs while asking for the smallest cut: the
        // largest budget among the blocked needs whose fit would rise most… kept simple and
        // explainable: the median blocked budget, so about half of them open.
        let budgets = blocked.compactMap(\.budgetUSD).sorted(by: >)
        let level = budgets[(budgets.count - 1) / 2]
        var modified = startup
        modified.minContractUSD = level
        let opens = blocked.filter { ($0.budgetUSD ?? 0) >= level }.map(\.id)
        let found = effects(engine, modified: modified, needs: opens, standings: standings)
        var summary = "lowering your minimum contract to \(MatchReasons.money(level)) opens \(opens.count) need\(opens.count == 1 ? "" : "s")"
        summary += " (" + opens.prefix(3).map { describe($0, engine) }.joined(separator: "; ") + (opens.count > 3 ? "; …)" : ")")
        if let top = found.first, top.after - top.before >= 0.005 {
            summary += "; the largest gain is \(describe(top.needID, engine)): \(f2(top.before)) → \(f2(top.after)) (rank \(top.rankBefore) → \(top.rankAfter))"
        }
        return .init(kind: .lowerMinimumContract, change: "min_contract_usd = \(JSONValue.format(level))", modified: modified,
                     effects: found, opensNeeds: opens, summary: summary)
    }

    static func marketCounterfactuals(_ engine: MatchEngine, startup: Startup, best: [FitReport.NeedFit],
                                      standings: [String: FitReport.NeedFit]) -> [FitReport.Counterfactual] {
        guard let markets = startup.markets else { return [] }
        var countries: [String] = []
        for fit in best where fit.blockers.contains(where: { $0.kind == .market }) {
            if let c = fit.city?.country, !countries.contains(c) { countries.append(c) }
        }
        return countries.compactMap { country in
            var modified = startup
            modified.markets = markets + [country]
            let touched = engine.catalog.needs.filter { engine.city($0.city)?.country == country }.map(\.id)
            let found = effects(engine, modified: modified, needs: touched, standings: standings)
            guard let top = found.first else { return nil }
            let name = ISOCodes.countries[country] ?? country
            return .init(kind: .addMarket, change: "markets + \(country)", modified: modified, effects: found, opensNeeds: [],
                         summary: "adding \(name) to your markets would raise your fit with \(describe(top.needID, engine)) from \(f2(top.before)) to \(f2(top.after)) (rank \(top.rankBefore) → \(top.rankAfter))")
        }
    }

    static func describe(_ needID: String, _ engine: MatchEngine) -> String {
        guard let i = engine.needIndex(needID) else { return needID }
        let need = engine.catalog.needs[i]
        let city = engine.city(need.city)?.name ?? need.city
        return "\(city)’s need “\(need.title)”"
    }

    static func f2(_ x: Double) -> String { MatchReasons.fixed(x, 2) }
}
