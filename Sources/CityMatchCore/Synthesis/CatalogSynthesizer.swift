#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Deterministic synthetic catalogs for scale tests and benchmarks.
///
/// Every record is a pure function of (seed, kind, index): any record can be produced
/// alone, in any order, so a writer can stream a million startups without holding them.
/// Texts are composed from ``SynthVocabulary`` (domains, capabilities and phrasing of the
/// sample catalog); cities come from a table of real cities.
///
/// Ground truth: startup `i` works on subtopic slot `i % slotCount`; needs pick an on-topic
/// slot. ``judgments(forNeed:)`` grades startups of the same slot 3 (2 when a language or
/// budget constraint is broken, as the format's rubric says) and same-theme startups 1.
public struct CatalogSynthesizer: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var cities: Int
        public var needs: Int
        public var startups: Int
        public var seed: UInt64
        public var judgmentsPerNeed: Int

        public init(cities: Int, needs: Int, startups: Int, seed: UInt64, judgmentsPerNeed: Int = 5) {
            self.cities = cities
            self.needs = needs
            self.startups = startups
            self.seed = seed
            self.judgmentsPerNeed = judgmentsPerNeed
        }
    }

    public let parameters: Parameters

    /// (theme, subtopic) per slot; off-topic slots have theme `nil`.
    private let slots: [(theme: Int?, subtopic: Int)]
    private let onTopicSlots: [Int]

    public init(parameters: Parameters) {
        precondition(parameters.cities > 0 || parameters.needs == 0, "needs require at least one city")
        self.parameters = parameters
        var slots: [(theme: Int?, subtopic: Int)] = []
        for (t, theme) in SynthVocabulary.themes.enumerated() {
            for s in theme.subtopics.indices { slots.append((t, s)) }
        }
        onTopicSlots = Array(slots.indices)
        // About one startup in twelve is off-topic, as in the sample.
        for s in 0..<max(1, slots.count / 11) { slots.append((nil, s % SynthVocabulary.offTopic.count)) }
        self.slots = slots
    }

    private enum Kind: UInt64 { case city = 1, need = 2, startup = 3, judgment = 4 }

    private func generator(_ kind: Kind, _ index: Int) -> SplitMix64 {
        var mixer = SplitMix64(seed: parameters.seed ^ (kind.rawValue &* 0x9E37_79B9_7F4A_7C15))
        mixer.state &+= UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03
        return SplitMix64(seed: mixer.next())
    }

    // MARK: Cities

    /// City `index` (0-based). Beyond the table's real cities, districts of them are numbered.
    ///
    /// - Complexity: O(1).
    public func city(_ index: Int) -> City {
        let rows = SynthCityTable.rows
        let row = rows[index % rows.count]
        let round = index / rows.count
        var rng = generator(.city, index)
        let suffix = round == 0 ? "" : "-\(round + 1)"
        return City(id: row.id + suffix, name: round == 0 ? row.name : "\(row.name) District \(round + 1)",
                    country: row.country, region: row.region,
                    population: round == 0 ? row.population : max(20_000, row.population / (4 + rng.nextInt(below: 20))),
                    languages: row.languages, incomeGroup: row.incomeGroup, lat: row.lat, lon: row.lon)
    }

    // MARK: Needs

    private struct NeedPlan {
        var slot: Int
        var city: Int
        var budget: Double
        var languages: [String]
    }

    private func needPlan(_ index: Int) -> (NeedPlan, SplitMix64) {
        var rng = generator(.need, index)
        let slot = onTopicSlots[rng.nextInt(below: onTopicSlots.count)]
        let cityIndex = rng.nextInt(below: parameters.cities)
        let budget = roundedMoney(logUniform(&rng, 40_000, 2_000_000))
        let cityLanguages = city(cityIndex).languages ?? ["en"]
        let languages = rng.nextUnitDouble() < 0.85 ? [cityLanguages[0]] : []
        return (NeedPlan(slot: slot, city: cityIndex, budget: budget, languages: languages), rng)
    }

    /// Need `index` (0-based).
    ///
    /// - Complexity: O(1).
    public func need(_ index: Int) -> Need {
        var (plan, rng) = needPlan(index)
        let (themeIndex, subIndex) = slots[plan.slot]
        let theme = SynthVocabulary.themes[themeIndex!]
        let sub = theme.subtopics[subIndex]
        let cityRecord = city(plan.city)
        let title = pick(sub.needTitles, &rng)
        var sentences = pickDistinct(sub.symptoms, 2, &rng)
        sentences.append(fill(pick(SynthVocabulary.needContexts, &rng), &rng, city: cityRecord))
        sentences.append(pick(sub.goals, &rng))
        if let language = plan.languages.first {
            let languageName = ISOCodes.languages[language] ?? language
            sentences.append(pick(Array(SynthVocabulary.needConstraints.prefix(2)), &rng).replacing("{language}", with: languageName))
        }
        sentences.append(SynthVocabulary.needConstraints[2].replacing("{budget}", with: money(plan.budget)))
        let month = 1 + rng.nextInt(below: 12), day = 1 + rng.nextInt(below: 28)
        return Need(id: "\(cityRecord.id)-need-\(index)", city: cityRecord.id, title: title,
                    description: sentences.joined(separator: " "), domains: theme.domains,
                    priority: 1 + rng.nextInt(below: 5), budgetUSD: plan.budget,
                    languages: plan.languages.isEmpty ? nil : plan.languages,
                    deadline: "\(2026 + rng.nextInt(below: 3))-\(twoDigits(month))-\(twoDigits(day))")
    }

    // MARK: Startups

    private struct StartupPlan {
        var languages: [String]
        var minContract: Double
    }

    private func startupPlan(_ index: Int) -> (StartupPlan, String, SplitMix64) {
        var rng = generator(.startup, index)
        let country = pick(SynthVocabulary.startupCountries, &rng)
        var languages = ["en"]
        let home = Self.homeLanguages[country] ?? []
        if let first = home.first, rng.nextUnitDouble() < 0.9 { languages.insert(first, at: 0) }
        if home.count > 1, rng.nextUnitDouble() < 0.4 { languages.append(home[1]) }
        if rng.nextUnitDouble() < 0.2 { languages.append(pick(["es", "fr", "ar", "ru", "pt", "ko"], &rng)) }
        var seen = Set<String>()
        languages = languages.filter { seen.insert($0).inserted }
        let minContract = roundedMoney(logUniform(&rng, 10_000, 600_000))
        return (StartupPlan(languages: languages, minContract: minContract), country, rng)
    }

    /// Startup `index` (0-based).
    ///
    /// - Complexity: O(1).
    public func startup(_ index: Int) -> Startup {
        var (plan, country, rng) = startupPlan(index)
        let (themeIndex, subIndex) = slots[index % slots.count]
        let sub = themeIndex.map { SynthVocabulary.themes[$0].subtopics[subIndex] } ?? SynthVocabulary.offTopic[subIndex]
        let domains = themeIndex.map { SynthVocabulary.themes[$0].domains } ?? ["enterprise-software"]
        let name = pick(SynthVocabulary.nameStems, &rng) + pick(SynthVocabulary.nameTails, &rng) + pick(SynthVocabulary.nameSuffixes, &rng)
        // The first product sentence introduces the company by name; the others follow in any order.
        var sentences = [sub.products[0]] + pickDistinct(Array(sub.products.dropFirst()), 1 + rng.nextInt(below: 2), &rng)
        sentences = sentences.map { $0.replacing("{name}", with: name) }
        let founded = 2008 + rng.nextInt(below: 18)
        let team = 3 + rng.nextInt(below: 120)
        let referenceCount = rng.nextInt(below: 4)
        let references = (0..<referenceCount).map { _ in SynthCityTable.rows[rng.nextInt(below: SynthCityTable.rows.count)].name }
        for closer in pickDistinct(SynthVocabulary.startupClosers, 1, &rng) {
            if closer.contains("{references}") && references.isEmpty { continue }
            sentences.append(closer
                .replacing("{founded}", with: String(founded)).replacing("{team}", with: String(team))
                .replacing("{references}", with: references.joined(separator: ", "))
                .replacing("{languages}", with: plan.languages.map { ISOCodes.languages[$0] ?? $0 }.joined(separator: " and ")))
        }
        var markets = [country]
        if rng.nextUnitDouble() < 0.6 { markets.append(pick(SynthVocabulary.regionMarkets, &rng)) }
        if rng.nextUnitDouble() < 0.3 { markets.append(pick(SynthVocabulary.startupCountries, &rng)) }
        var seenMarkets = Set<String>()
        markets = markets.filter { seenMarkets.insert($0).inserted }
        let slug = name.lowercased().filter { $0.isLetter || $0.isNumber }
        return Startup(id: "\(slug)-\(index)", name: name, description: sentences.joined(separator: " "),
                       capabilities: pickDistinct(sub.capabilities, min(sub.capabilities.count, 3 + rng.nextInt(below: 3)), &rng),
                       domains: domains, country: country, stage: pick(Startup.stages, &rng),
                       languages: plan.languages, markets: markets, references: references.isEmpty ? nil : references,
                       minContractUSD: plan.minContract, teamSize: team, founded: founded)
    }

    // MARK: Judgments

    /// Graded labels for need `index`: same-slot startups 3 (2 if a constraint is broken),
    /// same-theme startups of another subtopic 1. At most `judgmentsPerNeed`, unique pairs.
    ///
    /// - Complexity: O(judgmentsPerNeed).
    public func judgments(forNeed index: Int) -> [Judgment] {
        let n = parameters.startups
        guard parameters.judgmentsPerNeed > 0, n > 0 else { return [] }
        let (plan, _) = needPlan(index)
        let needID = need(index).id
        var rng = generator(.judgment, index)
        var chosen: [Int: Int] = [:]
        let sameSlot = (n - plan.slot + slots.count - 1) / slots.count  // startups i ≡ slot (mod slots.count), i < n
        let wanted = parameters.judgmentsPerNeed
        for _ in 0..<(wanted * 2) where sameSlot > 0 && chosen.count < max(1, wanted - 2) {
            let i = plan.slot + slots.count * rng.nextInt(below: sameSlot)
            let (sp, _, _) = startupPlan(i)
            let meetsLanguage = Set(plan.languages).isSubset(of: Set(sp.languages))
            chosen[i] = meetsLanguage && sp.minContract <= plan.budget ? 3 : 2
        }
        let theme = slots[plan.slot].theme
        let siblings = slots.indices.filter { slots[$0].theme == theme && $0 != plan.slot }
        for _ in 0..<(wanted * 2) where !siblings.isEmpty && chosen.count < wanted {
            let slot = siblings[rng.nextInt(below: siblings.count)]
            let count = (n - slot + slots.count - 1) / slots.count
            guard count > 0 else { continue }
            let i = slot + slots.count * rng.nextInt(below: count)
            if chosen[i] == nil { chosen[i] = 1 }
        }
        return chosen.keys.sorted().map { Judgment(need: needID, startup: startup($0).id, grade: chosen[$0]!) }
    }

    // MARK: Helpers

    static let homeLanguages: [String: [String]] = [
        "KR": ["ko"], "US": ["en", "es"], "GB": ["en"], "IN": ["hi", "en"], "ES": ["es", "ca"], "KE": ["sw", "en"],
        "NL": ["nl"], "FR": ["fr"], "DE": ["de"], "SG": ["en", "zh"], "BR": ["pt"], "CO": ["es"], "MX": ["es"],
        "NG": ["en", "yo"], "RW": ["rw", "fr"], "PH": ["tl", "en"], "ID": ["id"], "VN": ["vi"], "JP": ["ja"],
        "EE": ["et", "ru"], "IL": ["he", "ar"], "AE": ["ar"], "ZA": ["en", "af"], "CL": ["es"],
    ]

    private func pick<T>(_ items: [T], _ rng: inout SplitMix64) -> T { items[rng.nextInt(below: items.count)] }

    private func pickDistinct<T>(_ items: [T], _ count: Int, _ rng: inout SplitMix64) -> [T] {
        var indices = Array(items.indices)
        var result: [T] = []
        for _ in 0..<min(count, items.count) {
            let j = rng.nextInt(below: indices.count)
            result.append(items[indices.remove(at: j)])
        }
        return result
    }

    private func fill(_ template: String, _ rng: inout SplitMix64, city: City) -> String {
        template
            .replacing("{district}", with: pick(SynthVocabulary.districts, &rng))
            .replacing("{count}", with: String((1 + rng.nextInt(below: 40)) * 10_000))
            .replacing("{season}", with: pick(SynthVocabulary.seasons, &rng))
            .replacing("{months}", with: String(3 + rng.nextInt(below: 10)))
    }

    private func logUniform(_ rng: inout SplitMix64, _ low: Double, _ high: Double) -> Double {
        low * exp(log(high / low) * rng.nextUnitDouble())
    }

    private func roundedMoney(_ value: Double) -> Double { (value / 5_000).rounded() * 5_000 }

    private func money(_ value: Double) -> String {
        value >= 1_000_000 ? "$\(JSONValue.format((value / 100_000).rounded() / 10))M" : "$\(Int(value / 1_000))k"
    }

    private func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
