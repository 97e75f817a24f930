import Fluent
import Foundation
import BadilCore

struct ReturnStartInput: StrictInput {
    var overrideReason: String?
    static let allowedFields: Set<String> = ["overrideReason"]
    static let nullableFields: Set<String> = ["overrideReason"]
}

struct ReturnStepInput: StrictInput {
    var status: String?
    var on: String?
    var note: String?
    static let allowedFields: Set<String> = ["status", "on", "note"]
    static let nullableFields: Set<String> = ["on", "note"]
}

struct ReturnWithdrawInput: StrictInput {
    var reason: String?
    static let allowedFields: Set<String> = ["reason"]
}

/// Voluntary humanitarian return (DOMAIN.md §3 step 7): a pathway of steps with status, day and note. A person with
/// a protection flag, or a child without a best-interests determination deciding return, starts one only on a
/// supervisor's recorded reason (non-refoulement). The embassy advances its two steps from the consular portal.
struct ReturnPathwayService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let pathway: ReturnPathwayRecord
        let steps: [ReturnStepRecord]
        var statuses: [ReturnStep: ReturnStepStatus] {
            Dictionary(steps.compactMap { s in s.returnStep.map { ($0, s.stepStatus) } }, uniquingKeysWith: { a, _ in a })
        }
    }

    struct State: Sendable {
        /// The active or completed pathway, if any.
        let current: View?
        /// Earlier pathways that were withdrawn, latest first.
        let withdrawn: [View]
    }

    /// The person's pathways (audited unless the page read is already audited).
    func state(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> State {
        try OutcomeCaseFile.requireRead(actor)
        _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(ctx.now))
        let pathways = try await ReturnPathwayRecord.query(on: db).filter(\.$personID == personID).sort(\.$createdAt, .descending).all()
        let ids = pathways.compactMap(\.id)
        let steps = ids.isEmpty ? [] : try await ReturnStepRecord.query(on: db).filter(\.$pathwayID ~~ ids).sort(\.$position).all()
        let views = pathways.map { p in View(pathway: p, steps: steps.filter { $0.pathwayID == p.id }) }
        if audit { try await OutcomeCaseFile.auditRead("return_pathway.read", personID, by: actor, now: ctx.now, on: db) }
        return State(current: views.first { $0.pathway.pathwayStatus != .withdrawn }, withdrawn: views.filter { $0.pathway.pathwayStatus == .withdrawn })
    }

    func start(personID: UUID, _ input: ReturnStartInput, by actor: Actor) async throws -> View {
        try actor.require(.caseManage)
        let now = ctx.now
        let today = DayDate(now)
        return try await db.writeTransaction { db in
            let person = try await OutcomeCaseFile.person(personID, actor, on: db, today: today)
            try await OutcomeCaseFile.requireNotClosed(personID, on: db)
            if try await Self.current(personID, on: db) != nil { throw DomainError.conflict("return_pathway_exists") }
            let isChild = person.isChild(on: today)
            let flagged = try await ProtectionFlag.isSet(personID: personID, on: db)
            let bid = isChild ? try await ReturnChildBID.decidesReturn(personID: personID, on: db) : false
            let override = try ReturnPathwayRules.start(ReturnStartFacts(protectionFlag: flagged, isChild: isChild, bidDecidesReturn: bid,
                                                                         overrideReason: input.overrideReason, actorIsSupervisor: actor.can(.caseClose)))
            _ = try await OutcomeCaseFile.getOrCreate(personID, by: actor, now: now, on: db)
            let p = ReturnPathwayRecord()
            p.id = UUID()
            p.personID = personID
            p.status = ReturnPathwayStatus.active.rawValue
            p.startedOn = today.description
            p.startedByID = actor.userID
            p.startedBy = actor.username
            p.overrideReason = override
            p.version = 1
            p.createdAt = now
            p.updatedAt = now
            try await p.create(on: db)
            var steps: [ReturnStepRecord] = []
            for step in ReturnStep.allCases {
                let s = ReturnStepRecord()
                s.id = UUID(); s.pathwayID = p.id!; s.personID = personID; s.step = step.rawValue; s.position = step.position
                s.status = ReturnStepStatus.pending.rawValue; s.updatedAt = now
                steps.append(s)
            }
            let carried = try await Self.carryOverEmbassyRecords(personID, into: steps, now: now, on: db)
            for s in steps { try await s.create(on: db) }
            try await AuditLog.append(AuditEntry("return_pathway.started", "person", personID,
                                                 fields: ["status"] + (override == nil ? [] : ["overrideReason"]) + carried),
                                      by: AuditActor(actor), at: now, on: db)
            return View(pathway: p, steps: steps)
        }
    }

    func updateStep(personID: UUID, step rawStep: String, _ input: ReturnStepInput, expected: ExpectedVersion?, by actor: Actor) async throws -> View {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            guard let view = try await Self.current(personID, on: db) else { throw DomainError.notFound }
            let checked = try ReturnPathwayRules.update(step: rawStep, ReturnStepFacts(status: input.status, on: input.on, note: input.note),
                                                        current: view.statuses, today: DayDate(now))
            view.pathway.version = try await db.bumpVersion(table: ReturnPathwayRecord.schema, id: view.pathway.id!, expected: expected)
            let row = view.steps.first(where: { $0.returnStep == checked.step })!
            Self.apply(row, status: checked.status, on: checked.on, note: checked.note, by: actor.username, source: "caseworker", now: now)
            try await row.save(on: db)
            try await Self.settle(view, now: now, on: db)
            try await AuditLog.append(AuditEntry("return_step.updated", "person", personID, fields: ["step", "status", "on"] + (checked.note == nil ? [] : ["note"])),
                                      by: AuditActor(actor), at: now, on: db)
            return view
        }
    }

    func withdraw(personID: UUID, _ input: ReturnWithdrawInput, expected: ExpectedVersion?, by actor: Actor) async throws -> View {
        try actor.require(.caseManage)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        let reason = try ReturnPathwayRules.withdrawal(reason: input.reason)
        return try await db.writeTransaction { db in
            _ = try await OutcomeCaseFile.person(personID, actor, on: db, today: DayDate(now))
            guard let view = try await Self.current(personID, on: db) else { throw DomainError.notFound }
            view.pathway.version = try await db.bumpVersion(table: ReturnPathwayRecord.schema, id: view.pathway.id!, expected: expected)
            view.pathway.status = ReturnPathwayStatus.withdrawn.rawValue
            view.pathway.withdrawnOn = DayDate(now).description
            view.pathway.withdrawReason = reason
            view.pathway.updatedAt = now
            try await view.pathway.save(on: db)
            try await AuditLog.append(AuditEntry("return_pathway.withdrawn", "person", personID, fields: ["status", "reason"]),
                                      by: AuditActor(actor), at: now, on: db)
            return view
        }
    }

    // MARK: Shared with the consular portal

    /// The person's active or completed pathway with its steps.
    static func current(_ personID: UUID, on db: any Database) async throws -> View? {
        guard let p = try await ReturnPathwayRecord.query(on: db).filter(\.$personID == personID)
            .filter(\.$status != ReturnPathwayStatus.withdrawn.rawValue).sort(\.$createdAt, .descending).first() else { return nil }
        let steps = try await ReturnStepRecord.query(on: db).filter(\.$pathwayID == p.id!).sort(\.$position).all()
        return View(pathway: p, steps: steps)
    }

    /// The embassy's action moves its step of an active pathway, in the caller's transaction (audited, no values).
    /// Nothing happens when the person has no active pathway.
    static func advance(personID: UUID, step: ReturnStep, to status: ReturnStepStatus, on day: DayDate, by actor: Actor, now: Date,
                        on db: any Database) async throws {
        guard let view = try await current(personID, on: db), view.pathway.pathwayStatus == .active,
              let row = view.steps.first(where: { $0.returnStep == step }) else { return }
        apply(row, status: status, on: day, note: nil, by: actor.organizationName, source: "embassy", now: now)
        try await row.save(on: db)
        view.pathway.version = try await db.bumpVersion(table: ReturnPathwayRecord.schema, id: view.pathway.id!, expected: .any)
        try await settle(view, now: now, on: db)
        try await AuditLog.append(AuditEntry("return_step.advanced_by_embassy", "person", personID, fields: ["step", "status", "on"]),
                                  by: AuditActor(actor), at: now, on: db)
    }

    /// The embassy's steps of an active pathway, for the consular page: step, status and day only.
    static func embassySteps(personID: UUID, on db: any Database) async throws -> [ReturnStepRecord] {
        guard let view = try await current(personID, on: db), view.pathway.pathwayStatus == .active else { return [] }
        return view.steps.filter { $0.returnStep?.isEmbassyStep == true }
    }

    private static func apply(_ row: ReturnStepRecord, status: ReturnStepStatus, on day: DayDate?, note: String?, by: String, source: String, now: Date) {
        row.status = status.rawValue
        row.statusOn = status == .pending ? nil : day?.description
        row.note = note
        row.updatedBy = by
        row.source = source
        row.updatedAt = now
    }

    /// Recomputes the pathway's status from its steps and saves it (the version was raised by the caller).
    private static func settle(_ view: View, now: Date, on db: any Database) async throws {
        view.pathway.status = ReturnPathwayRules.status(view.statuses, was: view.pathway.pathwayStatus).rawValue
        view.pathway.updatedAt = now
        try await view.pathway.save(on: db)
    }

    /// A pathway started after the embassy already acted starts from what the embassy recorded (its latest
    /// verification and travel document). Answers the audited field names.
    private static func carryOverEmbassyRecords(_ personID: UUID, into steps: [ReturnStepRecord], now: Date, on db: any Database) async throws -> [String] {
        var fields: [String] = []
        if let v = try await NationalityVerificationRecord.query(on: db).filter(\.$personID == personID).sort(\.$recordedAt, .descending).first(),
           let outcome = VerificationOutcome(rawValue: v.outcome), let row = steps.first(where: { $0.returnStep == .nationalityVerification }) {
            apply(row, status: ReturnPathwayRules.stepStatus(for: outcome), on: DayDate(v.verifiedOn), note: nil, by: v.recordedBy, source: "embassy", now: now)
            fields.append("nationality_verification")
        }
        if let d = try await TravelDocumentRecord.query(on: db).filter(\.$personID == personID).sort(\.$recordedAt, .descending).first(),
           d.validUntil > DayDate(now).description, let row = steps.first(where: { $0.returnStep == .travelDocument }) {
            apply(row, status: .done, on: DayDate(d.issuedOn), note: nil, by: d.recordedBy, source: "embassy", now: now)
            fields.append("travel_document")
        }
        return fields
    }
}

