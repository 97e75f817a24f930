import Fluent
import SQLKit

/// Indexes for the lookups that run on every request or list. Plain CREATE INDEX works on both engines.
struct CreateFoundationIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        ("idx_login_attempts_key_time", "login_attempts", "key_hash, attempted_at"),
        ("idx_sessions_user", "sessions", "user_id"),
        ("idx_api_tokens_user", "api_tokens", "user_id"),
        ("idx_users_org", "users", "organization_id"),
        ("idx_audit_entity", "audit_events", "entity_type, entity_id"),
        ("idx_locations_type", "locations", "type, active"),
    ]

    func prepare(on database: any Database) async throws {
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
    }
}

/// Plain CREATE INDEX / DROP INDEX, the same on both engines; migrations list their indexes and call these.
enum PlainIndexes {
    typealias Index = (name: String, table: String, columns: String)

    static func create(_ indexes: [Index], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index.name) ON \(unsafeRaw: index.table) (\(unsafeRaw: index.columns))").run()
        }
    }

    static func drop(_ indexes: [Index], on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for index in indexes { try await sql.raw("DROP INDEX \(unsafeRaw: index.name)").run() }
    }
}
