import Testing
@testable import CityMatchCore

@Suite struct ScheduleFilesTests {
    @Test func readsShortlistsAndAvailability() throws {
        let shortlist = try JSONParser.parse(#"{"shortlists": [{"city": "seoul", "entries": [{"startup": "a"}, {"startup": "b"}]}, {"city": "busan", "entries": []}]}"#)
        #expect(try ScheduleFiles.meetings(fromShortlist: shortlist) == [Meeting(city: "seoul", startup: "a"), Meeting(city: "seoul", startup: "b")])
        let availability = try ScheduleFiles.availability(from: JSONParser.parse(#"{"cities": {"seoul": [1, 3]}, "startups": {"a": [2]}}"#), slots: 3)
        #expect(availability.slots(forCity: "seoul") == [0, 2])
        #expect(availability.slots(forStartup: "a") == [1])
    }

    @Test(arguments: [
        (#"[1, 2]"#, "not a shortlist"),
        (#"{"shortlists": [{"entries": []}]}"#, "shortlists[0]"),
        (#"{"shortlists": [{"city": "x", "entries": [{"name": "y"}]}]}"#, "shortlists[0].entries[0]"),
    ])
    func refusesMalformedShortlists(text: String, fragment: String) throws {
        #expect { try ScheduleFiles.meetings(fromShortlist: JSONParser.parse(text)) } throws: { "\($0)".contains(fragment) }
    }

    @Test func refusesSlotsOutOfRange() throws {
        #expect { try ScheduleFiles.availability(from: JSONParser.parse(#"{"cities": {"seoul": [0]}}"#), slots: 3) } throws: {
            "\($0)".contains("not a slot between 1 and 3")
        }
        #expect { try ScheduleFiles.availability(from: JSONParser.parse(#"{"people": {}}"#), slots: 3) } throws: { "\($0)".contains("unknown key") }
    }

    @Test func gridAndJSONNumberSlotsFromOne() {
        let schedule = MeetingScheduler.schedule([Meeting(city: "c1", startup: "s1"), Meeting(city: "c1", startup: "s2"), Meeting(city: "c2", startup: "s1")], slots: 2)
        #expect(schedule.unplaced.isEmpty)
        let grid = schedule.grid()
        #expect(grid[0] == ["city", "slot 1", "slot 2"])
        #expect(grid.count == 3)
        guard case .object(let json) = schedule.json(), case .array(let placed)? = json["placed"] else { Issue.record("shape"); return }
        #expect(placed.count == 3)
        for p in placed { if case .object(let o) = p, case .integer(let slot)? = o["slot"] { #expect((1...2).contains(slot)) } }
    }
}
