import Testing
@testable import CityMatchCore

@Suite struct MeetingSchedulerTests {
    // MARK: Instances

    /// A random bipartite meeting list: each pair meets with probability `density`.
    /// Duplicates are impossible here; the dedicated test adds them on purpose.
    private static func randomMeetings(cities: Int, startups: Int, density: Double, rng: inout SplitMix64) -> [Meeting] {
        var meetings: [Meeting] = []
        for c in 0..<cities {
            for s in 0..<startups where rng.nextUnitDouble() < density {
                meetings.append(Meeting(city: "c\(c)", startup: "s\(s)"))
            }
        }
        return meetings
    }

    /// A d-regular bipartite graph on n + n vertices (circulant offsets).
    private static func regularMeetings(n: Int, degree: Int) -> [Meeting] {
        (0..<n).flatMap { c in (0..<degree).map { k in Meeting(city: "c\(c)", startup: "s\((c + k) % n)") } }
    }

    private static func shuffled(_ meetings: [Meeting], rng: inout SplitMix64) -> [Meeting] {
        var result = meetings
        for i in stride(from: result.count - 1, to: 0, by: -1) {
            result.swapAt(i, rng.nextInt(below: i + 1))
        }
        return result
    }

    private static func load(_ meetings: [Meeting]) -> (city: [String: Int], startup: [String: Int], max: Int) {
        var city: [String: Int] = [:], startup: [String: Int] = [:]
        for m in Set(meetings) { city[m.city, default: 0] += 1; startup[m.startup, default: 0] += 1 }
        return (city, startup, max(city.values.max() ?? 0, startup.values.max() ?? 0))
    }

    /// Random availability: each participant is restricted with probability
    /// `restrictP`, to a random subset of the slots (possibly empty).
    private static func randomAvailability(_ meetings: [Meeting], slots: Int, restrictP: Double, keepP: Double, rng: inout SplitMix64) -> Availability {
        var availability = Availability()
        for city in Set(meetings.map(\.city)).sorted() where rng.nextUnitDouble() < restrictP {
            availability.cities[city] = Set((0..<slots).filter { _ in rng.nextUnitDouble() < keepP })
        }
        for startup in Set(meetings.map(\.startup)).sorted() where rng.nextUnitDouble() < restrictP {
            availability.startups[startup] = Set((0..<slots).filter { _ in rng.nextUnitDouble() < keepP })
        }
        return availability
    }

    // MARK: Invariants

    /// Checks guarantees (a) and (b) and that every distinct meeting is
    /// accounted for exactly once.
    private static func checkValid(_ schedule: MeetingSchedule, _ meetings: [Meeting], availability: Availability? = nil,
                                   _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var cityBusy = Set<String>(), startupBusy = Set<String>()
        for p in schedule.placed {
            #expect(p.slot >= 0 && p.slot < schedule.slots, "\(label): slot \(p.slot) out of range", sourceLocation: sourceLocation)
            #expect(cityBusy.insert("\(p.slot)|\(p.meeting.city)").inserted, "\(label): city double-booked \(p)", sourceLocation: sourceLocation)
            #expect(startupBusy.insert("\(p.slot)|\(p.meeting.startup)").inserted, "\(label): startup double-booked \(p)", sourceLocation: sourceLocation)
            if let availability {
                #expect(availability.slots(forCity: p.meeting.city)?.contains(p.slot) ?? true, "\(label): city unavailable \(p)", sourceLocation: sourceLocation)
                #expect(availability.slots(forStartup: p.meeting.startup)?.contains(p.slot) ?? true, "\(label): startup unavailable \(p)", sourceLocation: sourceLocation)
            }
        }
        let all = schedule.placed.map(\.meeting) + schedule.unplaced.map(\.meeting)
        #expect(all.count == Set(all).count, "\(label): a meeting reported twice", sourceLocation: sourceLocation)
        #expect(Set(all) == Set(meetings), "\(label): meetings lost or invented", sourceLocation: sourceLocation)
        for u in schedule.unplaced {
            #expect(!u.reason.isEmpty, "\(label): no reason for \(u.meeting)", sourceLocation: sourceLocation)
        }
    }

