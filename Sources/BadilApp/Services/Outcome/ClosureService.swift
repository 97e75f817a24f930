import Fluent
import Foundation
import SQLKit
import BadilCore

struct ClosureRequestInput: StrictInput {
    var reason: String?
    var reasonText: String?
    var overrideReason: String?
    static let allowedFields: Set<String> = ["reason", "reasonText", "overrideReason"]
    static let nullableFields: Set<String> = ["reasonText", "overrideReason"]
}

struct ClosureReasonInput: StrictInput {
    var reason: String?
    static let allowedFields: Set<String> = ["reason"]
    static let nullableFields: Set<String> = ["reason"]
}

/// Closing a case: a caseworker asks with a reason (and an override reason when mandatory tasks are still open),
/// a supervisor other than the requester approves or rejects, a closed case can be reopened with a reason. Every
/// step is kept in the closure history and audited; approving, rejecting and reopening check the case file version.
struct ClosureService {
    let db: any Database
    let ctx: BadilContext

    struct History: Sendable {
        let caseFile: CaseFileRecord?
        /// Latest first.
        let events: [CaseClosureEventRecord]
        let openMandatoryTasks: Int
        /// The request waiting for a decision, if the case is pending closure.
        var pending: CaseClosureEventRecord? {
            caseFile?.caseStatus == .closurePending ? events.first { $0.closureAction == .requested } : nil
        }
    }

    struct InboxItem: Sendable {
        let person: PersonRecord
        let caseFile: CaseFileRecord
        let request: CaseClosureEventRecord?
    }

    func history(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> History {
        try OutcomeCaseFile.requireRead(actor)
        _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(ctx.now))
        let h = try await Self.history(personID, on: db)
        if audit { try await OutcomeCaseFile.auditRead("closure.history_read", personID, by: actor, now: ctx.now, on: db) }
        return h
    }

