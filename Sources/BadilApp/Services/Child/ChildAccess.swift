import Fluent
import Foundation
import BadilCore

/// What the child-protection services share: the person in scope, the child check, audit entries and case tasks.
enum ChildAccess {
    /// The person, if the actor may see them; otherwise `notFound`.
    static func person(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> PersonRecord {
        try await RecordScopes.visiblePerson(id, actor, on: db)
    }

    /// The person on the child pathway (under 18, or age in doubt); otherwise 422 `not_a_child`.
    static func child(_ id: UUID, _ actor: Actor, today: DayDate, on db: any Database) async throws -> PersonRecord {
        let p = try await person(id, actor, on: db)
        guard p.isChild(on: today) else { throw DomainError.invalid([FieldIssue("personId", "not_a_child")]) }
        return p
    }

    static func audit(_ action: String, _ personID: UUID, fields: [String] = [], _ actor: Actor, at now: Date, on db: any Database) async throws {
        try await AuditLog.append(AuditEntry(action, "person", personID, fields: fields), by: AuditActor(actor), at: now, on: db)
    }

    /// Checks that the actor may read the person's records (`personRead`, in scope) and audits the read unless `audit` is off.
    static func read(_ action: String, _ personID: UUID, _ actor: Actor, audit: Bool, at now: Date, on db: any Database) async throws {
        try actor.requireCaseRead()
        _ = try await person(personID, actor, on: db)
        if audit { try await auditRead(action, personID, actor, at: now, on: db) }
    }

    /// Audits a read of a person's child-protection records in its own transaction.
    static func auditRead(_ action: String, _ personID: UUID, _ actor: Actor, at now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in try await audit(action, personID, actor, at: now, on: db) }
    }

    /// A task on the person's case (audited), built like every case task by `CaseTaskService.newTask`.
    static func addTask(personID: UUID, kind: String, titleKey: String, due: DayDate, mandatory: Bool, sourceID: UUID?,
                        _ actor: Actor, at now: Date, on db: any Database, localizer: Localizer) async throws {
        let t = CaseTaskService.newTask(personID: personID, kind: kind, title: localizer.t(titleKey, .en), dueOn: due, mandatory: mandatory,
                                        by: actor.userID, at: now)
        t.sourceID = sourceID
        try await t.create(on: db)
        try await AuditLog.append(AuditEntry("case_task.created", "person", personID, fields: ["title", "dueOn", "kind", "mandatory"]),
                                  by: AuditActor(actor), at: now, on: db)
    }

    /// Whether each of the people has an active consent to tracing today.
    static func tracingConsent(_ ids: [UUID], today: DayDate, on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        let rows = try await ConsentEntry.query(on: db).filter(\.$personID ~~ ids).filter(\.$purpose == ConsentPurpose.tracing.rawValue).all()
        let byPerson = Dictionary(grouping: rows, by: \.personID)
        return Set(byPerson.filter { TracingRules.hasConsent($0.value.compactMap(\.record), on: today) }.keys)
    }
}
