import Foundation
import Testing
@testable import CityMatchStore

@Suite struct AtomicFileTests {
    private func scratchFolder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-file-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The new content replaces the old, and nothing else is left in the folder (Foundation's
    /// `.atomic` option left a `TemporaryDirectory.*` folder in /tmp for every write).
    @Test func replacesTheFileAndLeavesNothingBehind() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/seoul.md"
        let staging = { Set(try FileManager.default.contentsOfDirectory(atPath: NSTemporaryDirectory()).filter { $0.hasPrefix("TemporaryDirectory.") }) }
        let before = try staging()
        for i in 0..<20 { try AtomicFile.write("draft \(i)\n", to: path) }
        try AtomicFile.write("final\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "final\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["seoul.md"])
        // Other suites run alongside, so allow for their folders; 21 writes must not add one each.
        #expect(try staging().subtracting(before).count < 21)
    }

    /// A write that cannot happen throws and leaves no temporary file.
    @Test func failureLeavesNoTemporaryFile() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The target is a folder: the rename fails.
        try FileManager.default.createDirectory(atPath: folder + "/taken", withIntermediateDirectories: false)
        try FileManager.default.createFile(atPath: folder + "/taken/x", contents: Data())
        #expect(throws: (any Error).self) { try AtomicFile.write("text", to: folder + "/taken") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["taken"])
    }
}