    /// Every unplaced meeting is blocked: no slot is free and attendable for both.
    private static func checkMaximal(_ schedule: MeetingSchedule, availability: Availability?, _ label: String,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        let cityBusy = Set(schedule.placed.map { "\($0.slot)|\($0.meeting.city)" })
        let startupBusy = Set(schedule.placed.map { "\($0.slot)|\($0.meeting.startup)" })
        for u in schedule.unplaced {
            for s in 0..<schedule.slots {
                let attendable = (availability?.slots(forCity: u.meeting.city)?.contains(s) ?? true)
                    && (availability?.slots(forStartup: u.meeting.startup)?.contains(s) ?? true)
                let free = !cityBusy.contains("\(s)|\(u.meeting.city)") && !startupBusy.contains("\(s)|\(u.meeting.startup)")
                #expect(!(attendable && free), "\(label): \(u.meeting) could go in slot \(s)", sourceLocation: sourceLocation)
            }
        }
    }

    /// The most meetings any valid schedule places, by exhaustive search
    /// (bounded only by "all the rest could still fit").
    private static func bruteForceOptimum(_ meetings: [Meeting], slots: Int, availability: Availability?) -> Int {
        let edges = Array(Set(meetings)).sorted()
        var cityBusy = Set<String>(), startupBusy = Set<String>()
        var best = 0
        func go(_ i: Int, _ placed: Int) {
            if placed + (edges.count - i) <= best { return }
            if i == edges.count { best = placed; return }
            let m = edges[i]
            for s in 0..<slots {
                guard availability?.slots(forCity: m.city)?.contains(s) ?? true,
                      availability?.slots(forStartup: m.startup)?.contains(s) ?? true else { continue }
                let ck = "\(s)|\(m.city)", sk = "\(s)|\(m.startup)"
                guard !cityBusy.contains(ck), !startupBusy.contains(sk) else { continue }
                cityBusy.insert(ck); startupBusy.insert(sk)
                go(i + 1, placed + 1)
                cityBusy.remove(ck); startupBusy.remove(sk)
            }
            go(i + 1, placed)
        }
        go(0, 0)
        return best
    }

    // MARK: No availability limits

    @Test(arguments: [
        (4, 4, 0.5), (10, 10, 0.3), (20, 20, 0.8), (30, 5, 0.6), (5, 30, 0.6),
        (1, 40, 1.0), (40, 1, 1.0), (50, 50, 0.1), (3, 60, 0.9), (25, 25, 1.0),
    ])
    func randomGraphsFitInDeltaSlots(cities: Int, startups: Int, density: Double) {
        for seed in 0..<8 {
            var rng = SplitMix64(seed: UInt64(seed * 1_000 + cities * 31 + startups))
            let meetings = Self.randomMeetings(cities: cities, startups: startups, density: density, rng: &rng)
            let delta = Self.load(meetings).max
            for slots in [delta, delta + 3] {
                let schedule = MeetingScheduler.schedule(meetings, slots: slots)
                let label = "seed \(seed) \(cities)×\(startups) p=\(density) N=\(slots)"
                Self.checkValid(schedule, meetings, label)
                #expect(schedule.maximumLoad == delta, "\(label)")
                #expect(schedule.unplaced.isEmpty, "\(label): \(schedule.unplaced.count) unplaced")
                #expect(schedule.placed.allSatisfy { $0.slot < delta }, "\(label): a slot beyond Δ")
                #expect(schedule.slotsUsed == delta, "\(label)")
                #expect(schedule.isOptimal)
            }
        }
    }

