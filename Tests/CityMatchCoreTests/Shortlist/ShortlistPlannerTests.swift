#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import CityMatchCore

/// A small random planning instance.
private func randomInstance(_ rng: inout SplitMix64, continuous: Bool = false) -> ([ShortlistCandidate], ShortlistLimits) {
    let cityCount = 2 + rng.nextInt(below: 3)
    let startupCount = 2 + rng.nextInt(below: 4)
    let countryCount = 2 + rng.nextInt(below: 2)
    let countryOf = (0..<startupCount).map { _ in "C\(rng.nextInt(below: countryCount))" }
    var candidates: [ShortlistCandidate] = []
    for c in 0..<cityCount {
        for s in 0..<startupCount where rng.nextInt(below: 4) != 0 {
            // Quarter steps from 0: frequent ties and zeros, exact sums.
            let score = continuous ? rng.nextUnitDouble() : Double(rng.nextInt(below: 9)) * 0.25
            candidates.append(ShortlistCandidate(city: "city\(c)", startup: "s\(s)", startupCountry: countryOf[s],
                                                 score: score, need: "need\(rng.nextInt(below: 3))"))
            if rng.nextInt(below: 6) == 0 {
                // A duplicate pair from another need: only the higher score counts.
                candidates.append(ShortlistCandidate(city: "city\(c)", startup: "s\(s)", startupCountry: countryOf[s],
                                                     score: Double(rng.nextInt(below: 9)) * 0.25, need: "other"))
            }
        }
    }
    let limits = ShortlistLimits(
        perCity: rng.nextInt(below: 4),
        maxPerStartup: rng.nextInt(below: 4),
        maxPerCountry: rng.nextInt(below: 2) == 0 ? nil : 1 + rng.nextInt(below: 2),
        minimumScore: rng.nextInt(below: 3) == 0 ? Double(rng.nextInt(below: 4)) * 0.25 : nil)
    return (candidates, limits)
}

/// The best total by exhaustive search over every feasible subset of the
/// eligible (deduplicated) pairs.
private func bruteForceBest(_ candidates: [ShortlistCandidate], _ limits: ShortlistLimits) -> Double {
    var best: [String: ShortlistCandidate] = [:]
    for c in candidates where c.score > 0 && c.score >= (limits.minimumScore ?? 0) {
        let key = c.city + "|" + c.startup
        if let old = best[key], old.score >= c.score { continue }
        best[key] = c
    }
    let pairs = Array(best.values)
    var perCity: [String: Int] = [:], perStartup: [String: Int] = [:], perCountry: [String: Int] = [:]
    var bestTotal = 0.0
    func visit(_ i: Int, _ total: Double) {
        if i == pairs.count { bestTotal = max(bestTotal, total); return }
        visit(i + 1, total)
        let p = pairs[i]
        let countryKey = p.city + "|" + p.startupCountry
        guard perCity[p.city, default: 0] < limits.perCity,
              perStartup[p.startup, default: 0] < limits.maxPerStartup,
              perCountry[countryKey, default: 0] < (limits.maxPerCountry ?? Int.max) else { return }
        perCity[p.city, default: 0] += 1; perStartup[p.startup, default: 0] += 1; perCountry[countryKey, default: 0] += 1
        visit(i + 1, total + p.score)
        perCity[p.city]! -= 1; perStartup[p.startup]! -= 1; perCountry[countryKey]! -= 1
    }
    visit(0, 0)
    return bestTotal
}

