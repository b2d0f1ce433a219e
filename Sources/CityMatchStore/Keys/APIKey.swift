import Foundation

/// What an API key may do on the server; the server's access policy maps each role to endpoints.
public enum APIRole: String, Sendable, CaseIterable, Codable {
    /// The network's secretariat: everything.
    case secretariat
    /// One member city: search, read startups and needs, write its own needs.
    case city
    /// One startup: search, read and write its own profile, read its own fit report.
    case startup

    /// The catalog record type a key of this role is bound to, if any.
    public var tenantKind: String? {
        switch self {
        case .secretariat: nil
        case .city: "city"
        case .startup: "startup"
        }
    }
}

/// A stored API key, without its secret: only the secret's SHA-256 is ever stored.
public struct APIKey: Sendable, Equatable {
    /// Public identifier, shown by `keys list` and used by `keys revoke`; also the secret's prefix.
    public var id: String
    public var role: APIRole
    /// The city id for `.city`, the startup id for `.startup`, nil for `.secretariat`.
    public var tenant: String?
    public var createdAt: Date
    public var revokedAt: Date?

    public var isActive: Bool { revokedAt == nil }

    public init(id: String, role: APIRole, tenant: String?, createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.role = role
        self.tenant = tenant
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Where API keys live. ``SQLiteCatalogStore`` implements it in the same file as the catalog,
/// so a key's tenant is checked against the stored cities and startups.
public protocol APIKeyStore: Sendable {
    /// Creates a key and returns it with its secret, which is shown this once and never stored.
    /// Throws ``APIKeyError`` when the tenant is missing, superfluous or unknown.
    func createKey(role: APIRole, tenant: String?) async throws -> (key: APIKey, secret: String)

    /// Every key, active and revoked, oldest first.
    func listKeys() async throws -> [APIKey]

    /// Revokes the key with this id; false when there is no such key. Revoking twice is harmless.
    func revokeKey(id: String) async throws -> Bool

    /// The active key whose secret this is; nil when unknown or revoked.
    /// - Complexity: one hash and one indexed lookup.
    func authenticate(secret: String) async throws -> APIKey?
}

/// Why a key cannot be created.
public enum APIKeyError: Error, CustomStringConvertible, Equatable {
    case tenantRequired(APIRole)
    case tenantNotAllowed(APIRole)
    case unknownTenant(kind: String, id: String)

    public var description: String {
        switch self {
        case let .tenantRequired(role): "a \(role.rawValue) key needs --\(role.tenantKind ?? "") ID"
        case let .tenantNotAllowed(role): "a \(role.rawValue) key is not bound to a city or startup"
        case let .unknownTenant(kind, id): "no \(kind) '\(id)' in the store"
        }
    }
}

/// Key material: random ids and secrets, and the stored digest.
enum APIKeySecrets {
    /// A new id like `k3f9a1c2b0d7e` (12 hex digits).
    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "k" + (0..<6).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// `cm_<id>_<43 base64url characters of 32 random bytes>`: the id prefix lets operators tell
    /// keys apart in logs without the secret part.
    static func newSecret(id: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let base64 = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "cm_\(id)_\(base64)"
    }
}
