import Foundation

/// Where the store lives: an explicit path, else `CITYMATCH_DB`, else `./citymatch.sqlite`.
public enum StoreLocation {
    public static let defaultPath = "citymatch.sqlite"
    public static let environmentVariable = "CITYMATCH_DB"

    public static func resolve(_ explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }
}
