import Fluent
import Foundation
import BadilCore

/// A decision as a client sends it: the five CAP steps (see `DecisionDraft`).
struct DecisionProposalInput: StrictInput {
    var outcome: String?
    var presumptionOfLiberty: Bool?
    var presumptionNotes: String?
    var legalObligations: String?
    var identityCheck: String?
    var healthCheck: String?
    var securityCheck: String?
    var screeningId: UUID?
    var individualFactors: String?
    var caseManagement: String?
    var legalAdvice: String?
    var interpretation: String?
    var basicNeeds: String?
    var documents: String?
    var communityNotes: String?
    var conditions: [ConditionInput]?
    var justification: String?
    var legalBasis: String?
    var decidingAuthority: String?
    var reviewDate: String?
    var urgencyReason: String?
    var summary: String?

    struct ConditionInput: Codable, Sendable {
        var kind: String?
        var details: String?
        var reportingIntervalDays: Int?
    }

    static let allowedFields: Set<String> = ["outcome", "presumptionOfLiberty", "presumptionNotes", "legalObligations", "identityCheck",
                                             "healthCheck", "securityCheck", "screeningId", "individualFactors", "caseManagement",
                                             "legalAdvice", "interpretation", "basicNeeds", "documents", "communityNotes", "conditions",
                                             "justification", "legalBasis", "decidingAuthority", "reviewDate", "urgencyReason", "summary"]
    static let nullableFields: Set<String> = allowedFields.subtracting(["outcome", "presumptionOfLiberty", "conditions"])

    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] {
        guard let list = body["conditions"] as? [Any] else { return [] }
        var issues: [FieldIssue] = []
        for (i, item) in list.enumerated() {
            guard let object = item as? [String: Any] else { continue }
            for key in object.keys.sorted() where !["kind", "details", "reportingIntervalDays"].contains(key) {
                issues.append(FieldIssue("conditions.\(i).\(key)", "unknown_field"))
            }
        }
        return issues
    }

    /// The draft the rules check; values that are not one of the allowed words are reported, not dropped.
    func draft() throws -> DecisionDraft {
        var v = FieldChecker()
        var d = DecisionDraft()
        d.outcome = v.choice("outcome", outcome, required: true, as: DecisionOutcome.self)
        d.presumptionOfLiberty = presumptionOfLiberty ?? false
        d.presumptionNotes = presumptionNotes
        d.legalObligations = v.choice("legalObligations", legalObligations, required: false, as: CheckStatus.self)
        d.identityCheck = v.choice("identityCheck", identityCheck, required: false, as: CheckStatus.self)
        d.healthCheck = v.choice("healthCheck", healthCheck, required: false, as: CheckStatus.self)
        d.securityCheck = v.choice("securityCheck", securityCheck, required: false, as: CheckStatus.self)
        d.screeningId = screeningId?.uuidString
        d.individualFactors = individualFactors
        d.caseManagement = v.choice("caseManagement", caseManagement, required: false, as: Availability.self)
        d.legalAdvice = v.choice("legalAdvice", legalAdvice, required: false, as: Availability.self)
        d.interpretation = v.choice("interpretation", interpretation, required: false, as: Availability.self)
        d.basicNeeds = v.choice("basicNeeds", basicNeeds, required: false, as: Availability.self)
        d.documents = v.choice("documents", documents, required: false, as: Availability.self)
        d.communityNotes = communityNotes
        d.conditions = []
        for (i, c) in (conditions ?? []).enumerated() {
            guard let kind = v.choice("conditions.\(i).kind", c.kind, required: true, as: ConditionKind.self) else { continue }
            d.conditions.append(DecisionCondition(kind: kind, details: c.details, reportingIntervalDays: c.reportingIntervalDays))
        }
        d.justification = justification
        d.legalBasis = legalBasis
        d.decidingAuthority = decidingAuthority
        if let raw = reviewDate?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let date = DayDate(raw) { d.reviewDate = date } else { v.add("reviewDate", "invalid_date") }
        }
        d.urgencyReason = urgencyReason
        d.summary = summary
        try v.finish()
        return d
    }
}