    @Test(arguments: [(8, 3), (16, 16), (33, 7), (64, 12)])
    func regularGraphsUseExactlyDegreeSlots(n: Int, degree: Int) {
        let meetings = Self.regularMeetings(n: n, degree: degree)
        var rng = SplitMix64(seed: UInt64(n * degree))
        let schedule = MeetingScheduler.schedule(Self.shuffled(meetings, rng: &rng), slots: degree)
        Self.checkValid(schedule, meetings, "regular \(n)/\(degree)")
        #expect(schedule.unplaced.isEmpty)
        #expect(schedule.maximumLoad == degree)
        // Every slot of a regular graph's colouring is a perfect matching.
        for slot in 0..<degree {
            #expect(schedule.placed.filter { $0.slot == slot }.count == n)
        }
    }

    @Test(arguments: [(12, 12, 0.5), (6, 30, 0.7), (30, 4, 0.9), (20, 20, 0.3)])
    func tooFewSlotsPlacesAsManyAsPossibleWithReasons(cities: Int, startups: Int, density: Double) {
        for seed in 0..<6 {
            var rng = SplitMix64(seed: UInt64(77 + seed * 13 + cities))
            let meetings = Self.randomMeetings(cities: cities, startups: startups, density: density, rng: &rng)
            let loads = Self.load(meetings)
            guard loads.max >= 2 else { continue }
            for slots in [0, 1, loads.max / 2, loads.max - 1] {
                let schedule = MeetingScheduler.schedule(meetings, slots: slots)
                let label = "seed \(seed) N=\(slots) Δ=\(loads.max)"
                Self.checkValid(schedule, meetings, label)
                Self.checkMaximal(schedule, availability: nil, label)
                #expect(!schedule.unplaced.isEmpty, "\(label)")
                #expect(schedule.isOptimal)
                let slotWord = slots == 1 ? "slot" : "slots"
                for u in schedule.unplaced {
                    #expect(u.reason.hasSuffix("but only \(slots) \(slotWord)"), "\(label): \(u.reason)")
                    let cityNamed = u.reason.contains("city \(u.meeting.city) has \(loads.city[u.meeting.city]!) meetings")
                    let startupNamed = u.reason.contains("startup \(u.meeting.startup) has \(loads.startup[u.meeting.startup]!) meetings")
                    #expect(cityNamed || startupNamed, "\(label): \(u.reason)")
                    #expect(!cityNamed || loads.city[u.meeting.city]! > slots)
                    #expect(!startupNamed || loads.startup[u.meeting.startup]! > slots)
                }
            }
        }
    }

