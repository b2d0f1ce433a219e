/// Splitting JSON Lines bytes into numbered lines and parsing each as a JSON object.
public enum JSONLines {
    /// One non-blank line of a file.
    public struct Line: Sendable {
        /// 1-based line number in the file.
        public var number: Int
        /// The line's bytes, without the line terminator.
        public var bytes: ArraySlice<UInt8>

        public init(number: Int, bytes: ArraySlice<UInt8>) {
            self.number = number
            self.bytes = bytes
        }
    }

    /// Splits on `\n` (tolerating `\r\n` and a UTF-8 byte-order mark), dropping blank lines.
    ///
    /// - Complexity: O(n) in the number of bytes.
    public static func split(_ bytes: [UInt8]) -> [Line] {
        var lines: [Line] = []
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var number = 1
        var i = start
        while i <= bytes.count {
            if i == bytes.count || bytes[i] == 0x0A {
                var end = i
                if end > start && bytes[end - 1] == 0x0D { end -= 1 }
                let slice = bytes[start..<end]
                if !slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    lines.append(Line(number: number, bytes: slice))
                }
                number += 1
                start = i + 1
            }
            i += 1
        }
        return lines
    }

    /// Parses a line as a JSON object, or says why it is not one.
    ///
    /// - Complexity: O(length of the line).
    public static func object(_ line: Line) -> Result<[String: JSONValue], LineError> {
        guard line.bytes.count <= CatalogLimits.lineBytes else {
            return .failure(LineError("line is \(line.bytes.count) bytes, over the limit of \(CatalogLimits.lineBytes)"))
        }
        guard let text = String(validating: line.bytes, as: UTF8.self) else {
            return .failure(LineError("not valid UTF-8 (byte offset \(invalidUTF8Offset(line.bytes)))"))
        }
        do {
            let value = try JSONParser.parse(bytes: Array(text.utf8))
            guard case .object(let object) = value else {
                return .failure(LineError("expected a JSON object, found \(value.typeName)"))
            }
            return .success(object)
        } catch {
            return .failure(LineError("not valid JSON: \(error)"))
        }
    }

    /// Why a line could not be read as a JSON object.
    public struct LineError: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    private static func invalidUTF8Offset(_ bytes: ArraySlice<UInt8>) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }
}
