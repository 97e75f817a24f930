import Fluent
import Foundation
import BadilCore

/// The case file and person lookups the outcome services share. The case file is read and written directly
/// through its model inside the caller's transaction (get-or-create, version bump, audited).
enum OutcomeCaseFile {
    /// Who reads returns, outcome referrals and closures: case workers and supervisors (and the organisation-wide
    /// data-protection and admin roles). A detention officer or a facility operator reads people (their centre,
    /// their referrals) but not where the case is heading: a UNHCR referral or a return is protection data.
    static func canRead(_ actor: Actor) -> Bool { actor.readsCaseRecords }

    static func requireRead(_ actor: Actor) throws {
        guard canRead(actor) else { throw DomainError.forbidden }
    }

    /// The person, if inside the actor's scope; `.notFound` otherwise.
    static func person(_ personID: UUID, _ actor: Actor, on db: any Database, today: DayDate) async throws -> PersonRecord {
        try await RecordScopes.visiblePerson(personID, actor, on: db, today: today)
    }

    static func find(_ personID: UUID, on db: any Database) async throws -> CaseFileRecord? {
        try await CaseFileRecord.query(on: db).filter(\.$personID == personID).first()
    }

    /// The person's case file, opened today (version 1, audited) if they have none yet.
    static func getOrCreate(_ personID: UUID, by actor: Actor, now: Date, on db: any Database) async throws -> CaseFileRecord {
        if let existing = try await find(personID, on: db) { return existing }
        let c = try await CaseFileService.open(personID: personID, now: now, on: db)
        try await AuditLog.append(AuditEntry("case_file.opened", "person", personID, fields: ["status", "openedOn"]),
                                  by: AuditActor(actor), at: now, on: db)
        return c
    }

    /// Raises the case file's version (checked against `expected` when given) before a change is saved.
    static func bump(_ c: CaseFileRecord, expected: ExpectedVersion?, now: Date, on db: any Database) async throws {
        c.version = try await db.bumpVersion(table: CaseFileRecord.schema, id: c.id!, expected: expected ?? .any)
        c.updatedAt = now
    }

    /// A case that is closed takes no new pathway or referral: reopen it first.
    static func requireNotClosed(_ personID: UUID, on db: any Database) async throws {
        if try await find(personID, on: db)?.caseStatus == .closed { throw DomainError.conflict("case_closed") }
    }

    /// Audits a read of a person's outcome records.
    static func auditRead(_ action: String, _ personID: UUID, by actor: Actor, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry(action, "person", personID), by: AuditActor(actor), at: now, on: db)
        }
    }
}
