import Testing
@testable import CityMatchCore

@Suite struct JSONParserTests {
    /// Strings without a character to escape are written whole; the rest scalar by scalar.
    /// Both must read back as the same string.
    @Test func writtenStringsReadBackUnchanged() throws {
        for text in ["", "plain ascii", "Bogotá — 서울 ✓", "quote \" and \\ backslash", "tab\tnew\nline\r", "\u{01}\u{1F}ctl", "emoji 🚌 \u{08}\u{0C}"] {
            var out = ""
            JSONValue.writeString(text, to: &out)
            #expect(!out.unicodeScalars.dropFirst().dropLast().contains { $0.value < 0x20 })
            #expect(try JSONParser.parse(out) == .string(text), "\(text)")
        }
    }

    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONParser.parse(#"{"a": [1, -2.5, 3e2, true, false, null, "x\n\u00e9\ud83d\ude00"], "b": {}}"#)
        #expect(value == .object([
            "a": .array([.integer(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null, .string("x\né😀")]),
            "b": .object([:]),
        ]))
    }

    @Test func keepsIntegersExact() throws {
        #expect(try JSONParser.parse("9007199254740993") == .integer(9_007_199_254_740_993))
        #expect(JSONValue.integer(400000).serialized() == "400000")
        #expect(JSONValue.number(37.5665).serialized() == "37.5665")
        #expect(JSONValue.number(400000).serialized() == "400000")
    }

    @Test(arguments: [
        ("{\"a\": 1,}", 9, "expected a quoted key"),
        ("{\"a\" 1}", 6, "expected ':'"),
        ("[1 2]", 4, "expected ',' or ']'"),
        ("{\"a\": 1, \"a\": 2}", 10, "duplicate key \"a\""),
        ("\"abc", 5, "unterminated string"),
        ("01", 2, "leading zeros"),
        ("not json", 1, "unexpected 'not'"),
        ("{\"a\": 1} x", 10, "unexpected text after"),
        ("\"\\ud800\"", 8, "unpaired surrogate"),
        ("1e999", 1, "out of range"),
    ])
    func reportsWhereTextIsBroken(text: String, column: Int, fragment: String) {
        do {
            _ = try JSONParser.parse(text)
            Issue.record("expected \(text) to be refused")
        } catch {
            #expect(error.column == column, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        }
    }

    @Test func refusesDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
    }

    @Test func serialisationRoundTrips() throws {
        let texts = [#"{"k":["a\"b\\c\u0001",1.25,-3,{"z":null}]}"#, #"[true,false,"tab\there"]"#]
        for text in texts {
            let value = try JSONParser.parse(text)
            #expect(try JSONParser.parse(value.serialized()) == value)
        }
    }
}
