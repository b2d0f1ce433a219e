import Foundation
import Testing
@testable import CityMatchCore

@Suite struct SafetensorsViewTests {
    /// A safetensors file: 8-byte little-endian header length, header, data.
    static func file(header: String, data: [UInt8], headerLengthOverride: UInt64? = nil) -> [UInt8] {
        let h = Array(header.utf8)
        let n = headerLengthOverride ?? UInt64(h.count)
        var out: [UInt8] = (0..<8).map { UInt8((n >> (8 * UInt64($0))) & 0xFF) }
        out += h
        out += data
        return out
    }

    static func floatsBytes(_ values: [Float]) -> [UInt8] {
        values.withUnsafeBytes { Array($0) }
    }

    static func parse(_ bytes: [UInt8]) throws -> SafetensorsView {
        try bytes.withUnsafeBytes { try SafetensorsView(buffer: $0) }
    }

    @Test func readsValidFile() throws {
        let header = #"{"__metadata__":{"format":"pt"},"b":{"dtype":"F32","shape":[3],"data_offsets":[16,28]},"a":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"ids":{"dtype":"I64","shape":[1],"data_offsets":[28,36]}}"#
        let bytes = Self.file(header: header, data: Self.floatsBytes([1, 2, 3, 4, 5, 6, 7]) + [UInt8](repeating: 0, count: 8))
        try bytes.withUnsafeBytes { raw in
            let view = try SafetensorsView(buffer: raw)
            #expect(view.metadata == ["format": "pt"])
            #expect(view.tensors.count == 3)
            #expect(try view.floats("a", shape: [2, 2]) == [1, 2, 3, 4])
            #expect(try view.floats("b") == [5, 6, 7])
            #expect(throws: SafetensorsError.shapeMismatch(name: "a", expected: [4], actual: [2, 2])) { try view.floats("a", shape: [4]) }
            #expect(throws: SafetensorsError.missingTensor("c")) { try view.floats("c") }
            #expect(throws: SafetensorsError.unsupportedDType(name: "ids", dtype: "I64")) { try view.floats("ids") }
        }
    }

