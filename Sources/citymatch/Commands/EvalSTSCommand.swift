import ArgumentParser
import CityMatchCore
import CityMatchStore
import Foundation

/// `citymatch eval sts FILE`: Spearman correlation of embedding cosines with STS-B gold scores.
struct EvalSTSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sts",
        abstract: "Spearman correlation between cosine similarity and STS-B gold scores.",
        discussion: """
            FILE is an STS Benchmark CSV without a header: sentence1, sentence2, score (0–5), \
            standard CSV quoting. all-MiniLM-L6-v2 scores about 0.8203 on the English test split.
            """
    )

    @Argument(help: ArgumentHelp("The STS-B CSV file.", valueName: "file"))
    var file: String

    @OptionGroup var model: ModelOptions

    func run() throws {
        try reportingFailures {
            let text: String
            do { text = try String(contentsOfFile: file, encoding: .utf8) } catch { throw Console.fail("cannot read \(file): \(error.localizedDescription)") }
            let rows = STSFile.parseCSV(text)
            var first: [String] = [], second: [String] = [], gold: [Double] = []
            for (i, row) in rows.enumerated() {
                guard row.count >= 3, let score = Double(row[row.count - 1].trimmingCharacters(in: .whitespaces)) else {
                    throw Console.fail("\(file):\(i + 1): expected sentence1,sentence2,score")
                }
                first.append(row[0]); second.append(row[1]); gold.append(score)
            }
            guard first.count >= 2 else { throw Console.fail("\(file): fewer than two pairs") }
            let encoder = try model.loadEncoder()
            let a = try encoder.encode(first), b = try encoder.encode(second)
            var cosines = [Double](repeating: 0, count: first.count)
            for i in 0..<first.count {
                var dot: Float = 0
                for c in 0..<a.columns { dot += a[i, c] * b[i, c] }
                cosines[i] = Double(dot)
            }
            let rho = STSFile.spearman(cosines, gold)
            Console.out(String(format: "%.4f", rho))
        }
    }
}

enum STSFile {
    /// RFC 4180 CSV: fields separated by commas, optionally double-quoted with `""` for a quote.
    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        var fieldStarted = false
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty && !fieldStarted:
                inQuotes = true; fieldStarted = true
            case ",":
                row.append(field); field = ""; fieldStarted = false
            case "\n", "\r":
                if c == "\r", let n = next(), n != "\n" { pending = n }
                row.append(field); field = ""; fieldStarted = false
                if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
                row = []
            default:
                field.unicodeScalars.append(c); fieldStarted = true
            }
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    /// 1-based ranks, ties sharing their average rank.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    /// Spearman's rho: Pearson correlation of the (average) ranks.
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        let rx = ranks(x), ry = ranks(y)
        let n = Double(rx.count)
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in rx.indices {
            let dx = rx[i] - mx, dy = ry[i] - my
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
