import Fluent
import Foundation
import BadilCore

struct CareInput: StrictInput {
    var careType: String?
    var caregiver: String?
    var startedOn: String?
    var notes: String?
    static let allowedFields: Set<String> = ["careType", "caregiver", "startedOn", "notes"]
    static let nullableFields: Set<String> = ["notes"]
}

struct GuardianInput: StrictInput {
    var name: String?
    var role: String?
    var organisation: String?
    var appointedOn: String?
    static let allowedFields: Set<String> = ["name", "role", "organisation", "appointedOn"]
    static let nullableFields: Set<String> = ["organisation"]
}

struct GuardianEndInput: StrictInput {
    var endedOn: String?
    static let allowedFields: Set<String> = ["endedOn"]
}

/// A child's care over time: starting an arrangement ends the one in force that day, and puts a mandatory
/// "best-interests assessment after a change of care" on the case, due in 3 days.
struct CareArrangementService {
    let db: any Database
    let ctx: BadilContext

    func list(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [ChildCareRecord] {
        try await ChildAccess.read("child_care.list_read", personID, actor, audit: audit, at: ctx.now, on: db)
        return try await ChildCareRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$startedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    func record(personID: UUID, _ input: CareInput, by actor: Actor) async throws -> ChildCareRecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        let localizer = ctx.localizer
        return try await db.writeTransaction { db in
            _ = try await ChildAccess.child(personID, actor, today: today, on: db)
            let current = try await ChildCareRecord.query(on: db).filter(\.$personID == personID).filter(\.$endedOn == nil).first()
            let c = try CareArrangementRules.validate(CareFacts(careType: input.careType, caregiver: input.caregiver, startedOn: input.startedOn,
                                                                notes: input.notes, currentStartedOn: current.flatMap { DayDate($0.startedOn) }), today: today)
            var fields = ["careType", "caregiver", "startedOn"]
            if c.notes != nil { fields.append("notes") }
            if let current {
                current.endedOn = c.startedOn.description
                try await current.save(on: db)
                fields.append("previousEnded")
            }
            let r = ChildCareRecord()
            r.id = UUID()
            r.personID = personID
            r.careType = c.careType.rawValue
            r.caregiver = c.caregiver
            r.startedOn = c.startedOn.description
            r.notes = c.notes
            r.recordedByID = actor.userID
            r.recordedBy = actor.username
            r.recordedAt = now
            try await r.create(on: db)
            try await ChildAccess.audit("child_care.started", personID, fields: fields, actor, at: now, on: db)
            try await ChildAccess.addTask(personID: personID, kind: CaseTaskKind.bia.rawValue, titleKey: "child.task.bia_after_care_change",
                                          due: today.addingDays(BestInterestsRules.biaAfterCareChangeDays), mandatory: true, sourceID: r.id,
                                          actor, at: now, on: db, localizer: localizer)
            return r
        }
    }
}

/// The guardian or caregiver appointed for a child: appointing one ends the appointment in force that day.
struct GuardianService {
    let db: any Database
    let ctx: BadilContext

    func list(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [ChildGuardianRecord] {
        try await ChildAccess.read("child_guardian.list_read", personID, actor, audit: audit, at: ctx.now, on: db)
        return try await ChildGuardianRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$appointedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    func appoint(personID: UUID, _ input: GuardianInput, by actor: Actor) async throws -> ChildGuardianRecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            _ = try await ChildAccess.child(personID, actor, today: today, on: db)
            let current = try await ChildGuardianRecord.query(on: db).filter(\.$personID == personID).filter(\.$endedOn == nil).first()
            let c = try CareArrangementRules.validate(GuardianFacts(name: input.name, role: input.role, organisation: input.organisation,
                                                                    appointedOn: input.appointedOn,
                                                                    currentAppointedOn: current.flatMap { DayDate($0.appointedOn) }), today: today)
            var fields = ["name", "role", "appointedOn"]
            if c.organisation != nil { fields.append("organisation") }
            if let current {
                current.endedOn = c.appointedOn.description
                current.version += 1
                try await current.save(on: db)
                fields.append("previousEnded")
            }
            let g = ChildGuardianRecord()
            g.id = UUID()
            g.personID = personID
            g.name = c.name
            g.role = c.role.rawValue
            g.organisation = c.organisation
            g.appointedOn = c.appointedOn.description
            g.recordedByID = actor.userID
            g.recordedBy = actor.username
            g.recordedAt = now
            g.version = 1
            try await g.create(on: db)
            try await ChildAccess.audit("child_guardian.appointed", personID, fields: fields, actor, at: now, on: db)
            return g
        }
    }

    func end(_ id: UUID, _ input: GuardianEndInput, expected: ExpectedVersion?, by actor: Actor) async throws -> ChildGuardianRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            guard let g = try await ChildGuardianRecord.find(id, on: db) else { throw DomainError.notFound }
            _ = try await ChildAccess.person(g.personID, actor, on: db)
            if g.endedOn != nil { throw DomainError.conflict("guardian_already_ended") }
            let day = try CareArrangementRules.validateEnd(input.endedOn, appointedOn: DayDate(g.appointedOn) ?? today, today: today)
            g.version = try await db.bumpVersion(table: ChildGuardianRecord.schema, id: id, expected: expected)
            g.endedOn = day.description
            try await g.update(on: db)
            try await ChildAccess.audit("child_guardian.ended", g.personID, fields: ["endedOn"], actor, at: now, on: db)
            return g
        }
    }
}