/// Every documented property of a plan except optimality.
private func checkPlan(_ plan: ShortlistPlan, _ candidates: [ShortlistCandidate], _ limits: ShortlistLimits,
                       _ label: String) {
    var perCity: [String: Int] = [:], perStartup: [String: Int] = [:], perCountry: [String: Int] = [:]
    var seen = Set<String>()
    var total = 0.0
    for p in plan.selected {
        perCity[p.city, default: 0] += 1
        perStartup[p.startup, default: 0] += 1
        perCountry[p.city + "|" + p.startupCountry, default: 0] += 1
        #expect(seen.insert(p.city + "|" + p.startup).inserted, "\(label): duplicate pair")
        #expect(p.score > 0 && p.score >= (limits.minimumScore ?? 0), "\(label): ineligible pair")
        // The kept candidate is the best-scoring duplicate, as given.
        let best = candidates.filter { $0.city == p.city && $0.startup == p.startup }.map(\.score).max()
        #expect(p.score == best, "\(label): not the best duplicate")
        #expect(candidates.contains(p), "\(label): invented candidate")
        total += p.score
    }
    #expect(perCity.values.allSatisfy { $0 <= limits.perCity }, "\(label): perCity")
    #expect(perStartup.values.allSatisfy { $0 <= limits.maxPerStartup }, "\(label): maxPerStartup")
    if let m = limits.maxPerCountry { #expect(perCountry.values.allSatisfy { $0 <= m }, "\(label): maxPerCountry") }
    #expect(abs(plan.totalScore - total) <= 1e-9 * max(1, total), "\(label): total")

    // Grouped by city in input order, best first, ties by startup id.
    var cityOrder: [String] = []
    for c in candidates where !cityOrder.contains(c.city) { cityOrder.append(c.city) }
    let expected = plan.selected.sorted { a, b in
        let ra = cityOrder.firstIndex(of: a.city)!, rb = cityOrder.firstIndex(of: b.city)!
        if ra != rb { return ra < rb }
        return a.score != b.score ? a.score > b.score : a.startup < b.startup
    }
    #expect(plan.selected == expected, "\(label): order")
    for city in cityOrder {
        #expect(plan.entries(forCity: city) == plan.selected.filter { $0.city == city }, "\(label): entries")
    }
    for startup in Set(candidates.map(\.startup)) {
        #expect(plan.cities(forStartup: startup) == plan.selected.filter { $0.startup == startup }.map(\.city),
                "\(label): cities")
    }
}

@Suite struct ShortlistPlannerTests {
    @Test func optimalOnRandomSmallInstances() {
        var rng = SplitMix64(seed: 77)
        for trial in 0..<600 {
            let (candidates, limits) = randomInstance(&rng)
            let plan = ShortlistPlanner.plan(candidates, limits: limits)
            checkPlan(plan, candidates, limits, "trial \(trial)")
            #expect(plan.totalScore == bruteForceBest(candidates, limits), "trial \(trial) \(limits)")
        }
    }

    /// Greedy takes A–x (10) first; x can then go nowhere else and A is
    /// full, so greedy ends at 10. The optimum gives A y (9) and B x (8): 17.
    @Test func beatsGreedy() {
        let candidates = [
            ShortlistCandidate(city: "A", startup: "x", startupCountry: "FR", score: 10),
            ShortlistCandidate(city: "A", startup: "y", startupCountry: "FR", score: 9),
            ShortlistCandidate(city: "B", startup: "x", startupCountry: "FR", score: 8),
        ]
        let plan = ShortlistPlanner.plan(candidates, limits: ShortlistLimits(perCity: 1, maxPerStartup: 1))
        #expect(plan.totalScore == 17)
        #expect(plan.selected.map { "\($0.city)\($0.startup)" } == ["Ay", "Bx"])
        #expect(plan.entries(forCity: "A").map(\.startup) == ["y"])
        #expect(plan.cities(forStartup: "x") == ["B"])
        #expect(plan.cities(forStartup: "nobody").isEmpty)
    }

    /// The country limit binds: A may take one French startup, so it takes
    /// the German one too even though it scores less than the second French.
    @Test func countryLimitBinds() {
        let candidates = [
            ShortlistCandidate(city: "A", startup: "f1", startupCountry: "FR", score: 5),
            ShortlistCandidate(city: "A", startup: "f2", startupCountry: "FR", score: 4),
            ShortlistCandidate(city: "A", startup: "d1", startupCountry: "DE", score: 1),
        ]
        let limits = ShortlistLimits(perCity: 2, maxPerStartup: 1, maxPerCountry: 1)
        let plan = ShortlistPlanner.plan(candidates, limits: limits)
        #expect(plan.selected.map(\.startup) == ["f1", "d1"])
        #expect(plan.totalScore == 6)
    }

