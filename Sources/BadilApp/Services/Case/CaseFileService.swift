import Fluent
import Foundation
import BadilCore

struct CaseAssignmentInput: StrictInput {
    var caseworkerId: UUID?
    var team: String?
    static let allowedFields: Set<String> = ["caseworkerId", "team"]
    static let nullableFields: Set<String> = ["caseworkerId", "team"]
}

/// A person's case file: created by the first case action, assigned by a supervisor to a caseworker and/or a team.
/// The other parts of issue 6 read and create case files through `fileFor(personID:on:)`.
struct CaseFileService {
    let db: any Database
    let ctx: BadilContext

    var today: DayDate { DayDate(ctx.now) }

    /// The person, when the actor may see them; otherwise `notFound`.
    static func visiblePerson(_ personID: UUID, _ actor: Actor, on db: any Database) async throws -> PersonRecord {
        try await RecordScopes.visiblePerson(personID, actor, on: db)
    }

    /// The person's case file, created open (opened today) when there is none yet. No permission check: the caller
    /// has checked it and writes its own audit entry. Use inside the caller's transaction.
    func fileFor(personID: UUID, on db: any Database) async throws -> CaseFileRecord {
        if let f = try await CaseFileRecord.query(on: db).filter(\.$personID == personID).first() { return f }
        return try await Self.open(personID: personID, now: ctx.now, on: db)
    }

    /// A new open case file, opened on the day of `now` (version 1). The caller audits it.
    static func open(personID: UUID, now: Date, on db: any Database) async throws -> CaseFileRecord {
        let f = CaseFileRecord()
        f.id = UUID()
        f.personID = personID
        f.status = CaseStatus.open.rawValue
        f.openedOn = DayDate(now).description
        f.version = 1
        f.updatedAt = now
        try await f.create(on: db)
        return f
    }

    /// The case file, if there is one (no audit: the pages and the API audit the whole case read).
    func existing(personID: UUID, on db: any Database) async throws -> CaseFileRecord? {
        try await CaseFileRecord.query(on: db).filter(\.$personID == personID).first()
    }

    /// Records a contact with the person (a visit, a service delivered) on `day`, if it is the latest.
    func touchContact(personID: UUID, on day: DayDate, db: any Database) async throws {
        let f = try await fileFor(personID: personID, on: db)
        if let last = f.lastContactOn.flatMap(DayDate.init), last >= day { return }
        f.lastContactOn = day.description
        f.updatedAt = ctx.now
        try await f.save(on: db)
    }

    /// Assigns (or reassigns, or unassigns with both null) the case to a caseworker and/or a team. A case without a file
    /// yet is at version 0. Supervisors only; the caseworker must be an active caseworker or social worker of their organisation.
    func assign(personID: UUID, _ input: CaseAssignmentInput, expected: ExpectedVersion?, by actor: Actor) async throws -> CaseFileRecord {
        try actor.require(.caseAssign)
        guard let expected else { throw DomainError.versionRequired }
        var assignee: CaseAssignmentRules.Assignee = .none
        if let id = input.caseworkerId {
            if let u = try await UserRecord.find(id, on: db) {
                assignee = .known(role: Role(rawValue: u.role) ?? .viewer, active: u.active, sameOrganization: u.$organization.id == actor.organizationID)
            } else { assignee = .unknown }
        }
        let team = try CaseAssignmentRules.validate(assignee, team: input.team)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await Self.visiblePerson(personID, actor, on: db)
            let f: CaseFileRecord
            if let have = try await existing(personID: personID, on: db) {
                have.version = try await db.bumpVersion(table: CaseFileRecord.schema, id: have.id!, expected: expected)
                f = have
            } else {
                if case .version(let n) = expected, n != 0 { throw DomainError.staleVersion(current: 0) }
                f = try await fileFor(personID: personID, on: db)
            }
            if f.caseStatus == .closed { throw DomainError.conflict("case_closed") }
            f.caseworkerID = input.caseworkerId
            f.team = team
            f.updatedAt = now
            try await f.save(on: db)
            try await AuditLog.append(AuditEntry("case.assigned", "person", personID, fields: ["caseworker", "team"]), by: AuditActor(actor), at: now, on: db)
            return f
        }
    }

    /// Active users of the actor's organisation who may hold a case, by name.
    func assignableWorkers(by actor: Actor) async throws -> [UserRecord] {
        try await UserRecord.query(on: db).filter(\.$organization.$id == actor.organizationID).filter(\.$active == true)
            .filter(\.$role ~~ [Role.caseworker.rawValue, Role.socialWorker.rawValue]).sort(\.$displayName).all()
    }
}

/// The supervisor's caseload view.
struct CaseloadService {
    let db: any Database
    let ctx: BadilContext

    struct CaseRow: Sendable { let file: CaseFileRecord; let person: PersonRecord; let lastContact: DayDate; let overdueTasks: Int }
    struct WorkerRow: Sendable {
        let worker: UserRecord
        let openCases: Int
        let overdueTasks: Int
        let withoutContact: [CaseRow]
    }
    struct Caseload: Sendable { let noContactDays: Int; let workers: [WorkerRow]; let unassigned: [CaseRow]; let withoutContact: [CaseRow] }

    /// Per worker of the supervisor's organisation: open cases, overdue tasks, cases without contact for more than
    /// `noContactDays` days; and the open cases in scope nobody holds.
    func caseload(noContactDays days: Int, by actor: Actor) async throws -> Caseload {
        try actor.require(.caseAssign)
        let today = DayDate(ctx.now)
        let files = try await CaseFileRecord.query(on: db).filter(\.$status != CaseStatus.closed.rawValue).all()
        let people = try await RecordScopes.visiblePersons(files.map(\.personID), actor, on: db)
        let visible = files.filter { people[$0.personID] != nil }
        let overdue = try await CaseTaskService(db: db, ctx: ctx).overdueByPerson(visible.map(\.personID), today: today)
        let rows = visible.map { f in
            CaseRow(file: f, person: people[f.personID]!,
                    lastContact: CaseloadRules.lastContact(lastContactOn: f.lastContactOn.flatMap(DayDate.init), openedOn: DayDate(f.openedOn) ?? today),
                    overdueTasks: overdue[f.personID] ?? 0)
        }.sorted { ($0.lastContact, $0.person.caseNumber) < ($1.lastContact, $1.person.caseNumber) }
        let silent = rows.filter { CaseloadRules.withoutContact(lastContact: $0.lastContact, today: today, days: days) }
        let workers = try await CaseFileService(db: db, ctx: ctx).assignableWorkers(by: actor).map { w in
            let mine = rows.filter { $0.file.caseworkerID == w.id }
            return WorkerRow(worker: w, openCases: mine.count, overdueTasks: mine.reduce(0) { $0 + $1.overdueTasks },
                             withoutContact: silent.filter { $0.file.caseworkerID == w.id })
        }
        return Caseload(noContactDays: days, workers: workers, unassigned: rows.filter { $0.file.caseworkerID == nil }, withoutContact: silent)
    }
}
