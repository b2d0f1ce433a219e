import Testing
@testable import CityMatchCore

@Suite struct TextAnalyzerTests {
    let analyzer = TextAnalyzer.standard

    @Test func foldsCaseAndAccents() {
        #expect(analyzer.terms("Café") == ["cafe"])
        #expect(analyzer.terms("Café") == analyzer.terms("CAFE"))
        #expect(analyzer.terms("São Paulo, ÉNERGIE") == ["sao", "paulo", "energie"])
        #expect(analyzer.terms("Straße") == ["strasse"])
        #expect(analyzer.terms("İstanbul") == ["istanbul"])
        #expect(analyzer.terms("København Łódź") == ["kobenhavn", "lodz"])
        #expect(analyzer.terms("ΟΔΌΣ") == analyzer.terms("οδος"))
        // Decomposed input folds like precomposed input.
        #expect(analyzer.terms("Cafe\u{301}") == ["cafe"])
    }

    @Test func accentFoldingCanBeTurnedOff() {
        let keeping = TextAnalyzer(foldsAccents: false)
        #expect(keeping.terms("Café") == ["café"])
    }

    @Test func compatibilityFormsAreUnified() {
        #expect(analyzer.terms("ＡＩ ﬁnance ①") == ["ai", "finance", "1"])
        #expect(analyzer.terms("ｽﾏｰﾄ") == analyzer.terms("スマート"))
    }

    @Test func splitsOnNonLetters() {
        #expect(analyzer.terms("smart-city/IoT; 5G_networks!") == ["smart", "city", "iot", "5g", "network"])
        #expect(analyzer.terms("city's") == ["city"])
        #expect(analyzer.terms("") == [])
        #expect(analyzer.terms("  ,;  ") == [])
    }

    @Test func stopWordsAreRemoved() {
        #expect(analyzer.terms("The city of the future") == ["city", "future"])
        #expect(analyzer.terms("IT for the US") == ["it", "us"])
        let multilingual = TextAnalyzer(stopWords: StopWords.all)
        #expect(multilingual.terms("la ciudad y el agua está") == ["ciudad", "agua"])
    }

    @Test func cjkAndHangul() {
        #expect(analyzer.terms("東京都") == ["東京", "京都"])
        #expect(analyzer.terms("市") == ["市"])
        #expect(analyzer.terms("スマートシティ") == ["スマ", "マー", "ート", "トシ", "シテ", "ティ"])
        #expect(analyzer.terms("ガス") == ["ガス"]) // voicing marks belong to the letter
        #expect(analyzer.terms("서울 스마트시티") == ["서울", "스마트시티"])
        #expect(analyzer.terms("AI도시") == ["ai", "도시"])
        #expect(analyzer.terms("智慧城市 smart city") == ["智慧", "慧城", "城市", "smart", "city"])
    }

    @Test func lightStemmer() {
        #expect(analyzer.terms("cities boxes sensors bus analysis addresses churches policies")
                == ["city", "box", "sensor", "bus", "analysis", "address", "church", "policy"])
        #expect(TextAnalyzer(stems: false).terms("sensors") == ["sensors"])
        #expect(analyzer.termFrequencies("sensor sensors Sensor") == ["sensor": 3])
    }
}
