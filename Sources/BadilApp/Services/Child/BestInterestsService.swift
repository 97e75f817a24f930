import Fluent
import Foundation
import BadilCore

struct BIAInput: StrictInput {
    var conductedOn: String?
    var trigger: String?
    var safety: String?
    var health: String?
    var education: String?
    var familyContact: String?
    var childHeard: Bool?
    var childViews: String?
    var notHeardReason: String?
    var recommendation: String?
    var recommendedCare: String?
    static let allowedFields: Set<String> = ["conductedOn", "trigger", "safety", "health", "education", "familyContact", "childHeard",
                                             "childViews", "notHeardReason", "recommendation", "recommendedCare"]
    static let nullableFields: Set<String> = ["safety", "health", "education", "familyContact", "childViews", "notHeardReason"]

    var facts: BIAFacts {
        BIAFacts(conductedOn: conductedOn, trigger: trigger, safety: safety, health: health, education: education, familyContact: familyContact,
                 childHeard: childHeard, childViews: childViews, notHeardReason: notHeardReason, recommendation: recommendation,
                 recommendedCare: recommendedCare)
    }
}

struct BIDInput: StrictInput {
    var decidedOn: String?
    var solution: String?
    var rationale: String?
    var panel: [PanelMember]?
    static let allowedFields: Set<String> = ["decidedOn", "solution", "rationale", "panel"]

    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] {
        guard let members = body["panel"] as? [Any] else { return [] }
        let allowed: Set<String> = ["name", "role", "organisation"]
        return members.enumerated().flatMap { i, m -> [FieldIssue] in
            guard let m = m as? [String: Any] else { return [] }
            return Set(m.keys).subtracting(allowed).sorted().map { FieldIssue("panel.\(i).\($0)", "unknown_field") }
        }
    }
}

/// Best-interests assessments and determinations of a child. Both are kept as recorded; a new assessment is added
/// when things change. Recording an assessment completes the person's open "BIA due" tasks.
struct BestInterestsService {
    let db: any Database
    let ctx: BadilContext

    func assessments(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [ChildBIARecord] {
        try await ChildAccess.read("child_bia.list_read", personID, actor, audit: audit, at: ctx.now, on: db)
        return try await ChildBIARecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$conductedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    func determinations(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [ChildBIDRecord] {
        try await ChildAccess.read("child_bid.list_read", personID, actor, audit: audit, at: ctx.now, on: db)
        return try await ChildBIDRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$decidedOn, .descending).sort(\.$recordedAt, .descending).all()
    }

    /// The latest assessment of a person (by date, then as recorded).
    static func latest(_ personID: UUID, on db: any Database) async throws -> ChildBIARecord? {
        try await ChildBIARecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$conductedOn, .descending).sort(\.$recordedAt, .descending).first()
    }

    func assess(personID: UUID, _ input: BIAInput, by actor: Actor) async throws -> ChildBIARecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            _ = try await ChildAccess.child(personID, actor, today: today, on: db)
            let c = try BestInterestsRules.validate(input.facts, today: today)
            let b = ChildBIARecord()
            b.id = UUID()
            b.personID = personID
            b.conductedOn = c.conductedOn.description
            b.trigger = c.trigger.rawValue
            b.safety = c.safety; b.health = c.health; b.education = c.education; b.familyContact = c.familyContact
            b.childHeard = c.childHeard; b.childViews = c.childViews; b.notHeardReason = c.notHeardReason
            b.recommendation = c.recommendation
            b.recommendedCare = c.recommendedCare.rawValue
            b.assessorID = actor.userID
            b.assessor = actor.username
            b.recordedAt = now
            try await b.create(on: db)
            let findings = [("safety", c.safety), ("health", c.health), ("education", c.education), ("familyContact", c.familyContact),
                            ("childViews", c.childViews), ("notHeardReason", c.notHeardReason)].filter { $0.1 != nil }.map(\.0)
            try await ChildAccess.audit("child_bia.recorded", personID, fields: ["conductedOn", "trigger", "childHeard", "recommendation",
                                                                               "recommendedCare"] + findings, actor, at: now, on: db)
            // A BIA done fulfils the BIA that was due (each completion audited).
            for _ in try await CaseTaskService(db: db, ctx: ctx).completeOpen(kind: .bia, personID: personID, by: actor, on: db) {
                try await AuditLog.append(AuditEntry("case_task.completed", "person", personID, fields: ["status"]), by: AuditActor(actor), at: now, on: db)
            }
            return b
        }
    }

    func determine(personID: UUID, _ input: BIDInput, by actor: Actor) async throws -> ChildBIDRecord {
        try actor.require(.caseManage)
        let now = ctx.now, today = DayDate(now)
        return try await db.writeTransaction { db in
            _ = try await ChildAccess.child(personID, actor, today: today, on: db)
            let bia = try await Self.latest(personID, on: db)
            let c = try BestInterestsRules.validate(BIDFacts(decidedOn: input.decidedOn, solution: input.solution, rationale: input.rationale,
                                                             panel: input.panel ?? [], latestBIAOn: bia.flatMap { DayDate($0.conductedOn) }), today: today)
            let d = ChildBIDRecord()
            d.id = UUID()
            d.personID = personID
            d.biaID = bia!.id!
            d.decidedOn = c.decidedOn.description
            d.solution = c.solution.rawValue
            d.rationale = c.rationale
            d.panel = String(data: try JSONEncoder().encode(c.panel), encoding: .utf8) ?? "[]"
            d.recordedByID = actor.userID
            d.recordedBy = actor.username
            d.recordedAt = now
            d.version = 1
            try await d.create(on: db)
            try await ChildAccess.audit("child_bid.recorded", personID, fields: ["decidedOn", "solution", "rationale", "panel"], actor, at: now, on: db)
            return d
        }
    }

    /// A supervisor confirms a determination (once); audited.
    func confirm(_ id: UUID, expected: ExpectedVersion?, by actor: Actor) async throws -> ChildBIDRecord {
        guard actor.can(.caseAssign) || actor.can(.caseClose) else { throw DomainError.forbidden }
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let d = try await ChildBIDRecord.find(id, on: db) else { throw DomainError.notFound }
            _ = try await ChildAccess.person(d.personID, actor, on: db)
            if d.confirmedBy != nil { throw DomainError.conflict("bid_already_confirmed") }
            if d.recordedByID == actor.userID { throw DomainError.conflict("self_confirmation") }
            d.version = try await db.bumpVersion(table: ChildBIDRecord.schema, id: id, expected: expected)
            d.confirmedBy = actor.username
            d.confirmedOn = DayDate(now).description
            try await d.update(on: db)
            try await ChildAccess.audit("child_bid.confirmed", d.personID, fields: ["confirmedBy"], actor, at: now, on: db)
            return d
        }
    }
}
