import Fluent
import BadilCore

struct CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEventRecord.schema)
            .id()
            .field("seq", .int64, .required)
            .field("occurred_ms", .int64, .required)
            .field("actor_id", .string, .required)
            .field("actor_name", .string, .required)
            .field("action", .string, .required)
            .field("entity_type", .string, .required)
            .field("entity_id", .string, .required)
            .field("fields", .string, .required)
            .field("flagged", .bool, .required)
            .field("prev_hash", .string, .required)
            .field("hash", .string, .required)
            .unique(on: "seq")
            .create()
        try await database.schema(AuditHeadRecord.schema)
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await AuditHeadRecord(id: 1, sequence: 0, hash: AuditChain.genesis).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditHeadRecord.schema).delete()
        try await database.schema(AuditEventRecord.schema).delete()
    }
}
