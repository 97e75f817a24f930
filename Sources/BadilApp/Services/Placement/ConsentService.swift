import Fluent
import Foundation
import BadilCore

struct ConsentInput: StrictInput {
    var purpose: String?
    var recipientOrganizationId: UUID?
    var givenOn: String?
    var givenBy: String?
    static let allowedFields: Set<String> = ["purpose", "recipientOrganizationId", "givenOn", "givenBy"]
    static let nullableFields: Set<String> = ["recipientOrganizationId"]
}

/// Consent given by a person (or a child's parent or guardian) for a purpose and a recipient; withdrawn, never deleted.
struct ConsentService {
    let db: any Database
    let ctx: BadilContext

    func list(personID: UUID, by actor: Actor) async throws -> [ConsentEntry] {
        try actor.require(.personRead)
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() == 1 else { throw DomainError.notFound }
        return try await ConsentEntry.query(on: db).filter(\.$personID == personID).sort(\.$recordedAt, .descending).all()
    }

    func record(personID: UUID, _ input: ConsentInput, by actor: Actor) async throws -> ConsentEntry {
        try actor.require(.caseManage)
        let now = ctx.now
        let today = DayDate(now)
        var v = FieldChecker()
        let purpose = v.choice("purpose", input.purpose, required: true, as: ConsentPurpose.self)
        let giver = v.choice("givenBy", input.givenBy ?? ConsentGiver.person.rawValue, required: true, as: ConsentGiver.self)
        var given = today
        if let raw = input.givenOn, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            if let d = DayDate(raw.trimmingCharacters(in: .whitespaces)) { given = d } else { v.add("givenOn", "invalid_date") }
        }
        try v.finish()
        let givenOn = given
        if let org = input.recipientOrganizationId, try await OrganizationRecord.find(org, on: db) == nil {
            throw DomainError.invalid([FieldIssue("recipientOrganizationId", "not_found_ref")])
        }
        return try await db.writeTransaction { db in
            guard let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
            let record = ConsentRecord(purpose: purpose!, recipientOrganizationID: input.recipientOrganizationId?.uuidString, givenOn: givenOn, givenBy: giver!)
            do {
                try ConsentRules.validate(record, isChild: person.isChild(on: today), today: today)
            } catch DomainError.invalid(let issues) {
                throw DomainError.invalid(issues.map { $0.field == "recipientOrganizationID" ? FieldIssue("recipientOrganizationId", $0.code, $0.params) : $0 })
            }
            let c = ConsentEntry()
            c.id = UUID()
            c.personID = personID
            c.purpose = purpose!.rawValue
            c.recipientOrganizationID = input.recipientOrganizationId
            c.givenOn = givenOn.description
            c.givenBy = giver!.rawValue
            c.recordedByID = actor.userID
            c.recordedBy = actor.username
            c.recordedAt = now
            c.version = 1
            try await c.create(on: db)
            try await AuditLog.append(AuditEntry("consent.recorded", "person", personID, fields: ["purpose", "recipient", "givenBy"]),
                                      by: AuditActor(actor), at: now, on: db)
            return c
        }
    }

    func withdraw(_ id: UUID, by actor: Actor) async throws -> ConsentEntry {
        try actor.require(.caseManage)
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let c = try await ConsentEntry.find(id, on: db),
                  try await RecordScopes.persons(actor, on: db).filter(\.$id == c.personID).count() == 1 else { throw DomainError.notFound }
            if c.withdrawnOn != nil { throw DomainError.conflict("consent_already_withdrawn") }
            c.withdrawnOn = DayDate(now).description
            c.version += 1
            try await c.save(on: db)
            try await AuditLog.append(AuditEntry("consent.withdrawn", "person", c.personID, fields: ["purpose"]), by: AuditActor(actor), at: now, on: db)
            return c
        }
    }
}
