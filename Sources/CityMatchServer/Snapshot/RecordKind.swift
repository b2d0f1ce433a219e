import CityMatchCore

/// The catalog record types the API writes, with the file name the validator expects.
public enum RecordKind: String, Sendable {
    case city, need, startup

    var fileName: String {
        switch self {
        case .city: City.fileName
        case .need: Need.fileName
        case .startup: Startup.fileName
        }
    }

    /// The stored record with this id as its JSON object, if any.
    func record(_ id: String, in catalog: Catalog) -> JSONValue? {
        switch self {
        case .city: catalog.cities.first { $0.id == id }?.jsonObject()
        case .need: catalog.needs.first { $0.id == id }?.jsonObject()
        case .startup: catalog.startups.first { $0.id == id }?.jsonObject()
        }
    }
}