/// Decisions following the IDC Community Assessment and Placement model (DOMAIN.md §3.4): proposed by a
/// caseworker or social worker, checked against the CAP rules, approved or returned by a supervisor,
/// final once approved until a later decision supersedes it.
struct DecisionService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let decision: DecisionRecord
        let person: PersonRecord
        let screening: ScreeningRecord?
        let reviews: [DecisionReviewRecord]
        let checkIns: [CheckInEntry]
    }

    var policy: ApprovalPolicy { ctx.settings.approvalPolicy }

    func propose(personID: UUID, _ draft: DecisionDraft, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionPropose)
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
            let open = try await DecisionRecord.query(on: db).filter(\.$personID == personID)
                .filter(\.$status ~~ [DecisionStatus.proposed.rawValue, DecisionStatus.returned.rawValue]).count()
            if open > 0 { throw DomainError.conflict("decision_open_exists") }
            let (checked, screening) = try await check(draft, person: person, on: db)
            let outcome = checked.outcome!
            let status = try DecisionRules.transition(from: nil, action: .propose, actorIsProposer: true, outcome: outcome, policy: policy)
            let d = DecisionRecord()
            d.id = UUID()
            d.personID = personID
            d.status = status.rawValue
            d.outcome = outcome.rawValue
            d.content = DecisionRecord.encode(checked)
            d.screeningID = screening?.id
            d.reviewDate = checked.reviewDate?.description
            d.proposedByID = actor.userID
            d.proposedBy = actor.username
            d.proposedAt = now
            d.organizationID = actor.organizationID
            d.version = 1
            var entries = [AuditEntry("decision.proposed", "decision", d.id, fields: Self.auditedFields(checked))]
            if status == .approved {
                d.markDecided(by: actor, at: now)
                entries += try await supersedePrevious(personID: personID, by: d.id!, on: db)
                entries.append(AuditEntry("decision.approved", "decision", d.id, fields: ["approval_not_required"]))
            }
            try await d.create(on: db)
            try await AuditLog.append(entries, by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    /// A returned decision, corrected and sent again.
    func resubmit(_ id: UUID, _ draft: DecisionDraft, expected: ExpectedVersion?, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionPropose)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (d, person) = try await scoped(id, actor, on: db)
            let (checked, screening) = try await check(draft, person: person, on: db)
            let outcome = checked.outcome!
            let status = try DecisionRules.transition(from: d.decisionStatus, action: .resubmit, actorIsProposer: d.proposedByID == actor.userID,
                                                      outcome: outcome, policy: policy)
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: id, expected: expected)
            d.status = status.rawValue
            d.outcome = outcome.rawValue
            d.content = DecisionRecord.encode(checked)
            d.screeningID = screening?.id
            d.reviewDate = checked.reviewDate?.description
            d.proposedByID = actor.userID
            d.proposedBy = actor.username
            d.proposedAt = now
            d.returnReason = nil
            d.decidedByID = nil
            d.decidedBy = nil
            d.decidedAt = nil
            var entries = [AuditEntry("decision.resubmitted", "decision", d.id, fields: Self.auditedFields(checked))]
            if status == .approved {
                d.markDecided(by: actor, at: now)
                entries += try await supersedePrevious(personID: d.personID, by: id, on: db)
                entries.append(AuditEntry("decision.approved", "decision", d.id, fields: ["approval_not_required"]))
            }
            try await d.save(on: db)
            try await AuditLog.append(entries, by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    /// Approval by a supervisor who did not propose it. The CAP rules are checked again against the person
    /// as they are now (a person found to be a child since the proposal can no longer be detained).
    func approve(_ id: UUID, expected: ExpectedVersion?, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionApprove)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (d, person) = try await scoped(id, actor, on: db)
            let status = try DecisionRules.transition(from: d.decisionStatus, action: .approve, actorIsProposer: d.proposedByID == actor.userID,
                                                      outcome: d.decisionOutcome, policy: policy)
            _ = try await check(d.draft, person: person, on: db)
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: id, expected: expected)
            d.status = status.rawValue
            d.markDecided(by: actor, at: now)
            var entries = try await supersedePrevious(personID: d.personID, by: id, on: db)
            entries.append(AuditEntry("decision.approved", "decision", d.id))
            try await d.save(on: db)
            try await AuditLog.append(entries, by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    func returnDecision(_ id: UUID, reason: String?, expected: ExpectedVersion?, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionApprove)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        var v = FieldChecker()
        let text = v.optionalText("reason", reason, max: DecisionRules.maxNotesLength)
        try v.finish()
        return try await db.writeTransaction { db in
            let (d, _) = try await scoped(id, actor, on: db)
            let status = try DecisionRules.transition(from: d.decisionStatus, action: .return, actorIsProposer: d.proposedByID == actor.userID,
                                                      outcome: d.decisionOutcome, policy: policy, reason: text)
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: id, expected: expected)
            d.status = status.rawValue
            d.returnReason = text
            d.markDecided(by: actor, at: now)
            try await d.save(on: db)
            try await AuditLog.append(AuditEntry("decision.returned", "decision", d.id, fields: ["reason"]), by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    /// The proposer (or an approver) takes back a decision that is not final.
    func withdraw(_ id: UUID, expected: ExpectedVersion?, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionPropose)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (d, _) = try await scoped(id, actor, on: db)
            guard d.proposedByID == actor.userID || actor.can(.decisionApprove) else { throw DomainError.forbidden }
            let status = try DecisionRules.transition(from: d.decisionStatus, action: .withdraw, actorIsProposer: true,
                                                      outcome: d.decisionOutcome, policy: policy)
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: id, expected: expected)
            d.status = status.rawValue
            try await d.save(on: db)
            try await AuditLog.append(AuditEntry("decision.withdrawn", "decision", d.id), by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    /// Opens a decision with its screening, reviews and check-ins (audited).
    func get(_ id: UUID, by actor: Actor) async throws -> View {
        try actor.require(.personRead)
        let (d, person) = try await scoped(id, actor, on: db)
        let screening = try await d.screeningID.asyncMap { try await ScreeningRecord.find($0, on: db) } ?? nil
        let reviews = try await DecisionReviewRecord.query(on: db).filter(\.$decisionID == id).sort(\.$reviewedAt, .descending).all()
        let checkIns = try await CheckInEntry.query(on: db).filter(\.$decisionID == id).sort(\.$date).all()
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("decision.read", "decision", id), by: AuditActor(actor), at: now, on: db)
        }
        return View(decision: d, person: person, screening: screening, reviews: reviews, checkIns: checkIns)
    }

    /// A person's decisions, newest first.
    func list(personID: UUID, by actor: Actor) async throws -> [DecisionRecord] {
        try actor.require(.personRead)
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() > 0 else { throw DomainError.notFound }
        return try await DecisionRecord.query(on: db).filter(\.$personID == personID).sort(\.$proposedAt, .descending).all()
    }

    /// Decisions by status in the actor's scope (the approval inbox is `proposed`), oldest first.
    func inbox(status: DecisionStatus, page: Paging, by actor: Actor) async throws -> (items: [(DecisionRecord, PersonRecord)], total: Int) {
        try actor.require(.personRead)
        let decisions = try await DecisionRecord.query(on: db).filter(\.$status == status.rawValue).sort(\.$proposedAt).limit(5000).all()
        let people = try await RecordScopes.visiblePersons(decisions.map(\.personID), actor, on: db)
        let visible = decisions.compactMap { d in people[d.personID].map { (d, $0) } }
        return (Array(visible.dropFirst(page.offset).prefix(page.size)), visible.count)
    }

    // MARK: Shared steps

    func scoped(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (DecisionRecord, PersonRecord) {
        guard let d = try await DecisionRecord.find(id, on: db),
              let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == d.personID).first() else { throw DomainError.notFound }
        return (d, person)
    }

    /// The CAP rules with the person's facts: child pathway, completed screening (the one named, or the current one).
    private func check(_ draft: DecisionDraft, person: PersonRecord, on db: any Database) async throws -> (DecisionDraft, ScreeningRecord?) {
        var screening: ScreeningRecord?
        var d = draft
        var issues: [FieldIssue] = []
        if let raw = draft.screeningId {
            if let sid = UUID(uuidString: raw), let s = try await ScreeningRecord.find(sid, on: db), s.personID == person.id,
               s.screeningStatus == .completed {
                screening = s
            } else {
                issues.append(FieldIssue("screeningId", "unknown_screening"))
            }
        } else {
            screening = try await ScreeningService.current(personID: person.id!, on: db)
        }
        d.screeningId = screening?.id?.uuidString
        let context = DecisionContext(isChild: person.isChild(on: DayDate(ctx.now)), hasCompletedScreening: screening != nil,
                                      today: DayDate(ctx.now), maxReviewDays: ctx.settings.maxReviewDays)
        do {
            d = try DecisionRules.validate(d, context: context)
        } catch DomainError.invalid(let found) {
            issues += found
        }
        if !issues.isEmpty { throw DomainError.invalid(issues) }
        return (d, screening)
    }

    /// The approved decision a new one replaces becomes superseded.
    private func supersedePrevious(personID: UUID, by newID: UUID, on db: any Database) async throws -> [AuditEntry] {
        let previous = try await DecisionRecord.query(on: db).filter(\.$personID == personID)
            .filter(\.$status == DecisionStatus.approved.rawValue).filter(\.$id != newID).all()
        var entries: [AuditEntry] = []
        for p in previous {
            _ = try DecisionRules.transition(from: p.decisionStatus, action: .supersede, actorIsProposer: false, outcome: p.decisionOutcome, policy: policy)
            p.status = DecisionStatus.superseded.rawValue
            p.supersededByID = newID
            p.version += 1
            try await p.save(on: db)
            entries.append(AuditEntry("decision.superseded", "decision", p.id))
        }
        return entries
    }

    static func auditedFields(_ d: DecisionDraft) -> [String] {
        var fields = ["outcome"]
        if !d.conditions.isEmpty { fields.append("conditions") }
        if d.reviewDate != nil { fields.append("reviewDate") }
        if d.urgencyReason != nil { fields.append("urgencyReason") }
        return fields
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let w): return try await transform(w)
        case .none: return nil
        }
    }
}

extension DecisionRecord {
    /// Who approved or returned the decision, and when.
    func markDecided(by actor: Actor, at date: Date) {
        decidedByID = actor.userID
        decidedBy = actor.username
        decidedAt = date
    }
}
