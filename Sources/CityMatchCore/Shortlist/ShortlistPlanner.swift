/// One eligible (city, startup) pairing and how well it scores.
public struct ShortlistCandidate: Sendable, Hashable {
    /// The city's id.
    public var city: String
    /// The startup's id.
    public var startup: String
    /// The startup's country, for the per-(city, country) limit.
    public var startupCountry: String
    /// The pairing's score (≥ 0; larger is better).
    public var score: Double
    /// The city need that gave the best score, if known.
    public var need: String?

    /// - Complexity: O(1).
    public init(city: String, startup: String, startupCountry: String, score: Double, need: String? = nil) {
        self.city = city
        self.startup = startup
        self.startupCountry = startupCountry
        self.score = score
        self.need = need
    }
}

/// The secretariat's limits on a shortlist plan.
public struct ShortlistLimits: Sendable, Hashable {
    /// At most this many startups in one city's list (K ≥ 0).
    public var perCity: Int
    /// Each startup in at most this many cities' lists (C ≥ 0).
    public var maxPerStartup: Int
    /// At most this many startups from one country in one city's list
    /// (M ≥ 1), or no such limit.
    public var maxPerCountry: Int?
    /// Pairs scoring below this are not eligible.
    public var minimumScore: Double?

    /// - Complexity: O(1).
    public init(perCity: Int, maxPerStartup: Int, maxPerCountry: Int? = nil, minimumScore: Double? = nil) {
        self.perCity = perCity
        self.maxPerStartup = maxPerStartup
        self.maxPerCountry = maxPerCountry
        self.minimumScore = minimumScore
    }
}

/// The chosen pairs.
public struct ShortlistPlan: Sendable, Equatable {
    /// The selected pairs, grouped by city in the order cities first appear
    /// in the planner's input; within a city best score first, equal scores
    /// by startup id.
    public var selected: [ShortlistCandidate] {
        didSet { rebuildIndex() }
    }
    /// Σ score over `selected` (summed in the planner's canonical order, so
    /// it is identical for every ordering of the same input).
    public var totalScore: Double

    // Positions in `selected` by city and by startup, kept in step with it.
    private var byCity: [String: [Int]] = [:]
    private var byStartup: [String: [Int]] = [:]

    /// A plan made of `selected` (assumed already in the documented order).
    ///
    /// - Complexity: O(n) for n selected pairs.
    public init(selected: [ShortlistCandidate], totalScore: Double) {
        self.selected = selected
        self.totalScore = totalScore
        rebuildIndex()
    }

    private mutating func rebuildIndex() {
        var byCity: [String: [Int]] = [:]
        var byStartup: [String: [Int]] = [:]
        for (i, pair) in selected.enumerated() {
            byCity[pair.city, default: []].append(i)
            byStartup[pair.startup, default: []].append(i)
        }
        self.byCity = byCity
        self.byStartup = byStartup
    }

    /// The startups shortlisted for `city`, best first (empty if none).
    ///
    /// - Complexity: O(k) for the k entries returned.
    public func entries(forCity city: String) -> [ShortlistCandidate] {
        (byCity[city] ?? []).map { selected[$0] }
    }

    /// The cities whose lists include `startup`, in plan (city) order.
    ///
    /// - Complexity: O(c) for the c cities returned.
    public func cities(forStartup startup: String) -> [String] {
        (byStartup[startup] ?? []).map { selected[$0].city }
    }

    public static func == (lhs: ShortlistPlan, rhs: ShortlistPlan) -> Bool {
        lhs.selected == rhs.selected && lhs.totalScore == rhs.totalScore
    }
}

