import Fluent
import Foundation
import BadilCore

struct CaseServiceInput: StrictInput {
    var mode: String?
    var serviceType: String?
    var on: String?
    var providerOrganizationId: UUID?
    var planItemId: UUID?
    var notes: String?
    static let allowedFields: Set<String> = ["mode", "serviceType", "on", "providerOrganizationId", "planItemId", "notes"]
    static let nullableFields: Set<String> = ["mode", "providerOrganizationId", "planItemId", "notes"]
}

struct CaseVisitInput: StrictInput {
    var kind: String?
    var visitedOn: String?
    var findings: String?
    var wellbeingConcern: Bool?
    var nextVisitOn: String?
    static let allowedFields: Set<String> = ["kind", "visitedOn", "findings", "wellbeingConcern", "nextVisitOn"]
    static let nullableFields: Set<String> = ["wellbeingConcern", "nextVisitOn"]
}

/// Contact with the person: services delivered and referrals to service providers, and follow-up visits.
/// A service delivered or a visit is the case's latest contact; a next visit date becomes a visit task.
struct CaseContactService {
    let db: any Database
    let ctx: BadilContext

    var today: DayDate { DayDate(ctx.now) }

    func services(personID: UUID, on db: any Database) async throws -> [CaseServiceRecord] {
        try await CaseServiceRecord.query(on: db).filter(\.$personID == personID).sort(\.$on, .descending).sort(\.$recordedAt, .descending).all()
    }

    func visits(personID: UUID, on db: any Database) async throws -> [CaseVisitRecord] {
        try await CaseVisitRecord.query(on: db).filter(\.$personID == personID).sort(\.$visitedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    /// Records a service delivered or a referral. A referral to a provider needs the person's active consent
    /// (purpose referral or data sharing) naming that organisation on the day: otherwise `consent_required` and nothing is saved.
    func recordService(personID: UUID, _ input: CaseServiceInput, by actor: Actor) async throws -> CaseServiceRecord {
        try actor.require(.caseManage)
        var provider: CaseOrganization = .none
        if let id = input.providerOrganizationId {
            provider = try await OrganizationRecord.find(id, on: db).map { .known(active: $0.active) } ?? .unknown
        }
        let checked = try CasePlanRules.validateService(CaseServiceFacts(mode: input.mode, serviceType: input.serviceType, on: input.on,
                                                                         provider: provider, notes: input.notes), today: today)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            if let item = input.planItemId, try await CasePlanItemRecord.query(on: db).filter(\.$id == item).filter(\.$personID == personID).count() == 0 {
                throw DomainError.invalid([FieldIssue("planItemId", "not_found_ref")])
            }
            if checked.mode == .referral, let org = input.providerOrganizationId {
                try await Self.requireConsent(personID: personID, organization: org, on: checked.on, db: db)
            }
            let files = CaseFileService(db: db, ctx: ctx)
            _ = try await files.openFileFor(personID: personID, on: db)
            let s = CaseServiceRecord()
            s.id = UUID()
            s.personID = personID
            s.mode = checked.mode.rawValue
            s.serviceType = checked.serviceType.rawValue
            s.on = checked.on.description
            s.providerOrganizationID = input.providerOrganizationId
            s.planItemID = input.planItemId
            s.notes = checked.notes
            s.recordedByID = actor.userID
            s.recordedBy = actor.username
            s.recordedAt = now
            try await s.create(on: db)
            if checked.mode == .delivered { try await files.touchContact(personID: personID, on: checked.on, db: db) }
            try await AuditLog.append(AuditEntry(checked.mode == .referral ? "case_service.referred" : "case_service.delivered", "person", personID,
                                                 fields: ["serviceType", "on", "provider", "notes"]), by: AuditActor(actor), at: now, on: db)
            return s
        }
    }

    /// An active consent to referral or data sharing naming `organization`, on `day`.
    static func requireConsent(personID: UUID, organization: UUID, on day: DayDate, db: any Database) async throws {
        let records = try await ConsentEntry.query(on: db).filter(\.$personID == personID).all().compactMap(\.record)
        let recipient = organization.uuidString
        let ok = [ConsentPurpose.referral, .dataSharing].contains { ConsentRules.isActive(records, purpose: $0, recipient: recipient, on: day) }
        if !ok { throw DomainError.invalid([FieldIssue("providerOrganizationId", "service_consent_required")]) }
    }

    func recordVisit(personID: UUID, _ input: CaseVisitInput, by actor: Actor) async throws -> CaseVisitRecord {
        try actor.require(.caseManage)
        let checked = try CasePlanRules.validateVisit(CaseVisitFacts(kind: input.kind, visitedOn: input.visitedOn, findings: input.findings,
                                                                     nextVisitOn: input.nextVisitOn), today: today)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            let files = CaseFileService(db: db, ctx: ctx)
            _ = try await files.openFileFor(personID: personID, on: db)
            let v = CaseVisitRecord()
            v.id = UUID()
            v.personID = personID
            v.kind = checked.kind.rawValue
            v.visitedOn = checked.visitedOn.description
            v.findings = checked.findings
            v.wellbeingConcern = input.wellbeingConcern ?? false
            v.nextVisitOn = checked.nextVisitOn?.description
            v.recordedByID = actor.userID
            v.recordedBy = actor.username
            v.recordedAt = now
            try await v.create(on: db)
            try await files.touchContact(personID: personID, on: checked.visitedOn, db: db)
            let tasks = CaseTaskService(db: db, ctx: ctx)
            try await tasks.completeOpen(kind: .visit, personID: personID, by: actor, on: db)
            if let next = checked.nextVisitOn {
                try await tasks.sync(source: v.id!, personID: personID, kind: .visit, title: ctx.localizer.t("case.task.next_visit", .en),
                                     dueOn: next, mandatory: false, by: actor, on: db)
            }
            try await AuditLog.append(AuditEntry("case_visit.recorded", "person", personID, fields: ["kind", "visitedOn", "findings", "wellbeingConcern", "nextVisitOn"]),
                                      by: AuditActor(actor), at: now, on: db)
            return v
        }
    }
}
