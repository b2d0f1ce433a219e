import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

struct ScheduleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "Turn a shortlist into a timetable of one-to-one meetings in which nobody is double-booked.",
        discussion: """
            Without availability limits, a timetable with as many slots as the busiest participant's \
            meetings always exists (bipartite edge colouring), and this finds it. With limits \
            (--availability FILE: {"cities": {ID: [slots]}, "startups": {ID: [slots]}}, slots \
            numbered from 1), it places as many meetings as it can and lists the others with the reason.
            """
    )

    enum Format: String, ExpressibleByArgument { case json, csv, md, html }

    @Option(help: ArgumentHelp("A shortlist written by `citymatch shortlist --format json`.", valueName: "file")) var shortlist: String
    @Option(help: "Number of meeting slots.") var slots: Int
    @Option(help: ArgumentHelp("Slots each participant can attend (JSON).", valueName: "file")) var availability: String?
    @Option(help: "Output format: json, csv, md or html.") var format: Format = .md
    @Option(help: ArgumentHelp("Write to this file instead of standard output.", valueName: "path")) var out: String?

    func validate() throws {
        guard (1...1_000).contains(slots) else { throw ValidationError("--slots must be between 1 and 1000") }
    }

    func run() throws {
        try reportingFailures {
            let meetings: [Meeting], limits: Availability?
            do {
                meetings = try ScheduleFiles.meetings(fromShortlist: readJSON(shortlist))
                limits = try availability.map { try ScheduleFiles.availability(from: readJSON($0), slots: slots) }
            } catch let error as ScheduleFiles.FileError {
                throw Console.fail("\(error)")
            }
            let schedule = MeetingScheduler.schedule(meetings, slots: slots, availability: limits)
            let text: String
            switch format {
            case .json: text = schedule.json().serialized() + "\n"
            case .csv: text = schedule.csv()
            case .md: text = schedule.markdown()
            case .html: text = schedule.html()
            }
            if let out {
                do { try AtomicFile.write(text, to: out) } catch { throw Console.fail("cannot write \(out): \(error)") }
                Console.out("wrote \(out): \(schedule.placed.count) meetings placed, \(schedule.unplaced.count) not placed")
            } else {
                print(text, terminator: "")
            }
        }
    }

    private func readJSON(_ path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw Console.fail("\(path): cannot be read") }
        guard let text = String(validating: [UInt8](data), as: UTF8.self) else { throw Console.fail("\(path): not valid UTF-8") }
        do { return try JSONParser.parse(text) } catch { throw Console.fail("\(path): not valid JSON: \(error)") }
    }
}