    @Test func tooFewSlotsMatchesBruteForceOnSmallGraphs() {
        for seed in 0..<40 {
            var rng = SplitMix64(seed: UInt64(5_000 + seed))
            let meetings = Self.randomMeetings(cities: 4, startups: 4, density: 0.6, rng: &rng)
            let delta = Self.load(meetings).max
            for slots in 1..<max(delta, 1) {
                let schedule = MeetingScheduler.schedule(meetings, slots: slots)
                #expect(schedule.placed.count == Self.bruteForceOptimum(meetings, slots: slots, availability: nil),
                        "seed \(seed) N=\(slots)")
            }
        }
    }

    // MARK: Availability

    @Test func smallInstancesWithAvailabilityAreOptimal() {
        for seed in 0..<150 {
            var rng = SplitMix64(seed: UInt64(90_000 + seed))
            let cities = 2 + rng.nextInt(below: 3), startups = 2 + rng.nextInt(below: 4)
            let meetings = Self.randomMeetings(cities: cities, startups: startups, density: 0.4 + 0.5 * rng.nextUnitDouble(), rng: &rng)
            let slots = 1 + rng.nextInt(below: 4)
            let availability = Self.randomAvailability(meetings, slots: slots, restrictP: 0.7, keepP: 0.6, rng: &rng)
            let schedule = MeetingScheduler.schedule(meetings, slots: slots, availability: availability)
            let label = "seed \(seed)"
            Self.checkValid(schedule, meetings, availability: availability, label)
            Self.checkMaximal(schedule, availability: availability, label)
            let optimum = Self.bruteForceOptimum(meetings, slots: slots, availability: availability)
            #expect(schedule.placed.count == optimum, "\(label): placed \(schedule.placed.count), optimum \(optimum)")
            #expect(schedule.isOptimal, "\(label)")
        }
    }

    @Test func exactSearchImprovesOnTheHeuristic() {
        var improved = 0
        for seed in 0..<200 {
            var rng = SplitMix64(seed: UInt64(123_000 + seed))
            let meetings = Self.randomMeetings(cities: 5, startups: 5, density: 0.6, rng: &rng)
            let slots = 2 + rng.nextInt(below: 3)
            let availability = Self.randomAvailability(meetings, slots: slots, restrictP: 0.8, keepP: 0.6, rng: &rng)
            let heuristic = MeetingScheduler.schedule(meetings, slots: slots, availability: availability, exactSearchLimit: 0)
            let full = MeetingScheduler.schedule(meetings, slots: slots, availability: availability)
            Self.checkValid(heuristic, meetings, availability: availability, "heuristic \(seed)")
            Self.checkMaximal(heuristic, availability: availability, "heuristic \(seed)")
            #expect(full.placed.count >= heuristic.placed.count, "seed \(seed)")
            #expect(full.isOptimal, "seed \(seed)")
            if full.placed.count > heuristic.placed.count { improved += 1 }
        }
        // Guards against a search that silently never runs.
        #expect(improved > 0)
    }

    @Test(arguments: [(15, 15, 0.3, 6), (30, 30, 0.25, 8), (10, 60, 0.4, 12), (60, 60, 0.15, 10)])
    func largerInstancesWithAvailabilityStayValid(cities: Int, startups: Int, density: Double, slots: Int) {
        for seed in 0..<4 {
            var rng = SplitMix64(seed: UInt64(31_337 + seed * 7 + cities))
            let meetings = Self.randomMeetings(cities: cities, startups: startups, density: density, rng: &rng)
            let availability = Self.randomAvailability(meetings, slots: slots, restrictP: 0.5, keepP: 0.7, rng: &rng)
            let schedule = MeetingScheduler.schedule(meetings, slots: slots, availability: availability)
            let label = "seed \(seed) \(cities)×\(startups)"
            Self.checkValid(schedule, meetings, availability: availability, label)
            Self.checkMaximal(schedule, availability: availability, label)
        }
    }

    @Test func componentsAtTheExactLimitAreSolved() {
        // One component of 40 meetings with tight availability.
        var rng = SplitMix64(seed: 4_040)
        var meetings: [Meeting] = []
        while Set(meetings).count < MeetingScheduler.exactSearchMeetingLimit {
            meetings.append(Meeting(city: "c\(rng.nextInt(below: 8))", startup: "s\(rng.nextInt(below: 8))"))
        }
        meetings = Array(Set(meetings))
        let availability = Self.randomAvailability(meetings, slots: 6, restrictP: 0.8, keepP: 0.55, rng: &rng)
        let schedule = MeetingScheduler.schedule(meetings, slots: 6, availability: availability)
        Self.checkValid(schedule, meetings, availability: availability, "limit")
        Self.checkMaximal(schedule, availability: availability, "limit")
        #expect(schedule.isOptimal)
    }

    @Test func noCommonSlotIsReported() {
        let meetings = [
            Meeting(city: "Lyon", startup: "Aqua"),
            Meeting(city: "Lyon", startup: "Bolt"),
            Meeting(city: "Oslo", startup: "Aqua"),
            Meeting(city: "Riga", startup: "Bolt"),
        ]
        let availability = Availability(
            cities: ["Lyon": [0], "Oslo": [1, 2], "Riga": []],
            startups: ["Aqua": [0, 1]])
        let schedule = MeetingScheduler.schedule(meetings, slots: 3, availability: availability)
        Self.checkValid(schedule, meetings, availability: availability, "named")
        let reasons = Dictionary(uniqueKeysWithValues: schedule.unplaced.map { ($0.meeting, $0.reason) })
        #expect(Set(schedule.placed.map(\.meeting)) == [meetings[0], meetings[2]])
        #expect(reasons[meetings[1]] == "every slot both city Lyon and startup Bolt can attend (slot 1) is already taken by their other meetings (city Lyon has 2 meetings but can attend only 1 slot)")
        #expect(reasons[meetings[3]] == "city Riga can attend no slot")
        #expect(schedule.isOptimal)

        let apart = MeetingScheduler.schedule(
            [Meeting(city: "Oslo", startup: "Aqua")], slots: 4,
            availability: Availability(cities: ["Oslo": [2, 3]], startups: ["Aqua": [0, 1]]))
        #expect(apart.placed.isEmpty)
        #expect(apart.unplaced == [UnplacedMeeting(meeting: Meeting(city: "Oslo", startup: "Aqua"),
                                                   reason: "city Oslo and startup Aqua share no available slot")])
    }

    @Test func availabilityAllowingEverySlotIsNoLimit() {
        var rng = SplitMix64(seed: 808)
        let meetings = Self.randomMeetings(cities: 15, startups: 15, density: 0.5, rng: &rng)
        let delta = Self.load(meetings).max
        let everything = Set(0..<(delta + 2))
        let availability = Availability(cities: Dictionary(uniqueKeysWithValues: Set(meetings.map(\.city)).map { ($0, everything) }))
        let limited = MeetingScheduler.schedule(meetings, slots: delta, availability: availability)
        #expect(limited == MeetingScheduler.schedule(meetings, slots: delta))
        #expect(limited.unplaced.isEmpty)
    }

    @Test func cityAndStartupNamespacesAreSeparate() {
        let meetings = [Meeting(city: "X", startup: "X"), Meeting(city: "X", startup: "Y")]
        let schedule = MeetingScheduler.schedule(meetings, slots: 2, availability: Availability(startups: ["X": [1]]))
        Self.checkValid(schedule, meetings, availability: Availability(startups: ["X": [1]]), "namespaces")
        #expect(schedule.placed.count == 2)
        #expect(schedule.placed.contains(ScheduledMeeting(meeting: meetings[0], slot: 1)))
    }

    // MARK: Edges of the input

    @Test func emptyInput() {
        for availability in [nil, Availability(cities: ["Lyon": [0]])] {
            let schedule = MeetingScheduler.schedule([], slots: 5, availability: availability)
            #expect(schedule.placed.isEmpty && schedule.unplaced.isEmpty)
            #expect(schedule.maximumLoad == 0 && schedule.slots == 5 && schedule.isOptimal)
        }
        let none = MeetingScheduler.schedule([], slots: -3)
        #expect(none.slots == 0 && none.placed.isEmpty)
    }

    @Test func duplicatesCountOnce() {
        let a = Meeting(city: "Lyon", startup: "Aqua"), b = Meeting(city: "Lyon", startup: "Bolt")
        let schedule = MeetingScheduler.schedule([a, b, a, a, b], slots: 2)
        #expect(schedule.maximumLoad == 2)
        #expect(schedule.placed.count == 2 && schedule.unplaced.isEmpty)
        #expect(Set(schedule.placed.map(\.slot)) == [0, 1])
    }

    @Test func outputIsIndependentOfInputOrder() {
        for seed in 0..<5 {
            var rng = SplitMix64(seed: UInt64(2_024 + seed))
            let meetings = Self.randomMeetings(cities: 12, startups: 9, density: 0.5, rng: &rng)
            let delta = Self.load(meetings).max
            let availability = Self.randomAvailability(meetings, slots: delta, restrictP: 0.5, keepP: 0.6, rng: &rng)
            for (slots, limits) in [(delta, nil), (delta - 1, nil), (delta, availability)] as [(Int, Availability?)] {
                let reference = MeetingScheduler.schedule(meetings, slots: slots, availability: limits)
                let again = MeetingScheduler.schedule(Self.shuffled(meetings + meetings.prefix(3), rng: &rng), slots: slots, availability: limits)
                #expect(reference == again, "seed \(seed) N=\(slots)")
            }
        }
    }
}