extension ReturnPathwayService {
    /// Active pathways of the people the actor may see (the consular scope for an embassy), with their steps.
    static func activeInScope(by actor: Actor, on db: any Database, today: DayDate) async throws -> [View] {
        let pathways = try await ReturnPathwayRecord.query(on: db).filter(\.$status == ReturnPathwayStatus.active.rawValue).all()
        guard !pathways.isEmpty else { return [] }
        var visible = Set<UUID>()
        for chunk in PersonWrites.chunks(Array(Set(pathways.map(\.personID))), size: 500) {
            visible.formUnion(try await RecordScopes.persons(actor, on: db, today: today).filter(\.$id ~~ Array(chunk)).all(\.$id))
        }
        let mine = pathways.filter { visible.contains($0.personID) }
        guard !mine.isEmpty else { return [] }
        let steps = try await ReturnStepRecord.query(on: db).filter(\.$pathwayID ~~ mine.compactMap(\.id)).all()
        let byPathway = Dictionary(grouping: steps, by: \.pathwayID)
        return mine.map { View(pathway: $0, steps: (byPathway[$0.id!] ?? []).sorted { $0.position < $1.position }) }
    }

    /// The person consented to the return and an embassy step is still open (asked, or not yet asked).
    static func waitsForEmbassy(_ v: View) -> Bool {
        let s = v.statuses
        guard s[.informedConsent] == .done else { return false }
        return [ReturnStep.nationalityVerification, .travelDocument].contains { step in
            let status = s[step] ?? .pending
            return status == .pending || status == .inProgress
        }
    }
}
