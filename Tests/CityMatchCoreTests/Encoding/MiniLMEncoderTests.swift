import Foundation
import Testing
@testable import CityMatchCore

@Suite struct MiniLMEncoderTests {
    @Test func parityWithSentenceTransformersExample() throws {
        guard let encoder = try EncoderTestSupport.encoder() else { return }
        let m = try encoder.encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
        #expect(m.rows == 3 && m.columns == 384)
        let c12 = EncoderTestSupport.cosine(m.row(0), m.row(1))
        let c13 = EncoderTestSupport.cosine(m.row(0), m.row(2))
        let c23 = EncoderTestSupport.cosine(m.row(1), m.row(2))
        #expect(String(format: "%.4f", c12) == "0.6660", "cos(1,2) = \(c12)")
        #expect(String(format: "%.4f", c13) == "0.1046", "cos(1,3) = \(c13)")
        #expect(String(format: "%.4f", c23) == "0.1411", "cos(2,3) = \(c23)")
    }

    private struct Golden: Decodable { let text: String; let vector: [Float] }
    private struct GoldenFile: Decodable { let dimension: Int; let cases: [Golden] }

    @Test func matchesEveryGoldenVector() throws {
        guard let encoder = try EncoderTestSupport.encoder() else { return }
        let golden = try JSONDecoder().decode(GoldenFile.self, from: EncoderTestSupport.fixture("golden_vectors.json"))
        #expect(golden.cases.count >= 40)
        let m = try encoder.encode(golden.cases.map(\.text))
        var worst = 1.0
        for (i, g) in golden.cases.enumerated() {
            #expect(g.vector.count == golden.dimension)
            let row = m.row(i)
            let cos = EncoderTestSupport.cosine(row, g.vector)
            worst = min(worst, cos)
            #expect(cos >= 0.99999, "text \(g.text.prefix(60).debugDescription): cosine \(cos)")
            let norm = row.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        print("golden vectors: worst cosine \(worst)")
    }

    @Test func batchedEqualsOneAtATime() throws {
        guard let encoder = try EncoderTestSupport.encoder() else { return }
        let texts = [
            "A very long text about smart parking, traffic lights, air quality sensors and municipal budgets in many European cities, repeated to make it long.",
            "short",
            "",
            "Medium length sentence about water leaks.",
            "short",
            "Another medium sentence, about buses and bikes.",
        ]
        let batched = try encoder.encode(texts)
        // A tiny token budget forces one text per batch; a single call per text too.
        let small = encoder.withMaxBatchTokens(1)
        let separate = try small.encode(texts)
        for (i, t) in texts.enumerated() {
            let one = try encoder.encode([t])
            let cosA = EncoderTestSupport.cosine(batched.row(i), one.row(0))
            let cosB = EncoderTestSupport.cosine(batched.row(i), separate.row(i))
            #expect(cosA > 0.999999 && cosB > 0.999999, "text \(i): \(cosA) \(cosB)")
            let maxDiff = zip(batched.row(i), one.row(0)).map { abs($0 - $1) }.max() ?? 0
            #expect(maxDiff < 1e-5, "text \(i): max |Δ| \(maxDiff)")
        }
        #expect(batched.row(1) == batched.row(4))
        #expect(try encoder.encode([]).rows == 0)
    }

    @Test func concurrentCallsAgree() async throws {
        guard let encoder = try EncoderTestSupport.encoder() else { return }
        let texts = (0..<24).map { "Smart city need number \($0): sensors for parking, lighting and water leaks in district \($0 % 5)." }
        let expected = try encoder.encode(texts)
        try await withThrowingTaskGroup(of: Matrix.self) { group in
            for _ in 0..<4 { group.addTask { try encoder.encode(texts) } }
            for try await m in group {
                let maxDiff = zip(m.storage, expected.storage).map { abs($0 - $1) }.max() ?? 0
                #expect(maxDiff < 1e-5)
            }
        }
    }

    @Test func reductionKernelsHandleTails() {
        let values: [Float] = (0..<37).map { Float($0) * 0.5 - 3 }
        values.withUnsafeBufferPointer { p in
            #expect(EncoderKernels.sum(p.baseAddress!, count: 37) == values.reduce(0, +))
            #expect(EncoderKernels.maximum(p.baseAddress!, count: 37) == 15)
            #expect(EncoderKernels.maximum(p.baseAddress!, count: 3) == -2)
            let ss = EncoderKernels.sumOfSquares(p.baseAddress!, count: 37, mean: 1)
            #expect(abs(ss - values.reduce(0) { $0 + ($1 - 1) * ($1 - 1) }) < 1e-3)
        }
    }

    @Test func erfAndExpKernelsAreAccurate() {
        var worstErf: Double = 0, worstExp: Double = 0
        var x: Double = -6
        while x <= 6 {
            let e = EncoderKernels.erf32(Float(x))
            worstErf = max(worstErf, abs(Double(e) - Foundation.erf(Double(Float(x)))))
            x += 0.0007
        }
        x = -87
        while x <= 0 {
            let e = EncoderKernels.exp32(Float(x))
            let ref = Foundation.exp(Double(Float(x)))
            worstExp = max(worstExp, abs(Double(e) - ref) / ref)
            x += 0.0013
        }
        #expect(worstErf < 5e-7, "erf32 max abs error \(worstErf)")
        #expect(worstExp < 5e-7, "exp32 max rel error \(worstExp)")
        #expect(EncoderKernels.exp32(-200) >= 0 && EncoderKernels.exp32(-200) < 1e-37)
    }
}
