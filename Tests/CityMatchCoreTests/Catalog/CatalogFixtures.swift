@testable import CityMatchCore

/// Small catalogs, as file bytes, for validation tests.
enum CatalogFixtures {
    static let cities = """
        {"id": "seoul", "name": "Seoul", "country": "KR", "languages": ["ko"], "population": 9386000, "motto": "I.SEOUL.U"}
        {"id": "bogota", "name": "Bogotá", "country": "CO", "languages": ["es"], "income_group": "upper-middle", "lat": 4.711, "lon": -74.0721}
        """
    static let needs = """
        {"id": "seoul-alley-waste", "city": "seoul", "title": "Alley waste", "description": "Garbage overflows in narrow alleys.", "priority": 5, "budget_usd": 200000, "languages": ["ko"]}
        {"id": "bogota-transit", "city": "bogota", "title": "Bus arrival times", "description": "Nobody knows when the bus comes.", "deadline": "2026-03-31", "extra": {"nested": [1, 2.5]}}
        """
    static let startups = """
        {"id": "bincube", "name": "BinCube", "description": "Ultrasonic fill-level sensors for bins.", "country": "KR", "capabilities": ["Fill-level sensing"], "languages": ["ko", "en"], "min_contract_usd": 50000}
        {"id": "transitly", "name": "Transitly", "description": "Real-time bus arrival predictions from GTFS-RT.", "country": "CO", "stage": "seed"}
        """
    static let judgments = """
        {"need": "seoul-alley-waste", "startup": "bincube", "grade": 3}
        {"need": "bogota-transit", "startup": "transitly", "grade": 2, "note": "no Spanish UI"}
        """

    static func source(cities: String = cities, needs: String = needs, startups: String = startups,
                       judgments: String? = judgments) -> CatalogSource {
        var files = [
            City.fileName: Array(cities.utf8), Need.fileName: Array(needs.utf8), Startup.fileName: Array(startups.utf8),
        ]
        if let judgments { files[Judgment.fileName] = Array(judgments.utf8) }
        return CatalogSource(files: files)
    }

    /// The valid fixture with one line of one file replaced (1-based line).
    static func source(replacing file: String, line: Int, with text: String) -> CatalogSource {
        var s = source()
        var lines = String(decoding: s.files[file]!, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.count < line { lines.append("") }
        lines[line - 1] = text
        s.files[file] = Array(lines.joined(separator: "\n").utf8)
        return s
    }
}
