import Fluent
import Foundation

/// One entry of the append-only, hash-chained audit log. Values are never stored, only field names.
final class AuditEventRecord: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var sequence: Int
    /// Milliseconds since 1970: an integer hashes identically on both engines.
    @Field(key: "occurred_ms") var occurredMillis: Int64
    @Field(key: "actor_id") var actorID: String
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity_type") var entityType: String
    @Field(key: "entity_id") var entityID: String
    @Field(key: "fields") var fields: String
    @Field(key: "flagged") var flagged: Bool
    @Field(key: "prev_hash") var previousHash: String
    @Field(key: "hash") var hash: String

    init() {}
}

/// The head of the audit chain: one row, updated in the same transaction as each append. Updating it
/// serialises writers on PostgreSQL (row lock) and on SQLite (single writer), and lets
/// `verify-audit` notice entries cut off the end.
final class AuditHeadRecord: Model, @unchecked Sendable {
    static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) var id: Int?
    @Field(key: "seq") var sequence: Int
    @Field(key: "hash") var hash: String

    init() {}

    init(id: Int, sequence: Int, hash: String) {
        self.id = id
        self.sequence = sequence
        self.hash = hash
    }
}
