import Crypto
import Fluent
import Foundation
import SQLKit
import BadilCore

/// What happened, to what, and which fields changed (names only, never values).
struct AuditEntry: Sendable {
    let action: String
    let entityType: String
    let entityID: String
    let fields: [String]
    let flagged: Bool

    init(_ action: String, _ entityType: String, _ entityID: String, fields: [String] = [], flagged: Bool = false) {
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.fields = fields
        self.flagged = flagged
    }

    init(_ action: String, _ entityType: String, _ entityID: UUID?, fields: [String] = [], flagged: Bool = false) {
        self.init(action, entityType, entityID?.uuidString ?? "-", fields: fields, flagged: flagged)
    }
}

/// The append-only, hash-chained audit log. Services call `append` inside their own transaction,
/// so the entry exists exactly when the change does.
enum AuditLog {
    static func hash(_ canonical: String) -> String {
        SecretBytes.hex(SHA256.hash(data: Data(canonical.utf8)))
    }

    static func append(_ entries: [AuditEntry], by actor: AuditActor, at now: Date, on db: any Database) async throws {
        guard !entries.isEmpty else { return }
        // Taking the head row first serialises concurrent appenders on both engines.
        try await db.sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1").run()
        guard let head = try await db.sql.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first(decoding: Head.self) else {
            throw DomainError.conflict("audit_unavailable")
        }
        var sequence = head.seq
        var previous = head.hash
        var records: [AuditRecord] = []
        for entry in entries {
            sequence += 1
            var record = AuditRecord(sequence: sequence, occurredAt: now, actorID: actor.id, actorName: actor.name,
                                     action: entry.action, entityType: entry.entityType, entityID: entry.entityID,
                                     fields: entry.fields.sorted().joined(separator: ","), flagged: entry.flagged,
                                     previousHash: previous)
            record.hash = hash(record.canonical)
            records.append(record)
            previous = record.hash
        }
        // One multi-row INSERT per few hundred entries: a batch of registrations audits each person.
        let millis = AuditRecord.millis(now)
        for chunk in PersonWrites.chunks(records, size: 500) {
            let insert = db.sql.insert(into: AuditEventRecord.schema)
                .columns("id", "seq", "occurred_ms", "actor_id", "actor_name", "action", "entity_type", "entity_id", "fields",
                         "flagged", "prev_hash", "hash")
            for r in chunk {
                _ = insert.values(SQLBind(UUID()), SQLBind(r.sequence), SQLBind(millis), SQLBind(r.actorID), SQLBind(r.actorName),
                                  SQLBind(r.action), SQLBind(r.entityType), SQLBind(r.entityID), SQLBind(r.fields), SQLBind(r.flagged),
                                  SQLBind(r.previousHash), SQLBind(r.hash))
            }
            try await insert.run()
        }
        try await db.sql.update("audit_head").set("seq", to: sequence).set("hash", to: previous)
            .where("id", .equal, 1).run()
    }

    static func append(_ entry: AuditEntry, by actor: AuditActor, at now: Date, on db: any Database) async throws {
        try await append([entry], by: actor, at: now, on: db)
    }

    /// Reads the whole chain in order and checks it against the recorded head.
    static func verify(on db: any Database) async throws -> (count: Int, problem: AuditChain.Problem?) {
        let rows = try await AuditEventRecord.query(on: db).sort(\.$sequence).all()
        let records = rows.map { row in
            AuditRecord(sequence: row.sequence, occurredAt: Date(timeIntervalSince1970: Double(row.occurredMillis) / 1000),
                        actorID: row.actorID, actorName: row.actorName, action: row.action, entityType: row.entityType,
                        entityID: row.entityID, fields: row.fields, flagged: row.flagged,
                        previousHash: row.previousHash, hash: row.hash)
        }
        let head = try await AuditHeadRecord.find(1, on: db)
        let problem = AuditChain.verify(records, head: head.map { ($0.sequence, $0.hash) }, hash: hash)
        return (records.count, problem)
    }
}

private struct Head: Decodable { let seq: Int; let hash: String }
