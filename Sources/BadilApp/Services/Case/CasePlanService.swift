import Fluent
import Foundation
import BadilCore

struct CaseGoalInput: StrictInput {
    var text: String?
    var status: String?
    static let allowedFields: Set<String> = ["text", "status"]
    static let nullableFields: Set<String> = ["status"]
}

struct CaseStatusInput: StrictInput {
    var status: String?
    static let allowedFields: Set<String> = ["status"]
    static let nullableFields: Set<String> = []
}

struct CasePlanItemInput: StrictInput {
    var goalId: UUID?
    var serviceType: String?
    var description: String?
    var responsibleOrganizationId: UUID?
    var responsibleName: String?
    var dueOn: String?
    var mandatory: Bool?
    static let allowedFields: Set<String> = ["goalId", "serviceType", "description", "responsibleOrganizationId", "responsibleName", "dueOn", "mandatory"]
    static let nullableFields: Set<String> = ["goalId", "responsibleOrganizationId", "responsibleName", "dueOn", "mandatory"]
}

/// The case plan: goals, and items (a service, who is responsible, by when). An item with a due date has a
/// plan-step task that follows it; done or cancelled, the task closes with it.
struct CasePlanService {
    let db: any Database
    let ctx: BadilContext

    struct Plan: Sendable { let goals: [CaseGoalRecord]; let items: [CasePlanItemRecord]; let organizations: [UUID: OrganizationRecord] }

    func plan(personID: UUID, on db: any Database) async throws -> Plan {
        let goals = try await CaseGoalRecord.query(on: db).filter(\.$personID == personID).sort(\.$createdAt).all()
        let items = try await CasePlanItemRecord.query(on: db).filter(\.$personID == personID).sort(\.$createdAt).all()
        return Plan(goals: goals, items: items, organizations: try await Self.organizations(items.compactMap(\.responsibleOrganizationID), on: db))
    }

    func addGoal(personID: UUID, _ input: CaseGoalInput, by actor: Actor) async throws -> CaseGoalRecord {
        try actor.require(.caseManage)
        let checked = try CasePlanRules.validateGoal(text: input.text, status: input.status)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            _ = try await CaseFileService(db: db, ctx: ctx).openFileFor(personID: personID, on: db)
            let g = CaseGoalRecord()
            g.id = UUID()
            g.personID = personID
            g.text = checked.text
            g.status = checked.status.rawValue
            g.createdByID = actor.userID
            g.createdBy = actor.username
            g.createdAt = now
            g.version = 1
            try await g.create(on: db)
            try await AuditLog.append(AuditEntry("case_goal.created", "person", personID, fields: ["text", "status"]), by: AuditActor(actor), at: now, on: db)
            return g
        }
    }

    func changeGoal(personID: UUID, goalID: UUID, _ input: CaseStatusInput, expected: ExpectedVersion?, by actor: Actor) async throws -> CaseGoalRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            guard let g = try await CaseGoalRecord.find(goalID, on: db), g.personID == personID else { throw DomainError.notFound }
            let to = try CasePlanRules.goalTransition(from: g.goalStatus, to: input.status)
            g.version = try await db.bumpVersion(table: CaseGoalRecord.schema, id: goalID, expected: expected)
            g.status = to.rawValue
            try await g.save(on: db)
            try await AuditLog.append(AuditEntry("case_goal.changed", "person", personID, fields: ["status"]), by: AuditActor(actor), at: now, on: db)
            return g
        }
    }

    func addItem(personID: UUID, _ input: CasePlanItemInput, by actor: Actor) async throws -> CasePlanItemRecord {
        try actor.require(.caseManage)
        var org: CaseOrganization = .none
        if let id = input.responsibleOrganizationId {
            org = try await OrganizationRecord.find(id, on: db).map { .known(active: $0.active) } ?? .unknown
        }
        let checked = try CasePlanRules.validateItem(CasePlanItemFacts(serviceType: input.serviceType, description: input.description,
                                                                        responsibleOrganization: org, responsibleName: input.responsibleName,
                                                                        dueOn: input.dueOn), today: DayDate(ctx.now))
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            if let goal = input.goalId, try await CaseGoalRecord.query(on: db).filter(\.$id == goal).filter(\.$personID == personID).count() == 0 {
                throw DomainError.invalid([FieldIssue("goalId", "not_found_ref")])
            }
            _ = try await CaseFileService(db: db, ctx: ctx).openFileFor(personID: personID, on: db)
            let i = CasePlanItemRecord()
            i.id = UUID()
            i.personID = personID
            i.goalID = input.goalId
            i.serviceType = checked.serviceType.rawValue
            i.description = checked.description
            i.responsibleOrganizationID = input.responsibleOrganizationId
            i.responsibleName = checked.responsibleName
            i.dueOn = checked.dueOn?.description
            i.mandatory = input.mandatory ?? false
            i.status = CasePlanItemStatus.planned.rawValue
            i.createdByID = actor.userID
            i.createdBy = actor.username
            i.createdAt = now
            i.version = 1
            try await i.create(on: db)
            try await CaseTaskService(db: db, ctx: ctx).sync(source: i.id!, personID: personID, kind: .planStep, title: Self.taskTitle(i),
                                                             dueOn: checked.dueOn, mandatory: i.mandatory, by: actor, on: db)
            try await AuditLog.append(AuditEntry("case_plan_item.created", "person", personID,
                                                 fields: ["serviceType", "description", "responsible", "dueOn", "mandatory"]),
                                      by: AuditActor(actor), at: now, on: db)
            return i
        }
    }

    /// Moves a plan item on; done or cancelled closes its task the same way.
    func changeItem(personID: UUID, itemID: UUID, _ input: CaseStatusInput, expected: ExpectedVersion?, by actor: Actor) async throws -> CasePlanItemRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            guard let i = try await CasePlanItemRecord.find(itemID, on: db), i.personID == personID else { throw DomainError.notFound }
            let to = try CasePlanRules.transition(from: i.itemStatus, to: input.status)
            i.version = try await db.bumpVersion(table: CasePlanItemRecord.schema, id: itemID, expected: expected)
            i.status = to.rawValue
            try await i.save(on: db)
            if to.isFinal {
                try await CaseTaskService(db: db, ctx: ctx).closeFollowing(source: itemID, as: to == .done ? .done : .cancelled, by: actor, on: db)
            }
            try await AuditLog.append(AuditEntry("case_plan_item.changed", "person", personID, fields: ["status"]), by: AuditActor(actor), at: now, on: db)
            return i
        }
    }

    /// The title of a plan step's task: the item's description (a task title is at most 200 characters).
    static func taskTitle(_ i: CasePlanItemRecord) -> String { String(i.description.prefix(CaseTaskRules.maxTitleLength)) }

    static func organizations(_ ids: [UUID], on db: any Database) async throws -> [UUID: OrganizationRecord] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await OrganizationRecord.query(on: db).filter(\.$id ~~ unique).all().map { ($0.id!, $0) })
    }
}
