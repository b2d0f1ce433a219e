/// A one-to-one meeting between a city and a startup.
public struct Meeting: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var city: String
    public var startup: String

    /// - Complexity: O(1).
    public init(city: String, startup: String) {
        self.city = city
        self.startup = startup
    }

    /// Canonical order: by city, then startup.
    ///
    /// - Complexity: O(length of the identifiers).
    public static func < (lhs: Meeting, rhs: Meeting) -> Bool {
        (lhs.city, lhs.startup) < (rhs.city, rhs.startup)
    }

    public var description: String { "\(city) × \(startup)" }
}

/// The slots (0-based) each participant can attend. A participant without an
/// entry can attend every slot. Cities and startups are separate namespaces,
/// so a city and a startup may share an identifier. Slots outside
/// `0..<slots` are ignored by the scheduler.
public struct Availability: Sendable, Hashable {
    public var cities: [String: Set<Int>]
    public var startups: [String: Set<Int>]

    /// - Complexity: O(1).
    public init(cities: [String: Set<Int>] = [:], startups: [String: Set<Int>] = [:]) {
        self.cities = cities
        self.startups = startups
    }

    /// The slots `city` can attend, or nil when it is unrestricted.
    ///
    /// - Complexity: O(1) expected.
    public func slots(forCity city: String) -> Set<Int>? { cities[city] }

    /// The slots `startup` can attend, or nil when it is unrestricted.
    ///
    /// - Complexity: O(1) expected.
    public func slots(forStartup startup: String) -> Set<Int>? { startups[startup] }
}

/// A meeting and the slot it was given.
public struct ScheduledMeeting: Sendable, Hashable {
    public var meeting: Meeting
    public var slot: Int

    /// - Complexity: O(1).
    public init(meeting: Meeting, slot: Int) {
        self.meeting = meeting
        self.slot = slot
    }
}

/// A meeting the scheduler could not place, with a reason for the secretariat.
public struct UnplacedMeeting: Sendable, Hashable {
    public var meeting: Meeting
    public var reason: String

    /// - Complexity: O(1).
    public init(meeting: Meeting, reason: String) {
        self.meeting = meeting
        self.reason = reason
    }
}

/// A timetable: every distinct requested meeting is either placed or unplaced.
public struct MeetingSchedule: Sendable, Hashable {
    /// The number of slots that were available (negative requests become 0).
    public var slots: Int
    /// Placed meetings, ordered by slot, then city, then startup.
    public var placed: [ScheduledMeeting]
    /// Meetings that could not be placed, ordered by city, then startup.
    public var unplaced: [UnplacedMeeting]
    /// Δ: the largest number of distinct meetings any one participant has,
    /// the number of slots a complete schedule needs without availability limits.
    public var maximumLoad: Int
    /// Whether no schedule can place more meetings. Always true without
    /// availability limits; with them, true when the exact search finished
    /// (or a counting bound shows the heuristic already optimal).
    public var isOptimal: Bool

    /// - Complexity: O(1).
    public init(slots: Int, placed: [ScheduledMeeting], unplaced: [UnplacedMeeting], maximumLoad: Int, isOptimal: Bool) {
        self.slots = slots
        self.placed = placed
        self.unplaced = unplaced
        self.maximumLoad = maximumLoad
        self.isOptimal = isOptimal
    }

    /// The number of distinct slots holding at least one meeting.
    ///
    /// - Complexity: O(placed.count).
    public var slotsUsed: Int { Set(placed.map(\.slot)).count }
}

