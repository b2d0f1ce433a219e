/// Reading shortlist and availability files for the scheduler, and rendering timetables.
/// Slots are numbered from 1 in every file and rendering (0-based inside the scheduler).
public enum ScheduleFiles {
    public struct FileError: Error, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// The meetings of a `citymatch shortlist --format json` document: one per (city, entry).
    ///
    /// - Complexity: O(entries).
    public static func meetings(fromShortlist value: JSONValue) throws -> [Meeting] {
        guard case .object(let root) = value, case .array(let lists)? = root["shortlists"] else {
            throw FileError("not a shortlist: expected an object with a \"shortlists\" array (citymatch shortlist --format json)")
        }
        var meetings: [Meeting] = []
        for (i, list) in lists.enumerated() {
            guard case .object(let l) = list, case .string(let city)? = l["city"], case .array(let entries)? = l["entries"] else {
                throw FileError("shortlists[\(i)]: expected {\"city\": ID, \"entries\": [...]}")
            }
            for (j, entry) in entries.enumerated() {
                guard case .object(let e) = entry, case .string(let startup)? = e["startup"] else {
                    throw FileError("shortlists[\(i)].entries[\(j)]: expected {\"startup\": ID, ...}")
                }
                meetings.append(Meeting(city: city, startup: startup))
            }
        }
        return meetings
    }

    /// `{"cities": {"seoul": [1, 2]}, "startups": {"binsense": [2, 3]}}`: the slots (1-based) each
    /// participant can attend; participants not listed can attend every slot.
    public static func availability(from value: JSONValue, slots: Int) throws -> Availability {
        guard case .object(let root) = value else { throw FileError("availability: expected a JSON object with \"cities\" and/or \"startups\"") }
        for key in root.keys where key != "cities" && key != "startups" {
            throw FileError("availability: unknown key \"\(key)\" (expected \"cities\" and \"startups\")")
        }
        func read(_ key: String) throws -> [String: Set<Int>] {
            guard let section = root[key] else { return [:] }
            guard case .object(let map) = section else { throw FileError("availability.\(key): expected an object of id → [slot, ...]") }
            var result: [String: Set<Int>] = [:]
            for (id, list) in map {
                guard case .array(let items) = list else { throw FileError("availability.\(key).\(id): expected an array of slot numbers") }
                var set = Set<Int>()
                for item in items {
                    guard case .integer(let n) = item, (1...Int64(slots)).contains(n) else {
                        throw FileError("availability.\(key).\(id): \(item.serialized()) is not a slot between 1 and \(slots)")
                    }
                    set.insert(Int(n) - 1)
                }
                result[id] = set
            }
            return result
        }
        return Availability(cities: try read("cities"), startups: try read("startups"))
    }
}

extension MeetingSchedule {
    /// `{"slots": N, "maximum_load": Δ, "slots_used": n, "optimal": b, "placed": [{"slot", "city", "startup"}], "unplaced": [{"city", "startup", "reason"}]}`
    public func json() -> JSONValue {
        .object(["slots": .integer(Int64(slots)), "maximum_load": .integer(Int64(maximumLoad)), "slots_used": .integer(Int64(slotsUsed)),
                 "optimal": .bool(isOptimal),
                 "placed": .array(placed.sorted(by: Self.order).map { .object(["slot": .integer(Int64($0.slot + 1)), "city": .string($0.meeting.city), "startup": .string($0.meeting.startup)]) }),
                 "unplaced": .array(unplaced.map { .object(["city": .string($0.meeting.city), "startup": .string($0.meeting.startup), "reason": .string($0.reason)]) })])
    }

    static func order(_ a: ScheduledMeeting, _ b: ScheduledMeeting) -> Bool {
        (a.slot, a.meeting.city, a.meeting.startup) < (b.slot, b.meeting.city, b.meeting.startup)
    }

    public func csv() -> String {
        (["slot,city,startup"] + placed.sorted(by: Self.order).map { "\($0.slot + 1),\(RankingText.csvField($0.meeting.city)),\(RankingText.csvField($0.meeting.startup))" })
            .joined(separator: "\n") + "\n"
    }

    /// Rows are cities, columns slots; each cell names the startup the city meets then.
    public func grid() -> [[String]] {
        let cities = Array(Set(placed.map(\.meeting.city) + unplaced.map(\.meeting.city))).sorted()
        var cell: [String: String] = [:]
        for p in placed { cell["\(p.meeting.city)|\(p.slot)"] = p.meeting.startup }
        let header = ["city"] + (0..<slots).map { "slot \($0 + 1)" }
        return [header] + cities.map { city in [city] + (0..<slots).map { cell["\(city)|\($0)"] ?? "" } }
    }

    public func markdown() -> String {
        var out = ["# Meeting schedule", "",
                   "\(placed.count) meetings in \(slotsUsed) of \(slots) slots (the busiest participant has \(maximumLoad)); \(unplaced.count) could not be placed.", ""]
        let g = grid()
        out.append("| " + g[0].joined(separator: " | ") + " |")
        out.append("|" + String(repeating: "---|", count: g[0].count))
        for row in g.dropFirst() { out.append("| " + row.map { $0.isEmpty ? "·" : $0 }.joined(separator: " | ") + " |") }
        if !unplaced.isEmpty {
            out += ["", "## Not placed", ""] + unplaced.map { "- \($0.meeting.city) × \($0.meeting.startup): \($0.reason)" }
        }
        return out.joined(separator: "\n") + "\n"
    }

    public func html() -> String {
        let g = grid()
        var body = "<h1>Meeting schedule</h1>\n<p>\(placed.count) meetings in \(slotsUsed) of \(slots) slots (the busiest participant has \(maximumLoad)); \(unplaced.count) could not be placed.</p>\n"
        body += "<table><thead><tr>" + g[0].map { "<th>\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>\n"
        for row in g.dropFirst() { body += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
        body += "</tbody></table>\n"
        if !unplaced.isEmpty {
            body += "<h2>Not placed</h2><ul>\n" + unplaced.map { "<li>\(HTML.escape("\($0.meeting.city) × \($0.meeting.startup): \($0.reason)"))</li>\n" }.joined() + "</ul>\n"
        }
        return HTML.page(title: "Meeting schedule", body: body)
    }
}
