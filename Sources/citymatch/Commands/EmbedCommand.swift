import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// `citymatch embed`: one text per line on stdin → one JSON array of floats per line on stdout.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed texts: one per line on standard input, one JSON array per line on standard output.",
        discussion: "Output lines are in input order; input is read and written in batches, so output streams."
    )

    @OptionGroup var model: ModelOptions

    @Option(help: "Texts per batch.")
    var batchSize: Int = 256

    func run() throws {
        try reportingFailures {
            let encoder = try model.loadEncoder()
            var batch: [String] = []
            batch.reserveCapacity(batchSize)
            func flush() throws {
                guard !batch.isEmpty else { return }
                let m = try encoder.encode(batch)
                var out = ""
                out.reserveCapacity(m.rows * m.columns * 12)
                for r in 0..<m.rows {
                    out += "["
                    for c in 0..<m.columns {
                        if c > 0 { out += "," }
                        out += "\(m[r, c])"
                    }
                    out += "]\n"
                }
                FileHandle.standardOutput.write(Data(out.utf8))
                batch.removeAll(keepingCapacity: true)
            }
            while let line = readLine(strippingNewline: true) {
                batch.append(line.hasSuffix("\r") ? String(line.dropLast()) : line)
                if batch.count >= max(batchSize, 1) { try flush() }
            }
            try flush()
        }
    }
}