/// Assigns one-to-one meetings to slots so nobody is double-booked.
///
/// Guarantees:
/// - (a) no city and no startup has two meetings in one slot;
/// - (b) every placed meeting is in a slot both participants can attend;
/// - (c) without availability limits (or limits that allow every slot) and
///   `slots ≥ Δ`, every meeting is placed, in slots `0..<Δ` (König's theorem,
///   by Kempe-chain edge colouring);
/// - without availability limits and `slots < Δ`, the number placed is the
///   maximum possible: a maximum b-matching (each participant at most `slots`
///   meetings, by max flow) is edge-coloured with `slots` colours. Every
///   unplaced meeting has a participant already holding `slots` meetings;
/// - (d) with availability limits — where maximising is NP-hard — a greedy
///   placement is improved by Kempe-chain exchanges restricted to allowed
///   slots, and every connected component of at most
///   `exactSearchMeetingLimit` meetings is then solved exactly by branch and
///   bound, so instances whose components are that small (in particular any
///   instance of at most that many meetings) get an optimal schedule, unless
///   a component's search exhausts its node budget (2 million nodes, about
///   half a second): seen on dense, tightly restricted components of 35–40
///   meetings, never below 30 in testing; `isOptimal` reports it.
///   Every unplaced meeting is blocked: each slot both can attend is taken
///   by another meeting of one of them.
///
/// Duplicate meetings count once. Output depends only on the set of meetings,
/// the slot count and the availability, never on input order.
public enum MeetingScheduler {
    /// Connected components up to this many meetings are solved exactly
    /// when availability is limited.
    public static let exactSearchMeetingLimit = ListEdgeScheduling.exactEdgeLimit

    /// Builds a timetable for `meetings` in `slots` slots.
    ///
    /// - Complexity: without availability limits O(M × (Δ + P)) for M distinct
    ///   meetings among P participants, plus O(M √M) for the max flow when
    ///   `slots < Δ`; with limits, see `ListEdgeScheduling.schedule`
    ///   (polynomial heuristic plus a budgeted search on small components).
    public static func schedule(_ meetings: [Meeting], slots: Int, availability: Availability? = nil) -> MeetingSchedule {
        schedule(meetings, slots: slots, availability: availability, exactSearchLimit: exactSearchMeetingLimit)
    }