/// The secretariat's exact shortlist planner: the set of (city, startup)
/// pairs with the largest total score such that each city gets at most
/// `perCity` startups, each startup goes to at most `maxPerStartup` cities,
/// and (optionally) each city gets at most `maxPerCountry` startups from one
/// country.
///
/// It is a b-matching with a laminar per-(city, country) layer, solved
/// exactly as a maximum-weight flow (`MinCostFlowNetwork`, costs = −score):
///
///     source →(K, 0) city →(M, 0) (city, country) →(1, −score) startup →(C, 0) sink
///
/// A greedy "best pair first" pass is not optimal here (taking one city's
/// best startup can block two other cities), hence the flow.
///
/// Rules:
/// - Eligible pairs have a finite score > 0 and ≥ `minimumScore`. A score of
///   0 adds nothing, so zero-score pairs are never selected (the plan is the
///   smallest-by-construction optimum, not padded to K).
/// - Duplicate (city, startup) candidates: the highest score is kept; among
///   equal scores, the smaller `need` (nil first), then the smaller
///   `startupCountry`.
/// - The country layer is skipped when `maxPerCountry` is nil or ≥ K, where
///   it cannot bind.
/// - Ties between equal-total optima are resolved by a canonical build
///   order (cities, then startups, sorted by id; pairs by (city, startup)),
///   never by input order, so any permutation of the same candidates yields
///   the same plan. Which optimum wins is otherwise unspecified.
/// - Scores are summed in `Double`; optimality is exact up to rounding (the
///   solver ignores gains below ~1e-12 × the largest score).
public enum ShortlistPlanner {
    /// The maximum-total-score plan for `candidates` under `limits`.
    ///
    /// - Precondition: `perCity >= 0`, `maxPerStartup >= 0`, and
    ///   `maxPerCountry >= 1` when set (violations are programmer errors,
    ///   so they trap rather than throw).
    /// - Complexity: O(P log P) to canonicalise P candidates, then one
    ///   maximum-weight flow: O(P) to build the network plus one Dijkstra
    ///   per selected pair and one per city, each O(E' log E') where E' is
    ///   the part of the network it explores (typically a city's own
    ///   candidates and their competitors, not the whole graph). Memory O(P).
    public static func plan(_ candidates: [ShortlistCandidate], limits: ShortlistLimits) -> ShortlistPlan {
        precondition(limits.perCity >= 0, "perCity must be ≥ 0")
        precondition(limits.maxPerStartup >= 0, "maxPerStartup must be ≥ 0")
        if let m = limits.maxPerCountry { precondition(m >= 1, "maxPerCountry must be ≥ 1") }

        // Cities in first-appearance order, for the output grouping.
        var inputCityRank: [String: Int] = [:]
        for c in candidates where inputCityRank[c.city] == nil {
            inputCityRank[c.city] = inputCityRank.count
        }
        guard limits.perCity > 0, limits.maxPerStartup > 0 else {
            return ShortlistPlan(selected: [], totalScore: 0)
        }

        let pairs = canonicalPairs(candidates, minimumScore: limits.minimumScore)
        guard !pairs.isEmpty else { return ShortlistPlan(selected: [], totalScore: 0) }

        let chosen = solveFlow(pairs: pairs, limits: limits)

        // Summed in canonical order, so the total is bit-for-bit the same
        // whatever the input order.
        var total = 0.0
        for p in chosen { total += pairs.candidates[p].score }
        var selected = chosen.map { pairs.candidates[$0] }
        selected.sort { a, b in
            let ra = inputCityRank[a.city]!, rb = inputCityRank[b.city]!
            if ra != rb { return ra < rb }
            if a.score != b.score { return a.score > b.score }
            return a.startup < b.startup
        }
        return ShortlistPlan(selected: selected, totalScore: total)
    }

    /// Eligible, deduplicated candidates in canonical order, with dense ids.
    struct CanonicalPairs {
        var candidates: [ShortlistCandidate] = []
        var city: [Int32] = []
        var startup: [Int32] = []
        var country: [Int32] = []
        var cityCount = 0
        var startupCount = 0
        var isEmpty: Bool { candidates.isEmpty }
    }

