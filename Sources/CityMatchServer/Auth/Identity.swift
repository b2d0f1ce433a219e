import CityMatchStore

/// Who a request speaks for: the key's role and tenant (never its secret).
public struct Identity: Sendable, Equatable {
    /// The key's public id, for logs and rate limiting.
    public var keyID: String
    public var role: APIRole
    /// The city id of a city key, the startup id of a startup key, nil for the secretariat.
    public var tenant: String?

    public init(keyID: String, role: APIRole, tenant: String?) {
        self.keyID = keyID
        self.role = role
        self.tenant = tenant
    }

    public init(_ key: APIKey) { self.init(keyID: key.id, role: key.role, tenant: key.tenant) }
}
