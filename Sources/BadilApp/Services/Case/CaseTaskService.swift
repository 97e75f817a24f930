import Fluent
import Foundation
import BadilCore

struct CaseTaskInput: StrictInput {
    var title: String?
    var dueOn: String?
    var kind: String?
    var assignedToId: UUID?
    var mandatory: Bool?
    static let allowedFields: Set<String> = ["title", "dueOn", "kind", "assignedToId", "mandatory"]
    static let nullableFields: Set<String> = ["kind", "assignedToId", "mandatory"]
}

/// Tasks on a case: manual ones, the steps of the plan and next visits (stored), and reminders derived from the
/// follow-up of decisions (reviews and check-ins, not stored). Tasks of a closed case are not listed.
struct CaseTaskService {
    let db: any Database
    let ctx: BadilContext

    var today: DayDate { DayDate(ctx.now) }

    /// One line of a task list: a stored task, or a reminder derived from a decision's follow-up.
    struct Item: Sendable {
        let task: CaseTaskRecord?
        let person: PersonRecord
        let kind: String
        let title: String
        /// A translation key for derived reminders (then `title` is empty).
        let titleKey: String?
        let dueOn: DayDate
        let overdue: Bool
        let href: String
    }

    func create(personID: UUID, _ input: CaseTaskInput, by actor: Actor) async throws -> CaseTaskRecord {
        try actor.require(.caseManage)
        let checked = try CaseTaskRules.validate(title: input.title, dueOn: input.dueOn, kind: input.kind, today: today)
        if let id = input.assignedToId {
            let u = try await UserRecord.find(id, on: db)
            guard let u, u.active, u.$organization.id == actor.organizationID else { throw DomainError.invalid([FieldIssue("assignedToId", "not_found_ref")]) }
            guard AccessPolicy.allows(Role(rawValue: u.role) ?? .viewer, .caseManage) else { throw DomainError.invalid([FieldIssue("assignedToId", "not_a_caseworker")]) }
        }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            _ = try await CaseFileService(db: db, ctx: ctx).openFileFor(personID: personID, on: db)
            let t = Self.newTask(personID: personID, kind: checked.kind.rawValue, title: checked.title, dueOn: checked.dueOn,
                                 mandatory: input.mandatory ?? false, by: actor.userID, at: now)
            t.assignedToID = input.assignedToId
            try await t.create(on: db)
            try await AuditLog.append(AuditEntry("case_task.created", "person", personID, fields: ["title", "dueOn", "kind", "assignedTo", "mandatory"]),
                                      by: AuditActor(actor), at: now, on: db)
            return t
        }
    }

    /// Completes or cancels an open task (If-Match on the task's version).
    func close(taskID: UUID, as status: CaseTaskStatus, expected: ExpectedVersion?, by actor: Actor) async throws -> CaseTaskRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        let today = self.today
        return try await db.writeTransaction { db in
            guard let t = try await CaseTaskRecord.find(taskID, on: db) else { throw DomainError.notFound }
            _ = try await CaseFileService.visiblePerson(t.personID, actor, on: db)
            let to = try CaseTaskRules.close(from: t.taskStatus, to: status)
            t.version = try await db.bumpVersion(table: CaseTaskRecord.schema, id: taskID, expected: expected)
            t.status = to.rawValue
            t.closedOn = today.description
            t.closedBy = actor.username
            try await t.save(on: db)
            try await AuditLog.append(AuditEntry(to == .done ? "case_task.completed" : "case_task.cancelled", "person", t.personID, fields: ["status"]),
                                      by: AuditActor(actor), at: now, on: db)
            return t
        }
    }

    /// A person's tasks: open ones first by due date, then the closed ones, latest first.
    func list(personID: UUID, by actor: Actor) async throws -> [CaseTaskRecord] {
        try actor.requireCaseRead()
        _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
        let all = try await CaseTaskRecord.query(on: db).filter(\.$personID == personID).sort(\.$dueOn).sort(\.$createdAt).all()
        return all.filter { $0.taskStatus == .open } + all.filter { $0.taskStatus != .open }.reversed()
    }

    /// "My tasks": open tasks assigned to me, or unassigned on cases assigned to me, and the reviews (due within a week)
    /// and missed check-ins of decisions on my cases; overdue first, then by due date. Closed cases are left out.
    func mine(overdueOnly: Bool, by actor: Actor) async throws -> [Item] {
        try actor.require(.caseManage)
        let today = self.today
        let myFiles = try await CaseFileRecord.query(on: db).filter(\.$caseworkerID == actor.userID).filter(\.$status != CaseStatus.closed.rawValue).all()
        let myCases = Set(myFiles.map(\.personID))
        let closed = Set(try await CaseFileRecord.query(on: db).filter(\.$status == CaseStatus.closed.rawValue).all(\.$personID))
        var tasks = try await CaseTaskRecord.query(on: db).filter(\.$status == CaseTaskStatus.open.rawValue).filter(\.$assignedToID == actor.userID).all()
        if !myCases.isEmpty {
            tasks += try await CaseTaskRecord.query(on: db).filter(\.$status == CaseTaskStatus.open.rawValue).filter(\.$assignedToID == nil)
                .filter(\.$personID ~~ Array(myCases)).all()
        }
        tasks = tasks.filter { !closed.contains($0.personID) }
        let people = try await RecordScopes.visiblePersons(tasks.map(\.personID) + Array(myCases), actor, on: db)
        var items = tasks.compactMap { t -> Item? in
            guard let p = people[t.personID], let due = DayDate(t.dueOn) else { return nil }
            return Item(task: t, person: p, kind: t.kind, title: t.title, titleKey: nil, dueOn: due,
                        overdue: CaseTaskRules.isOverdue(dueOn: due, status: .open, today: today), href: "/persons/\(p.id!.uuidString)/case#tasks-h")
        }
        items += try await derived(myCases, by: actor)
        if overdueOnly { items = items.filter(\.overdue) }
        return items.sorted { ($0.overdue ? 0 : 1, $0.dueOn, $0.person.caseNumber) < ($1.overdue ? 0 : 1, $1.dueOn, $1.person.caseNumber) }
    }

    /// Reminders from the follow-up of decisions on `cases`: reviews due within a week, missed check-ins.
    private func derived(_ cases: Set<UUID>, by actor: Actor) async throws -> [Item] {
        guard !cases.isEmpty else { return [] }
        let followUp = FollowUpService(db: db, ctx: ctx)
        var items: [Item] = []
        for r in try await followUp.reviews(dueWithin: 7, by: actor) where cases.contains(r.person.id!) {
            items.append(Item(task: nil, person: r.person, kind: CaseTaskKind.review.rawValue, title: "", titleKey: "case.task.review_due",
                              dueOn: r.reviewDate, overdue: ReviewRules.isOverdue(reviewDate: r.reviewDate, today: today),
                              href: "/decisions/\(r.decision.id!.uuidString)"))
        }
        for m in try await followUp.missedCheckIns(by: actor) where cases.contains(m.person.id!) {
            let due = m.schedule.last { $0.status == .missed }?.due ?? today
            items.append(Item(task: nil, person: m.person, kind: CaseTaskKind.followUp.rawValue, title: "", titleKey: "case.task.check_in_missed",
                              dueOn: due, overdue: true, href: "/decisions/\(m.decision.id!.uuidString)"))
        }
        return items
    }

    /// Open overdue tasks per person, among `personIDs`.
    func overdueByPerson(_ personIDs: [UUID], today: DayDate) async throws -> [UUID: Int] {
        var out: [UUID: Int] = [:]
        for chunk in PersonWrites.chunks(personIDs, size: 500) {
            for t in try await CaseTaskRecord.query(on: db).filter(\.$personID ~~ Array(chunk)).filter(\.$status == CaseTaskStatus.open.rawValue)
                .filter(\.$dueOn < today.description).all() {
                out[t.personID, default: 0] += 1
            }
        }
        return out
    }

    /// Creates or moves the open task that follows a record (a plan item, a visit); closes it when `dueOn` is nil.
    func sync(source: UUID, personID: UUID, kind: CaseTaskKind, title: String, dueOn: DayDate?, mandatory: Bool, by actor: Actor,
              on db: any Database) async throws {
        let existing = try await CaseTaskRecord.query(on: db).filter(\.$sourceID == source).filter(\.$status == CaseTaskStatus.open.rawValue).first()
        guard let dueOn else {
            if let existing { try await finish(existing, as: .cancelled, by: actor, on: db) }
            return
        }
        let t = existing ?? Self.newTask(personID: personID, kind: kind.rawValue, title: title, dueOn: dueOn, mandatory: mandatory, by: actor.userID, at: ctx.now)
        t.sourceID = source
        t.dueOn = dueOn.description
        t.title = title
        t.mandatory = mandatory
        if existing == nil { try await t.create(on: db) } else {
            t.version += 1
            try await t.save(on: db)
        }
    }

    /// Closes the open tasks that follow `source` (a plan item done or cancelled).
    func closeFollowing(source: UUID, as status: CaseTaskStatus, by actor: Actor, on db: any Database) async throws {
        for t in try await CaseTaskRecord.query(on: db).filter(\.$sourceID == source).filter(\.$status == CaseTaskStatus.open.rawValue).all() {
            try await finish(t, as: status, by: actor, on: db)
        }
    }

    /// Completes the open tasks of `kind` on a person's case (a visit done fulfils the visit that was due); returns them.
    @discardableResult
    func completeOpen(kind: CaseTaskKind, personID: UUID, by actor: Actor, on db: any Database) async throws -> [CaseTaskRecord] {
        let open = try await CaseTaskRecord.query(on: db).filter(\.$personID == personID).filter(\.$kind == kind.rawValue)
            .filter(\.$status == CaseTaskStatus.open.rawValue).all()
        for t in open { try await finish(t, as: .done, by: actor, on: db) }
        return open
    }

    private func finish(_ t: CaseTaskRecord, as status: CaseTaskStatus, by actor: Actor, on db: any Database) async throws {
        t.status = status.rawValue
        t.closedOn = today.description
        t.closedBy = actor.username
        t.version += 1
        try await t.save(on: db)
    }

    static func newTask(personID: UUID, kind: String, title: String, dueOn: DayDate, mandatory: Bool, by userID: UUID, at now: Date) -> CaseTaskRecord {
        let t = CaseTaskRecord()
        t.id = UUID()
        t.personID = personID
        t.kind = kind
        t.title = title
        t.dueOn = dueOn.description
        t.mandatory = mandatory
        t.status = CaseTaskStatus.open.rawValue
        t.createdByID = userID
        t.createdAt = now
        t.version = 1
        return t
    }
}

extension CaseFileService {
    /// Case writes need an open case: a closed case is reopened by the outcomes part first (`case_closed`, a conflict).
    func openFileFor(personID: UUID, on db: any Database) async throws -> CaseFileRecord {
        let f = try await fileFor(personID: personID, on: db)
        if f.caseStatus == .closed { throw DomainError.conflict("case_closed") }
        return f
    }
}