    func request(personID: UUID, _ input: ClosureRequestInput, by actor: Actor) async throws -> History {
        try actor.require(.caseManage)
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            let existing = try await OutcomeCaseFile.find(personID, on: db)
            let open = try await Self.openMandatoryTasks(personID, on: db)
            let c = try ClosureRules.request(ClosureRequestFacts(reason: input.reason, reasonText: input.reasonText, overrideReason: input.overrideReason,
                                                                 status: existing?.caseStatus ?? .open, openMandatoryTasks: open,
                                                                 departed: try await Self.departed(personID, on: db)))
            let file = try await OutcomeCaseFile.getOrCreate(personID, by: actor, now: now, on: db)
            try await OutcomeCaseFile.bump(file, expected: nil, now: now, on: db)
            file.status = CaseStatus.closurePending.rawValue
            file.closureReason = c.reason.rawValue
            try await file.save(on: db)
            try await Self.record(.requested, personID, reason: c.reason.rawValue, text: c.reasonText, override: c.overrideReason, openTasks: open,
                                  by: actor, now: now, on: db)
            var fields = ["status", "reason"]
            if c.reasonText != nil { fields.append("reasonText") }
            if c.overrideReason != nil { fields.append("overrideReason") }
            try await AuditLog.append(AuditEntry("closure.requested", "person", personID, fields: fields), by: AuditActor(actor), at: now, on: db)
            return try await Self.history(personID, on: db)
        }
    }

    func approve(personID: UUID, _ input: ClosureReasonInput, expected: ExpectedVersion?, by actor: Actor) async throws -> History {
        try await decide(personID, approve: true, reason: input.reason, expected: expected, by: actor)
    }

    func reject(personID: UUID, _ input: ClosureReasonInput, expected: ExpectedVersion?, by actor: Actor) async throws -> History {
        try await decide(personID, approve: false, reason: input.reason, expected: expected, by: actor)
    }

    private func decide(_ personID: UUID, approve: Bool, reason: String?, expected: ExpectedVersion?, by actor: Actor) async throws -> History {
        try actor.require(.caseClose)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            let h = try await Self.history(personID, on: db)
            guard let file = h.caseFile else { throw DomainError.conflict("closure_not_pending") }
            let (status, text) = try ClosureRules.decide(approve: approve, status: file.caseStatus,
                                                         actorIsRequester: h.pending?.actorID == actor.userID, reason: reason)
            try await OutcomeCaseFile.bump(file, expected: expected, now: now, on: db)
            file.status = status.rawValue
            if approve { file.closedOn = DayDate(now).description } else { file.closureReason = nil }
            try await file.save(on: db)
            try await Self.record(approve ? .approved : .rejected, personID, reason: approve ? file.closureReason : nil, text: text, override: nil,
                                  openTasks: 0, by: actor, now: now, on: db)
            try await AuditLog.append(AuditEntry(approve ? "closure.approved" : "closure.rejected", "person", personID,
                                                 fields: ["status"] + (approve ? ["closedOn", "closureReason"] : []) + (text == nil ? [] : ["reason"])),
                                      by: AuditActor(actor), at: now, on: db)
            return try await Self.history(personID, on: db)
        }
    }

    func reopen(personID: UUID, _ input: ClosureReasonInput, expected: ExpectedVersion?, by actor: Actor) async throws -> History {
        guard actor.can(.caseManage) || actor.can(.caseClose) else { throw DomainError.forbidden }
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            guard let file = try await OutcomeCaseFile.find(personID, on: db) else { throw DomainError.conflict("case_not_closed") }
            let text = try ClosureRules.reopen(status: file.caseStatus, reason: input.reason)
            try await Self.reopenFile(file, expected: expected, text: text, by: actor, now: now, on: db)
            try await AuditLog.append(AuditEntry("case.reopened", "person", personID, fields: ["status", "reason"]), by: AuditActor(actor), at: now, on: db)
            return try await Self.history(personID, on: db)
        }
    }

    /// A re-detention reopens a closed case (or sets aside a pending closure) by itself, recorded in the closure
    /// history like any reopening. Runs inside the incident's transaction; returns the audit entry to add, if any.
    static func reopenOnReDetention(_ file: CaseFileRecord, by actor: Actor, now: Date, on db: any Database) async throws -> AuditEntry? {
        guard file.caseStatus != .open else { return nil }
        try await reopenFile(file, expected: .any, text: reDetentionReason, by: actor, now: now, on: db)
        return AuditEntry("case.reopened", "person", file.personID, fields: ["status", "reason"])
    }

    /// Opens the case file again (version raised against `expected`) and records the reopening in the closure history.
    private static func reopenFile(_ file: CaseFileRecord, expected: ExpectedVersion, text: String, by actor: Actor, now: Date,
                                   on db: any Database) async throws {
        try await OutcomeCaseFile.bump(file, expected: expected, now: now, on: db)
        file.status = CaseStatus.open.rawValue
        file.closedOn = nil
        file.closureReason = nil
        try await file.save(on: db)
        try await record(.reopened, file.personID, reason: nil, text: text, override: nil, openTasks: 0, by: actor, now: now, on: db)
    }

    /// The reason recorded when a re-detention reopens a case.
    static let reDetentionReason = "Re-detained: case reopened automatically"

    /// Whether the departure step of the person's return pathway is done.
    static func departed(_ personID: UUID, on db: any Database) async throws -> Bool {
        try await ReturnStepRecord.query(on: db).filter(\.$personID == personID).filter(\.$step == ReturnStep.departure.rawValue)
            .filter(\.$status == ReturnStepStatus.done.rawValue).count() > 0
    }

    /// Supervisors' inbox: cases pending closure (or closed), in the actor's scope, oldest first (audited).
    func inbox(status: CaseStatus, page: Paging, by actor: Actor) async throws -> (items: [InboxItem], total: Int) {
        try actor.require(.caseClose)
        let all = try await visibleFiles(status: status, by: actor)
        let rows = Array(all.files.dropFirst(page.offset).prefix(page.size))
        let ids = rows.map(\.personID)
        let requests = ids.isEmpty ? [] : try await CaseClosureEventRecord.query(on: db).filter(\.$personID ~~ ids)
            .filter(\.$action == ClosureAction.requested.rawValue).sort(\.$seq, .descending).all()
        let items = rows.compactMap { f in all.people[f.personID].map { InboxItem(person: $0, caseFile: f, request: requests.first { $0.personID == f.personID }) } }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("closure.inbox_read", "organization", actor.organizationID), by: AuditActor(actor), at: now, on: db)
        }
        return (items, all.files.count)
    }

    /// How many cases wait for a closure decision in the actor's scope (home page).
    func pendingCount(by actor: Actor) async throws -> Int {
        try await visibleFiles(status: .closurePending, by: actor).files.count
    }

    /// Case files in a status whose person the actor may see, oldest change first (few are pending at any time).
    private func visibleFiles(status: CaseStatus, by actor: Actor) async throws -> (files: [CaseFileRecord], people: [UUID: PersonRecord]) {
        let files = try await CaseFileRecord.query(on: db).filter(\.$status == status.rawValue).sort(\.$updatedAt).sort(\.$id).all()
        let people = try await RecordScopes.visiblePersons(files.map(\.personID), actor, on: db)
        return (files.filter { people[$0.personID] != nil }, people)
    }

    static func history(_ personID: UUID, on db: any Database) async throws -> History {
        let file = try await OutcomeCaseFile.find(personID, on: db)
        let events = try await CaseClosureEventRecord.query(on: db).filter(\.$personID == personID).sort(\.$seq, .descending).all()
        return History(caseFile: file, events: events, openMandatoryTasks: try await openMandatoryTasks(personID, on: db))
    }

    static func openMandatoryTasks(_ personID: UUID, on db: any Database) async throws -> Int {
        try await CaseTaskRecord.query(on: db).filter(\.$personID == personID).filter(\.$mandatory == true)
            .filter(\.$status == CaseTaskStatus.open.rawValue).count()
    }

    private static func record(_ action: ClosureAction, _ personID: UUID, reason: String?, text: String?, override: String?, openTasks: Int,
                               by actor: Actor, now: Date, on db: any Database) async throws {
        let e = CaseClosureEventRecord()
        e.id = UUID()
        e.personID = personID
        e.seq = try await CaseClosureEventRecord.query(on: db).filter(\.$personID == personID).count() + 1
        e.action = action.rawValue
        e.reason = reason
        e.reasonText = text
        e.overrideReason = override
        e.openTasks = openTasks
        e.actorID = actor.userID
        e.actor = actor.username
        e.onDay = DayDate(now).description
        e.at = now
        try await e.create(on: db)
    }
}
