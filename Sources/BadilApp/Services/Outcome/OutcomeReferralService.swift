import Fluent
import Foundation
import BadilCore

struct OutcomeReferralInput: StrictInput {
    var kind: String?
    var otherText: String?
    var organization: String?
    var referredOn: String?
    var note: String?
    static let allowedFields: Set<String> = ["kind", "otherText", "organization", "referredOn", "note"]
    static let nullableFields: Set<String> = ["otherText", "organization", "referredOn", "note"]
}

struct OutcomeReferralChangeInput: StrictInput {
    var status: String?
    var on: String?
    var note: String?
    static let allowedFields: Set<String> = ["status", "on", "note"]
    static let nullableFields: Set<String> = ["on", "note"]
}

/// Referrals towards an outcome other than return: UNHCR registration, evacuation or resettlement, family
/// reunification, regularisation, other. Each moves referred → accepted or declined → completed.
struct OutcomeReferralService {
    let db: any Database
    let ctx: BadilContext

    func list(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [OutcomeReferralRecord] {
        try OutcomeCaseFile.requireRead(actor)
        _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(ctx.now))
        let rows = try await OutcomeReferralRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$referredOn, .descending).sort(\.$createdAt, .descending).all()
        if audit { try await OutcomeCaseFile.auditRead("outcome_referral.list_read", personID, by: actor, now: ctx.now, on: db) }
        return rows
    }

    func create(personID: UUID, _ input: OutcomeReferralInput, by actor: Actor) async throws -> OutcomeReferralRecord {
        try actor.require(.caseManage)
        let now = ctx.now
        let c = try OutcomeRules.referral(OutcomeReferralFacts(kind: input.kind, otherText: input.otherText, organization: input.organization,
                                                                referredOn: input.referredOn, note: input.note), today: DayDate(now))
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            try await OutcomeCaseFile.requireNotClosed(personID, on: db)
            _ = try await OutcomeCaseFile.getOrCreate(personID, by: actor, now: now, on: db)
            let r = OutcomeReferralRecord()
            r.id = UUID()
            r.personID = personID
            r.kind = c.kind.rawValue
            r.otherText = c.otherText
            r.organization = c.organization
            r.status = OutcomeReferralStatus.referred.rawValue
            r.referredOn = c.referredOn.description
            r.statusOn = c.referredOn.description
            r.note = c.note
            r.createdByID = actor.userID
            r.createdBy = actor.username
            r.createdAt = now
            r.updatedBy = actor.username
            r.updatedAt = now
            r.version = 1
            try await r.create(on: db)
            var fields = ["kind", "status", "referredOn"]
            if c.otherText != nil { fields.append("otherText") }
            if c.organization != nil { fields.append("organization") }
            if c.note != nil { fields.append("note") }
            try await AuditLog.append(AuditEntry("outcome_referral.created", "person", personID, fields: fields), by: AuditActor(actor), at: now, on: db)
            return r
        }
    }

    func change(_ id: UUID, _ input: OutcomeReferralChangeInput, expected: ExpectedVersion?, by actor: Actor) async throws -> OutcomeReferralRecord {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let r = try await OutcomeReferralRecord.find(id, on: db) else { throw DomainError.notFound }
            _ = try await OutcomeCaseFile.person(r.personID, actor, on: db, today: DayDate(now))
            let c = try OutcomeRules.change(from: r.referralStatus, to: input.status, on: input.on, note: input.note,
                                            referredOn: DayDate(r.referredOn) ?? DayDate(now), today: DayDate(now))
            r.version = try await db.bumpVersion(table: OutcomeReferralRecord.schema, id: id, expected: expected)
            r.status = c.status.rawValue
            r.statusOn = c.on.description
            if let note = c.note { r.note = note }
            r.updatedBy = actor.username
            r.updatedAt = now
            try await r.save(on: db)
            try await AuditLog.append(AuditEntry("outcome_referral.status_changed", "person", r.personID,
                                                 fields: ["status", "on"] + (c.note == nil ? [] : ["note"])), by: AuditActor(actor), at: now, on: db)
            return r
        }
    }

    /// A referral of a person the actor may see (for the web forms that name the referral).
    func get(_ id: UUID, by actor: Actor) async throws -> OutcomeReferralRecord {
        try OutcomeCaseFile.requireRead(actor)
        guard let r = try await OutcomeReferralRecord.find(id, on: db) else { throw DomainError.notFound }
        _ = try await OutcomeCaseFile.person(r.personID, actor, on: db, today: DayDate(ctx.now))
        return r
    }
}