    /// `schedule` with the exact-search threshold as a knob, so tests can
    /// compare the heuristic alone (limit 0) against the full method.
    ///
    /// - Complexity: as `schedule`.
    static func schedule(_ meetings: [Meeting], slots: Int, availability: Availability?, exactSearchLimit: Int) -> MeetingSchedule {
        let n = max(slots, 0)
        let unique = Array(Set(meetings)).sorted()
        let cities = Array(Set(unique.map(\.city))).sorted()
        let startups = Array(Set(unique.map(\.startup))).sorted()
        let cityIndex = Dictionary(uniqueKeysWithValues: cities.enumerated().map { ($1, $0) })
        let startupIndex = Dictionary(uniqueKeysWithValues: startups.enumerated().map { ($1, $0) })
        let vertexCount = cities.count + startups.count
        let first = unique.map { cityIndex[$0.city]! }
        let second = unique.map { cities.count + startupIndex[$0.startup]! }
        var degree = Array(repeating: 0, count: vertexCount)
        for (u, v) in zip(first, second) { degree[u] += 1; degree[v] += 1 }
        let maximumLoad = degree.max() ?? 0

        func name(_ w: Int) -> String {
            w < cities.count ? "city \(cities[w])" : "startup \(startups[w - cities.count])"
        }

        // allowed[w * n + s]; nil when nobody is actually restricted, so
        // limits that allow every slot behave exactly like no limits.
        var allowed: [Bool]? = nil
        if let availability {
            var table = Array(repeating: true, count: vertexCount * n)
            var restricted = false
            for w in 0..<vertexCount {
                let set = w < cities.count
                    ? availability.slots(forCity: cities[w])
                    : availability.slots(forStartup: startups[w - cities.count])
                guard let set else { continue }
                for s in 0..<n where !set.contains(s) {
                    table[w * n + s] = false
                    restricted = true
                }
            }
            if restricted { allowed = table }
        }

        var board: SlotBoard
        var unplaced: [UnplacedMeeting] = []
        let isOptimal: Bool
        if let allowed {
            board = SlotBoard(vertexCount: vertexCount, slotCount: n, first: first, second: second)
            let lists = unique.indices.map { e in
                (0..<n).filter { allowed[first[e] * n + $0] && allowed[second[e] * n + $0] }
            }
            let isCity = (0..<vertexCount).map { $0 < cities.count }
            isOptimal = ListEdgeScheduling.schedule(
                &board, lists: lists, allowed: allowed, isCity: isCity, exactLimit: exactSearchLimit)
            let attendable = (0..<vertexCount).map { w in (0..<n).reduce(0) { $0 + (allowed[w * n + $1] ? 1 : 0) } }
            for e in unique.indices where board.slotOf[e] < 0 {
                let u = first[e], v = second[e]
                let reason: String
                switch (attendable[u] == 0, attendable[v] == 0) {
                case (true, true): reason = "neither \(name(u)) nor \(name(v)) can attend any slot"
                case (true, false): reason = "\(name(u)) can attend no slot"
                case (false, true): reason = "\(name(v)) can attend no slot"
                case (false, false):
                    if lists[e].isEmpty {
                        reason = "\(name(u)) and \(name(v)) share no available slot"
                    } else {
                        // Slots are numbered from 1 wherever people read them.
                        let shown = lists[e].prefix(8).map { String($0 + 1) }.joined(separator: ", ")
                        let more = lists[e].count > 8 ? ", …" : ""
                        var text = "every slot both \(name(u)) and \(name(v)) can attend (slot\(lists[e].count == 1 ? "" : "s") \(shown)\(more)) is already taken by their other meetings"
                        let overloaded = [u, v].filter { degree[$0] > attendable[$0] }
                            .map { "\(name($0)) has \(degree[$0]) meetings but can attend only \(attendable[$0]) slot\(attendable[$0] == 1 ? "" : "s")" }
                        if !overloaded.isEmpty { text += " (" + overloaded.joined(separator: "; ") + ")" }
                        reason = text
                    }
                }
                unplaced.append(UnplacedMeeting(meeting: unique[e], reason: reason))
            }
        } else if n >= maximumLoad {
            board = SlotBoard(vertexCount: vertexCount, slotCount: maximumLoad, first: first, second: second)
            BipartiteEdgeColouring.colour(&board, edges: Array(unique.indices))
            isOptimal = true
        } else {
            let chosen = BipartiteBMatching.solve(
                leftCapacity: Array(repeating: n, count: cities.count),
                rightCapacity: Array(repeating: n, count: startups.count),
                left: first, right: second.map { $0 - cities.count })
            board = SlotBoard(vertexCount: vertexCount, slotCount: n, first: first, second: second)
            BipartiteEdgeColouring.colour(&board, edges: unique.indices.filter { chosen[$0] })
            isOptimal = true
            var held = Array(repeating: 0, count: vertexCount)
            for e in unique.indices where chosen[e] { held[first[e]] += 1; held[second[e]] += 1 }
            for e in unique.indices where !chosen[e] {
                // Maximality of the b-matching: at least one side is full.
                let full = [first[e], second[e]].filter { held[$0] >= n }
                let who = full.map { "\(name($0)) has \(degree[$0]) meetings" }.joined(separator: " and ")
                let slotWord = n == 1 ? "slot" : "slots"
                unplaced.append(UnplacedMeeting(meeting: unique[e], reason: "\(who) but only \(n) \(slotWord)"))
            }
        }

        let placed = unique.indices.compactMap { e -> ScheduledMeeting? in
            let slot = board.slotOf[e]
            return slot >= 0 ? ScheduledMeeting(meeting: unique[e], slot: slot) : nil
        }.sorted { ($0.slot, $0.meeting) < ($1.slot, $1.meeting) }
        return MeetingSchedule(slots: n, placed: placed, unplaced: unplaced,
                               maximumLoad: maximumLoad, isOptimal: isOptimal)
    }
}