    /// - Complexity: O(P log P).
    static func canonicalPairs(_ candidates: [ShortlistCandidate], minimumScore: Double?) -> CanonicalPairs {
        let floor = minimumScore ?? -Double.infinity
        let eligible = candidates.filter { $0.score.isFinite && $0.score > 0 && $0.score >= floor }

        // Dense ids in sorted id order, so the build order ignores input order.
        func denseIds(_ key: (ShortlistCandidate) -> String) -> [String: Int32] {
            let sorted = Set(eligible.map(key)).sorted()
            var ids: [String: Int32] = [:]
            ids.reserveCapacity(sorted.count)
            for (i, s) in sorted.enumerated() { ids[s] = Int32(i) }
            return ids
        }
        let cityIds = denseIds(\.city)
        let startupIds = denseIds(\.startup)
        let countryIds = denseIds(\.startupCountry)

        var order = eligible.indices.map { i in
            (city: cityIds[eligible[i].city]!, startup: startupIds[eligible[i].startup]!, index: i)
        }
        // Duplicates end up adjacent with the preferred one first.
        order.sort { a, b in
            if a.city != b.city { return a.city < b.city }
            if a.startup != b.startup { return a.startup < b.startup }
            return preferred(eligible[a.index], over: eligible[b.index])
        }
        var result = CanonicalPairs()
        result.cityCount = cityIds.count
        result.startupCount = startupIds.count
        result.candidates.reserveCapacity(order.count)
        for (k, entry) in order.enumerated() {
            if k > 0 && order[k - 1].city == entry.city && order[k - 1].startup == entry.startup { continue }
            let candidate = eligible[entry.index]
            result.candidates.append(candidate)
            result.city.append(entry.city)
            result.startup.append(entry.startup)
            result.country.append(countryIds[candidate.startupCountry]!)
        }
        return result
    }

    /// Which of two candidates for the same (city, startup) survives.
    static func preferred(_ a: ShortlistCandidate, over b: ShortlistCandidate) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.need != b.need {
            guard let an = a.need else { return true }
            guard let bn = b.need else { return false }
            return an < bn
        }
        return a.startupCountry < b.startupCountry
    }

    /// Builds the flow network and returns the indices of the chosen pairs.
    ///
    /// - Complexity: see `plan`.
    static func solveFlow(pairs: CanonicalPairs, limits: ShortlistLimits) -> [Int] {
        let k = limits.perCity
        let countryLayer = limits.maxPerCountry.map { $0 < k } ?? false
        let perCountry = limits.maxPerCountry ?? k

        // Node layout: source, sink, cities, startups, then (city, country)
        // nodes. Pairs are sorted by city, so each city's country nodes are
        // assigned in one contiguous run.
        let source = 0, sink = 1
        let cityBase = 2
        let startupBase = cityBase + pairs.cityCount
        var nodeCount = startupBase + pairs.startupCount
        let pairCount = pairs.candidates.count

        // The (city, country) node of each pair (or its city node).
        var pairTail = [Int32](repeating: 0, count: pairCount)
        var groupEdges: [(from: Int32, to: Int32)] = []
        if countryLayer {
            var lastNodeOfCountry: [Int32: Int32] = [:]
            var currentCity: Int32 = -1
            for p in 0..<pairCount {
                if pairs.city[p] != currentCity {
                    currentCity = pairs.city[p]
                    lastNodeOfCountry.removeAll(keepingCapacity: true)
                }
                if let node = lastNodeOfCountry[pairs.country[p]] {
                    pairTail[p] = node
                } else {
                    let node = Int32(nodeCount)
                    nodeCount += 1
                    lastNodeOfCountry[pairs.country[p]] = node
                    groupEdges.append((Int32(cityBase) + currentCity, node))
                    pairTail[p] = node
                }
            }
        } else {
            for p in 0..<pairCount { pairTail[p] = Int32(cityBase) + pairs.city[p] }
        }

        var network = MinCostFlowNetwork(
            nodeCount: nodeCount,
            reservingEdges: pairs.cityCount + groupEdges.count + pairCount + pairs.startupCount)
        for c in 0..<pairs.cityCount {
            network.addEdge(from: source, to: cityBase + c, capacity: k, cost: 0)
        }
        for g in groupEdges {
            network.addEdge(from: Int(g.from), to: Int(g.to), capacity: perCountry, cost: 0)
        }
        let firstPairEdge = network.edgeCount
        for p in 0..<pairCount {
            network.addEdge(from: Int(pairTail[p]), to: startupBase + Int(pairs.startup[p]),
                            capacity: 1, cost: -pairs.candidates[p].score)
        }
        for s in 0..<pairs.startupCount {
            network.addEdge(from: startupBase + s, to: sink, capacity: limits.maxPerStartup, cost: 0)
        }

        let solution = network.solve(source: source, sink: sink, stopAtNonNegativePath: true)
        var chosen: [Int] = []
        for p in 0..<pairCount where solution.edgeFlows[firstPairEdge + p] > 0 {
            chosen.append(p)
        }
        return chosen
    }
}
