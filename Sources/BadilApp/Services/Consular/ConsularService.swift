import Fluent
import Foundation
import BadilCore

struct VerificationInput: StrictInput {
    var outcome: String?
    var verifiedOn: String?
    var note: String?
    static let allowedFields: Set<String> = ["outcome", "verifiedOn", "note"]
}

struct TravelDocumentInput: StrictInput {
    var type: String?
    var number: String?
    var issuedOn: String?
    var validUntil: String?
    static let allowedFields: Set<String> = ["type", "number", "issuedOn", "validUntil"]
}

/// The embassy's part (DOMAIN.md §3 step 7, SECURITY.md item 7): its nationals who consented to consular
/// contact and carry no protection flag, identity and documents only; every view and action audited. A
/// verification or a travel document advances the embassy's step of an active return pathway in the same
/// transaction; the embassy sees only the status of those two steps.
struct ConsularService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let person: PersonRecord
        let verifications: [NationalityVerificationRecord]
        let documents: [TravelDocumentRecord]
        /// The embassy's own steps of an active return pathway (status and day only); empty without one.
        let returnSteps: [ReturnStepRecord]
    }

    private func scope(_ actor: Actor, on db: any Database) -> QueryBuilder<PersonRecord> {
        RecordScopes.persons(actor, on: db, today: DayDate(ctx.now))
    }

    /// The embassy's list, by case number. The list view itself is audited (who saw which page of whom is in the scope).
    func list(page: Paging, by actor: Actor) async throws -> (items: [PersonRecord], total: Int) {
        try actor.require(.consularAct)
        let total = try await scope(actor, on: db).count()
        let items = try await scope(actor, on: db).sort(\.$caseNumber).range(page.offset..<(page.offset + page.size)).all()
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("consular.list_read", "organization", actor.organizationID),
                                      by: AuditActor(actor), at: now, on: db)
        }
        return (items, total)
    }

    /// Opens one person (audited): identity, and this embassy's own verifications and documents.
    func get(_ personID: UUID, by actor: Actor) async throws -> View {
        try actor.require(.consularAct)
        guard let person = try await scope(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
        let view = try await records(person, actor, on: db)
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("consular.person_read", "person", personID), by: AuditActor(actor), at: now, on: db)
        }
        return view
    }

    func verify(_ personID: UUID, _ input: VerificationInput, by actor: Actor) async throws -> NationalityVerificationRecord {
        try actor.require(.consularAct)
        let now = ctx.now
        let draft = try ConsularRules.verification(outcome: input.outcome, verifiedOn: input.verifiedOn, note: input.note, today: DayDate(now))
        return try await db.writeTransaction { db in
            // The scope is checked inside the transaction: a consent withdrawn a moment ago stops the write.
            guard try await scope(actor, on: db).filter(\.$id == personID).count() == 1 else { throw DomainError.notFound }
            let r = NationalityVerificationRecord()
            r.id = UUID()
            r.personID = personID
            r.organizationID = actor.organizationID
            r.outcome = draft.outcome.rawValue
            r.verifiedOn = draft.verifiedOn.description
            r.note = draft.note
            r.recordedByID = actor.userID
            r.recordedBy = actor.username
            r.recordedAt = now
            try await r.create(on: db)
            try await AuditLog.append(AuditEntry("consular.nationality_verified", "person", personID,
                                                 fields: ["outcome", "verifiedOn"] + (draft.note == nil ? [] : ["note"])),
                                      by: AuditActor(actor), at: now, on: db)
            try await ReturnPathwayService.advance(personID: personID, step: .nationalityVerification,
                                                   to: ReturnPathwayRules.stepStatus(for: draft.outcome), on: draft.verifiedOn, by: actor, now: now, on: db)
            return r
        }
    }

    func recordDocument(_ personID: UUID, _ input: TravelDocumentInput, by actor: Actor) async throws -> TravelDocumentRecord {
        try actor.require(.consularAct)
        let now = ctx.now
        let draft = try ConsularRules.travelDocument(type: input.type, number: input.number, issuedOn: input.issuedOn,
                                                     validUntil: input.validUntil, today: DayDate(now))
        return try await db.writeTransaction { db in
            guard try await scope(actor, on: db).filter(\.$id == personID).count() == 1 else { throw DomainError.notFound }
            let r = TravelDocumentRecord()
            r.id = UUID()
            r.personID = personID
            r.organizationID = actor.organizationID
            r.type = draft.type.rawValue
            r.number = draft.number
            r.issuedOn = draft.issuedOn.description
            r.validUntil = draft.validUntil.description
            r.recordedByID = actor.userID
            r.recordedBy = actor.username
            r.recordedAt = now
            try await r.create(on: db)
            try await AuditLog.append(AuditEntry("consular.travel_document_recorded", "person", personID,
                                                 fields: ["type", "number", "issuedOn", "validUntil"]),
                                      by: AuditActor(actor), at: now, on: db)
            try await ReturnPathwayService.advance(personID: personID, step: .travelDocument, to: .done, on: draft.issuedOn, by: actor, now: now, on: db)
            return r
        }
    }

    private func records(_ person: PersonRecord, _ actor: Actor, on db: any Database) async throws -> View {
        let id = person.id!
        let verifications = try await NationalityVerificationRecord.query(on: db).filter(\.$personID == id)
            .filter(\.$organizationID == actor.organizationID).sort(\.$recordedAt, .descending).all()
        let documents = try await TravelDocumentRecord.query(on: db).filter(\.$personID == id)
            .filter(\.$organizationID == actor.organizationID).sort(\.$recordedAt, .descending).all()
        return View(person: person, verifications: verifications, documents: documents,
                    returnSteps: try await ReturnPathwayService.embassySteps(personID: id, on: db))
    }
}
