import Fluent
import Foundation
import BadilCore

struct CaseNoteInput: StrictInput {
    var text: String?
    var confidentiality: String?
    static let allowedFields: Set<String> = ["text", "confidentiality"]
    static let nullableFields: Set<String> = ["confidentiality"]
}

/// Case notes. Never edited: a correction is a new note. A restricted note exists only for its author, the assigned
/// caseworker and supervisors: it is left out of lists, the timeline and the API for everyone else.
struct CaseNoteService {
    let db: any Database
    let ctx: BadilContext

    func add(personID: UUID, _ input: CaseNoteInput, by actor: Actor) async throws -> CaseNoteRecord {
        try actor.require(.caseManage)
        let checked = try CaseNoteRules.validate(text: input.text, confidentiality: input.confidentiality)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
            _ = try await CaseFileService(db: db, ctx: ctx).openFileFor(personID: personID, on: db)
            let n = CaseNoteRecord()
            n.id = UUID()
            n.personID = personID
            n.text = checked.text
            n.confidentiality = checked.confidentiality.rawValue
            n.authorID = actor.userID
            n.author = actor.username
            n.createdAt = now
            try await n.create(on: db)
            try await AuditLog.append(AuditEntry("case_note.created", "person", personID, fields: ["text", "confidentiality"]), by: AuditActor(actor), at: now, on: db)
            return n
        }
    }

    /// The notes the actor may read, latest first. Audited unless part of a read already audited.
    func list(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [CaseNoteRecord] {
        try actor.requireCaseRead()
        _ = try await CaseFileService.visiblePerson(personID, actor, on: db)
        let notes = try await Self.readable(personID: personID, by: actor, on: db)
        if audit {
            let now = ctx.now
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("case_note.list_read", "person", personID), by: AuditActor(actor), at: now, on: db)
            }
        }
        return notes
    }

    /// Notes of a person the actor may read (the person's visibility is checked by the caller).
    static func readable(personID: UUID, by actor: Actor, on db: any Database) async throws -> [CaseNoteRecord] {
        let assigned = try await CaseFileRecord.query(on: db).filter(\.$personID == personID).first()?.caseworkerID
        let reader = CaseNoteReader(userID: actor.userID.uuidString, isSupervisor: actor.role == .supervisor, assignedCaseworkerID: assigned?.uuidString)
        return try await CaseNoteRecord.query(on: db).filter(\.$personID == personID).sort(\.$createdAt, .descending).all()
            .filter { CaseNoteRules.canRead($0.level, authorID: $0.authorID.uuidString, reader: reader) }
    }
}