    @Test func rejectsTruncatedInputs() throws {
        #expect(throws: SafetensorsError.truncatedHeaderLength(bufferSize: 0)) { try Self.parse([]) }
        #expect(throws: SafetensorsError.truncatedHeaderLength(bufferSize: 5)) { try Self.parse([1, 0, 0, 0, 0]) }
        // Header length larger than the file.
        let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let full = Self.file(header: header, data: Self.floatsBytes([1]))
        #expect(throws: SafetensorsError.self) { try Self.parse(Array(full.prefix(20))) }
        #expect(throws: SafetensorsError.headerLengthOutOfRange(headerLength: UInt64.max, bufferSize: 8)) {
            try Self.parse(Self.file(header: "", data: [], headerLengthOverride: UInt64.max))
        }
        // Data cut short: offsets now point past the end.
        #expect(throws: SafetensorsError.offsetsOutOfBounds(name: "a", begin: 0, end: 4, dataSize: 2)) {
            try Self.parse(Array(full.dropLast(2)))
        }
        // Every prefix of a valid file is either valid or a thrown error, never a crash.
        for cut in 0..<full.count {
            _ = try? Self.parse(Array(full.prefix(cut)))
        }
    }

    @Test func rejectsMalformedHeaders() throws {
        let data = Self.floatsBytes([1, 2])
        func bad(_ header: String) -> Bool {
            do { _ = try Self.parse(Self.file(header: header, data: data)); return false } catch is SafetensorsError { return true } catch { return false }
        }
        #expect(bad("not json"))
        #expect(bad("[1,2]"))
        #expect(bad(#"{"a":5}"#))
        #expect(bad(#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","data_offsets":[0,8]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[2]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":["0","8"]}}"#))
        #expect(bad(#"{"a":{"dtype":"F32","shape":[9223372036854775807,4],"data_offsets":[0,8]}}"#))
        #expect(bad(#"{"__metadata__":[1],"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#))
        // Invalid UTF-8 in the header.
        let invalid = [UInt8](repeating: 0xFF, count: 4)
        var bytes: [UInt8] = [4, 0, 0, 0, 0, 0, 0, 0] + invalid
        #expect(throws: SafetensorsError.headerNotJSON("not valid UTF-8")) { try Self.parse(bytes) }
        bytes = Self.file(header: "{}", data: [])
        #expect(try Self.parse(bytes).tensors.isEmpty)
    }

    @Test func rejectsBadOffsetsAndOverlaps() {
        let data = Self.floatsBytes([1, 2, 3, 4])
        #expect(throws: SafetensorsError.offsetsOutOfBounds(name: "a", begin: 8, end: 4, dataSize: 16)) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}}"#, data: data))
        }
        #expect(throws: SafetensorsError.offsetsOutOfBounds(name: "a", begin: 8, end: 24, dataSize: 16)) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}"#, data: data))
        }
        #expect(throws: SafetensorsError.offsetsOutOfBounds(name: "a", begin: -4, end: 4, dataSize: 16)) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[-4,4]}}"#, data: data))
        }
        #expect(throws: SafetensorsError.sizeMismatch(name: "a", shape: [3], dtype: "F32", expectedBytes: 12, actualBytes: 16)) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}"#, data: data))
        }
        #expect(throws: SafetensorsError.self) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}"#, data: data))
        }
    }

    @Test func rejectsUnknownDTypes() {
        #expect(throws: SafetensorsError.unknownDType(name: "a", dtype: "F128")) {
            try Self.parse(Self.file(header: #"{"a":{"dtype":"F128","shape":[1],"data_offsets":[0,16]}}"#, data: Self.floatsBytes([1, 2, 3, 4])))
        }
    }

    @Test func encoderRejectsShapeMismatch() throws {
        // A config whose tensors are absent or mis-shaped is refused with a clear error.
        let vocab = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n"
        let tokenizer = try BertTokenizer(vocabulary: vocab, maxLength: 4)
        let config = MiniLMConfig(hiddenSize: 2, numHiddenLayers: 1, numAttentionHeads: 1, intermediateSize: 2,
                                  maxPositionEmbeddings: 4, vocabSize: 4, typeVocabSize: 1, layerNormEps: 1e-12, hiddenAct: "gelu")
        let header = #"{"embeddings.word_embeddings.weight":{"dtype":"F32","shape":[4,3],"data_offsets":[0,48]}}"#
        let bytes = Self.file(header: header, data: [UInt8](repeating: 0, count: 48))
        try bytes.withUnsafeBytes { raw in
            let view = try SafetensorsView(buffer: raw)
            #expect(throws: SafetensorsError.shapeMismatch(name: "embeddings.word_embeddings.weight", expected: [4, 2], actual: [4, 3])) {
                try MiniLMEncoder(tokenizer: tokenizer, config: config, weights: view)
            }
        }
        let config2 = try MiniLMConfig(json: Data(#"{"hidden_size":384,"num_hidden_layers":6,"num_attention_heads":12,"intermediate_size":1536,"max_position_embeddings":512,"vocab_size":30522,"type_vocab_size":2,"layer_norm_eps":1e-12,"hidden_act":"gelu"}"#.utf8))
        #expect(config2 == .allMiniLML6v2)
        #expect(throws: MiniLMConfigError.self) { try MiniLMConfig(json: Data("{}".utf8)) }
        #expect(throws: MiniLMConfigError.self) {
            try MiniLMConfig(json: Data(#"{"hidden_size":385,"num_hidden_layers":6,"num_attention_heads":12,"intermediate_size":1536,"max_position_embeddings":512,"vocab_size":30522,"type_vocab_size":2,"layer_norm_eps":1e-12,"hidden_act":"gelu"}"#.utf8))
        }
    }
}