    @Test func zerosMinimumScoreAndDuplicates() {
        let candidates = [
            ShortlistCandidate(city: "A", startup: "z", startupCountry: "FR", score: 0),
            ShortlistCandidate(city: "A", startup: "low", startupCountry: "FR", score: 0.2),
            ShortlistCandidate(city: "A", startup: "dup", startupCountry: "FR", score: 0.5, need: "n1"),
            ShortlistCandidate(city: "A", startup: "dup", startupCountry: "FR", score: 0.9, need: "n2"),
        ]
        let plan = ShortlistPlanner.plan(candidates, limits: ShortlistLimits(perCity: 5, maxPerStartup: 5))
        #expect(plan.selected.map(\.startup) == ["dup", "low"])
        #expect(plan.selected.first?.need == "n2")
        let strict = ShortlistPlanner.plan(candidates,
                                           limits: ShortlistLimits(perCity: 5, maxPerStartup: 5, minimumScore: 0.3))
        #expect(strict.selected.map(\.startup) == ["dup"])
        #expect(ShortlistPlanner.plan(candidates, limits: ShortlistLimits(perCity: 0, maxPerStartup: 5)).selected.isEmpty)
        #expect(ShortlistPlanner.plan(candidates, limits: ShortlistLimits(perCity: 5, maxPerStartup: 0)).selected.isEmpty)
        #expect(ShortlistPlanner.plan([], limits: ShortlistLimits(perCity: 5, maxPerStartup: 5)).totalScore == 0)
    }

    /// Shuffled input gives the same selected set: with continuous scores
    /// (a unique optimum, almost surely) and with quarter-step scores, where
    /// equal-total optima abound and the canonical build order decides.
    @Test func deterministicUnderShuffling() {
        var rng = SplitMix64(seed: 99)
        for trial in 0..<200 {
            let (candidates, limits) = randomInstance(&rng, continuous: trial.isMultiple(of: 2))
            let reference = ShortlistPlanner.plan(candidates, limits: limits)
            var shuffled = candidates
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
                shuffled.swapAt(i, rng.nextInt(below: i + 1))
            }
            let again = ShortlistPlanner.plan(shuffled, limits: limits)
            #expect(Set(again.selected) == Set(reference.selected), "trial \(trial)")
            #expect(again.totalScore == reference.totalScore, "trial \(trial)")
        }
    }

    /// Not a timed assertion: run by hand with
    /// `CITYMATCH_SHORTLIST_TIMING=1 swift test --filter ShortlistPlannerTests/largeInstanceTiming`.
    @Test(.enabled(if: shortlistTimingRequested))
    func largeInstanceTiming() {
        var rng = SplitMix64(seed: 5)
        let cityCount = 1_000, startupCount = 100_000, perCityCandidates = 150, countryCount = 40
        var candidates: [ShortlistCandidate] = []
        candidates.reserveCapacity(cityCount * perCityCandidates)
        let country = (0..<startupCount).map { _ in "C\(rng.nextInt(below: countryCount))" }
        for c in 0..<cityCount {
            var picked = Set<Int>()
            while picked.count < perCityCandidates {
                // Skewed popularity: low ids are wanted by many cities, so
                // the per-startup cap really binds.
                let u = rng.nextUnitDouble()
                picked.insert(Int(u * u * Double(startupCount)))
            }
            for s in picked {
                candidates.append(ShortlistCandidate(city: "city\(c)", startup: "s\(s)", startupCountry: country[s],
                                                     score: rng.nextUnitDouble()))
            }
        }
        for maxPerCountry in [nil, 3] as [Int?] {
            let limits = ShortlistLimits(perCity: 10, maxPerStartup: 5, maxPerCountry: maxPerCountry)
            let clock = ContinuousClock()
            var plan = ShortlistPlan(selected: [], totalScore: 0)
            let elapsed = clock.measure { plan = ShortlistPlanner.plan(candidates, limits: limits) }
            print("shortlist timing: \(cityCount) cities × \(startupCount) startups, \(candidates.count) pairs,",
                  "K=10 C=5 M=\(maxPerCountry.map(String.init) ?? "none"): \(elapsed),",
                  "\(plan.selected.count) selected, total \(plan.totalScore)")
            var perCity: [String: Int] = [:], perStartup: [String: Int] = [:]
            for p in plan.selected { perCity[p.city, default: 0] += 1; perStartup[p.startup, default: 0] += 1 }
            #expect(perCity.values.allSatisfy { $0 <= 10 } && perStartup.values.allSatisfy { $0 <= 5 })
        }
    }
}

private let shortlistTimingRequested: Bool = {
    guard let value = getenv("CITYMATCH_SHORTLIST_TIMING") else { return false }
    return String(cString: value) == "1"
}()
