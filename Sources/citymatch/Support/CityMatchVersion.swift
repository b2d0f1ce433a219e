enum CityMatchVersion {
    /// The tool version, recorded in audit trails.
    static let current = "0.1.0"
}
