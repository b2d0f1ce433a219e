import Foundation
import Testing
@testable import CityMatchCore

@Suite struct BertTokenizerTests {
    private struct Case: Decodable { let text: String; let ids: [Int32] }
    private struct Cases: Decodable { let max_tokens: Int; let cases: [Case] }

    @Test func idsMatchReferenceForEveryFixture() throws {
        guard let tokenizer = try EncoderTestSupport.tokenizer() else { return }
        let cases = try JSONDecoder().decode(Cases.self, from: EncoderTestSupport.fixture("tokenizer_cases.json"))
        #expect(cases.cases.count >= 60)
        #expect(tokenizer.maxLength == cases.max_tokens)
        for c in cases.cases {
            let got = tokenizer.encode(c.text).ids
            #expect(got == c.ids, "text: \(c.text.debugDescription)")
        }
    }

    /// Every code point c, in "a" + c + "b", is removed, whitespace, CJK, punctuation
    /// or other exactly as in the reference normalizer and pre-tokenizer.
    @Test func everyScalarClassMatchesReference() throws {
        let runs = try JSONSerialization.jsonObject(with: EncoderTestSupport.fixture("unicode_classes.json")) as! [[Any]]
        var mismatches: [String] = []
        for run in runs {
            let lo = (run[0] as! NSNumber).uint32Value, hi = (run[1] as! NSNumber).uint32Value
            let expected = run[2] as! String
            for cp in lo...hi {
                guard let s = Unicode.Scalar(cp) else { continue }
                let got = Self.scalarClass(s)
                if got != expected, mismatches.count < 20 {
                    mismatches.append(String(format: "U+%04X expected %@ got %@", cp, expected, got))
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    static func scalarClass(_ c: Unicode.Scalar) -> String {
        let input: [Unicode.Scalar] = ["a", c, "b"]
        let normalized = BertTokenizer.normalize(input[...])
        var words: [String] = []
        BertTokenizer.forEachWord(normalized) { w in
            var s = ""; s.unicodeScalars.append(contentsOf: w); words.append(s); return true
        }
        switch words.count {
        case 1: return words[0] == "ab" ? "R" : "O"
        case 2: return words == ["a", "b"] ? "W" : "?"
        case 3: return BertUnicode.isChinese(c) ? "C" : "P"
        default: return "?"
        }
    }

    @Test func specialTokensAndTemplate() throws {
        guard let t = try EncoderTestSupport.tokenizer() else { return }
        #expect(t.encode("").ids == [101, 102])
        #expect(t.encode("hello world").ids == [101, 7592, 2088, 102])
        #expect(t.vocabularySize == 30522)
        #expect(t.encode("hello [MASK]").ids == [101, 7592, 103, 102])
    }

    @Test func truncatesToMaxLengthIncludingSpecials() throws {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\nb\n##b\n"
        let t = try BertTokenizer(vocabulary: vocab, maxLength: 5)
        #expect(t.encode("a a a a a a").ids == [2, 4, 4, 4, 3])
        #expect(t.encode("abb c").ids == [2, 4, 6, 6, 3])
        #expect(t.encode("c").ids == [2, 1, 3])
        #expect(t.encode("ABB").ids.count == 5)
    }

    @Test func longWordsBecomeUnknown() throws {
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\na\n##a\n"
        let t = try BertTokenizer(vocabulary: vocab, maxLength: 10, maxInputCharsPerWord: 4)
        #expect(t.encode("aaaa").ids == [2, 4, 5, 5, 5, 3])
        #expect(t.encode("aaaaa").ids == [2, 1, 3])
    }

    @Test func rejectsBadVocabularies() {
        #expect(throws: BertTokenizerError.emptyVocabulary) { try BertTokenizer(vocabulary: "") }
        #expect(throws: BertTokenizerError.missingSpecialToken("[CLS]")) { try BertTokenizer(vocabulary: "[PAD]\na\n") }
        #expect(throws: BertTokenizerError.invalidMaxLength(1)) { try BertTokenizer(vocabulary: "[CLS]\n", maxLength: 1) }
    }
}
