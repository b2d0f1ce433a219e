import CityMatchStore

/// Who may call what: ONE table, role × operation, read by every route.
///
/// A rule either allows the role outright, denies it, or allows it only for the caller's own
/// resource (its startup, or needs of its city); the route then names the resource and
/// ``AccessScope`` checks it. Another tenant's resource is 403 whether or not it exists, so a
/// key cannot probe for ids it may not see.
public enum AccessPolicy {
    /// What a role may do with one operation.
    public enum Rule: Sendable, Equatable {
        case allow
        case deny
        /// Only the startup whose id is the key's tenant.
        case ownStartup
        /// Only needs whose city is the key's tenant.
        case ownCityNeeds
    }

    /// What a caller without a key may do.
    public enum AnonymousRule: Sendable, Equatable {
        case allow
        case deny
        /// Allowed when the server runs with `--public-search`.
        case ifPublicSearch
        /// Allowed when the server runs with `--public-metrics`.
        case ifPublicMetrics
    }

    public struct Entry: Sendable {
        public var anonymous: AnonymousRule
        public var secretariat: Rule
        public var city: Rule
        public var startup: Rule

        public func rule(for role: APIRole) -> Rule {
            switch role {
            case .secretariat: secretariat
            case .city: city
            case .startup: startup
            }
        }
    }

    /// The policy (docs/server.md prints it as a table).
    public static let table: [Operation: Entry] = [
        //                         anonymous          secretariat  city            startup
        .getHealth:        Entry(anonymous: .allow, secretariat: .allow, city: .allow, startup: .allow),
        .getOpenAPI:       Entry(anonymous: .allow, secretariat: .allow, city: .allow, startup: .allow),
        .getMetrics:       Entry(anonymous: .ifPublicMetrics, secretariat: .allow, city: .deny, startup: .deny),
        .search:           Entry(anonymous: .ifPublicSearch, secretariat: .allow, city: .allow, startup: .allow),
        .listCities:       Entry(anonymous: .ifPublicSearch, secretariat: .allow, city: .allow, startup: .allow),
        .getCity:          Entry(anonymous: .ifPublicSearch, secretariat: .allow, city: .allow, startup: .allow),
        .putCity:          Entry(anonymous: .deny, secretariat: .allow, city: .deny, startup: .deny),
        .getNeed:          Entry(anonymous: .deny, secretariat: .allow, city: .allow, startup: .deny),
        .getNeedMatches:   Entry(anonymous: .deny, secretariat: .allow, city: .allow, startup: .deny),
        .putNeed:          Entry(anonymous: .deny, secretariat: .allow, city: .ownCityNeeds, startup: .deny),
        .deleteNeed:       Entry(anonymous: .deny, secretariat: .allow, city: .ownCityNeeds, startup: .deny),
        .getStartup:       Entry(anonymous: .deny, secretariat: .allow, city: .allow, startup: .ownStartup),
        .putStartup:       Entry(anonymous: .deny, secretariat: .allow, city: .deny, startup: .ownStartup),
        .deleteStartup:    Entry(anonymous: .deny, secretariat: .allow, city: .deny, startup: .ownStartup),
        .getStartupFit:    Entry(anonymous: .deny, secretariat: .allow, city: .deny, startup: .ownStartup),
        .explain:          Entry(anonymous: .deny, secretariat: .allow, city: .allow, startup: .ownStartup),
        .createShortlists: Entry(anonymous: .deny, secretariat: .allow, city: .deny, startup: .deny),
    ]

    /// The caller's scope for `operation`, or the 401/403 problem that refuses it.
    ///
    /// - Complexity: O(1).
    public static func scope(for operation: Operation, identity: Identity?,
                             configuration: ServerConfiguration) throws(Problem) -> AccessScope {
        guard let entry = table[operation] else { throw Problem.forbidden("no access rule for \(operation.rawValue)") }
        guard let identity else {
            switch entry.anonymous {
            case .allow: return .unrestricted
            case .ifPublicSearch where configuration.publicSearch: return .unrestricted
            case .ifPublicMetrics where configuration.publicMetrics: return .unrestricted
            default: throw Problem.unauthenticated("this endpoint needs an API key: send 'Authorization: Bearer <secret>' (or 'X-API-Key: <secret>')")
            }
        }
        switch entry.rule(for: identity.role) {
        case .allow: return .unrestricted
        case .deny: throw Problem.forbidden("a \(identity.role.rawValue) key may not call \(operation.rawValue)")
        case .ownStartup: return .ownStartup(identity.tenant ?? "")
        case .ownCityNeeds: return .ownCityNeeds(identity.tenant ?? "")
        }
    }
}

/// What the policy lets this caller reach within one operation.
public enum AccessScope: Sendable, Equatable {
    case unrestricted
    /// Only this startup id.
    case ownStartup(String)
    /// Only needs of this city id.
    case ownCityNeeds(String)

    /// Refuses (403) unless `id` is a startup this caller may reach.
    public func requireStartup(_ id: String) throws(Problem) {
        switch self {
        case .unrestricted: return
        case .ownStartup(let own) where own == id: return
        default: throw Problem.forbidden("this key may only reach its own startup, not '\(id)'")
        }
    }

    /// Refuses (403) unless every city in `cities` is the caller's; an empty list (a need that
    /// does not exist) is refused too, so existence is not revealed.
    public func requireNeedCities(_ cities: [String], need: String) throws(Problem) {
        switch self {
        case .unrestricted: return
        case .ownCityNeeds(let own) where !cities.isEmpty && cities.allSatisfy({ $0 == own }): return
        default: throw Problem.forbidden("this key may only write needs of its own city; '\(need)' is not one of them")
        }
    }
}
