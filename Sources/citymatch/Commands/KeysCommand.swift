import ArgumentParser
import CityMatchStore
import Foundation

/// `citymatch keys create|list|revoke`: the server's API keys, stored (as hashes) in the store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list or revoke the HTTP server's API keys.",
        discussion: """
            A key has a role: secretariat (everything), city (bound to one city: search, read, \
            write its own needs) or startup (bound to one startup: search, its own profile and \
            fit report). Only the SHA-256 of a secret is stored: a lost secret cannot be \
            recovered, only revoked and replaced. See docs/server.md.
            """,
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self]
    )
}

struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a key and print its secret as the last line (shown this once)."
    )

    @Option(help: ArgumentHelp("secretariat, city or startup.", valueName: "role"))
    var role: APIRole

    @Option(help: ArgumentHelp("The city a city key is bound to.", valueName: "id"))
    var city: String?

    @Option(help: ArgumentHelp("The startup a startup key is bound to.", valueName: "id"))
    var startup: String?

    @OptionGroup var store: StoreOptions

    func validate() throws {
        switch role {
        case .secretariat where city != nil || startup != nil:
            throw ValidationError("a secretariat key is not bound to a city or startup")
        case .city where city == nil || startup != nil:
            throw ValidationError("a city key needs --city ID (and no --startup)")
        case .startup where startup == nil || city != nil:
            throw ValidationError("a startup key needs --startup ID (and no --city)")
        default: break
        }
    }

    func run() async throws {
        try await reportingFailures {
            let keys = try store.open()
            let created: (key: APIKey, secret: String)
            do {
                created = try await keys.createKey(role: role, tenant: city ?? startup)
            } catch let error as APIKeyError {
                throw Console.fail("\(error)")
            }
            let bound = created.key.tenant.map { " for \(role.tenantKind ?? "") '\($0)'" } ?? ""
            Console.error("created \(role.rawValue) key \(created.key.id)\(bound) in \(store.resolvedPath); the secret is shown only now:")
            Console.out(created.secret)
        }
    }
}

struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List keys (ids, roles, tenants; never secrets).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await reportingFailures {
            let keys = try await store.open().listKeys()
            var table = TextTable(["id", "role", "tenant", "created", "status"])
            for key in keys {
                table.add([key.id, key.role.rawValue, key.tenant ?? "-", key.createdAt.formatted(.iso8601),
                           key.revokedAt.map { "revoked \($0.formatted(.iso8601))" } ?? "active"])
            }
            Console.out(keys.isEmpty ? "no keys in \(store.resolvedPath)" : table.render())
        }
    }
}

struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key by its id; it stops working at once.")

    @Argument(help: ArgumentHelp("The key id (as `keys list` shows it).", valueName: "id"))
    var id: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await reportingFailures {
            guard try await store.open().revokeKey(id: id) else { throw Console.fail("no key '\(id)' in \(store.resolvedPath)") }
            Console.out("revoked \(id)")
        }
    }
}

extension APIRole: ExpressibleByArgument {}
