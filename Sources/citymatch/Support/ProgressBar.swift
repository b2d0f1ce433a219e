import Foundation

/// A one-line progress bar on standard error, drawn only when standard error is a terminal
/// (quiet when piped or in CI).
struct ProgressBar {
    let label: String
    let total: Int
    private let enabled: Bool
    private var lastDrawn = -1

    init(label: String, total: Int, enabled: Bool = Console.isInteractive) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = enabled && total > 0
    }

    mutating func update(_ done: Int) {
        guard enabled else { return }
        let percent = done * 100 / total
        guard percent != lastDrawn else { return }
        lastDrawn = percent
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(percent)% (\(done)/\(total))".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
