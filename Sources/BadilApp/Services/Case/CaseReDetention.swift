import Fluent
import Foundation
import BadilCore

/// What a re-detention changes on the case: the alternative decided no longer holds (the approved decision is
/// reopened, so the person is again in the priority queue as needing a decision), and a mandatory task to seek a
/// new decision within two days is put on the case; a closed case (or one waiting for closure) is reopened. Supervisors and caseworkers see the alert on their home page.
enum CaseReDetention {
    /// Runs inside the incident's transaction; returns the audit entries to add.
    static func apply(personID: UUID, by actor: Actor, ctx: BadilContext, on db: any Database) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        let approved = try await DecisionRecord.query(on: db).filter(\.$personID == personID)
            .filter(\.$status == DecisionStatus.approved.rawValue).filter(\.$outcome != DecisionOutcome.detentionLastResort.rawValue).all()
        for d in approved {
            let to = try DecisionRules.transition(from: d.decisionStatus, action: .reopen, actorIsProposer: false, outcome: d.decisionOutcome)
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: d.id!, expected: .any)
            d.status = to.rawValue
            try await d.save(on: db)
            entries.append(AuditEntry("decision.reopened", "decision", d.id, fields: ["status"]))
        }
        let today = DayDate(ctx.now)
        let file = try await CaseFileService(db: db, ctx: ctx).fileFor(personID: personID, on: db)
        if let reopened = try await ClosureService.reopenOnReDetention(file, by: actor, now: ctx.now, on: db) { entries.append(reopened) }
        let task = CaseTaskService.newTask(personID: personID, kind: CaseTaskKind.newDecision.rawValue, title: ctx.localizer.t("case.task.new_decision", .en),
                                           dueOn: today.addingDays(CaseTaskRules.newDecisionDays), mandatory: true, by: actor.userID, at: ctx.now)
        try await task.create(on: db)
        entries.append(AuditEntry("case_task.created", "person", personID, fields: ["kind", "dueOn", "mandatory"]))
        return entries
    }

    /// Whether the person's decision was reopened by a re-detention and no decision was approved since.
    static func needsNewDecision(_ personID: UUID, on db: any Database) async throws -> Bool {
        let statuses = try await DecisionRecord.query(on: db).filter(\.$personID == personID).all(\.$status)
        return statuses.contains(DecisionStatus.reopened.rawValue) && !statuses.contains(DecisionStatus.approved.rawValue)
    }

    struct Alert: Sendable { let person: PersonRecord; let decision: DecisionRecord }

    /// People in scope whose decision was reopened by a re-detention and who have no approved decision since.
    static func alerts(by actor: Actor, on db: any Database) async throws -> [Alert] {
        let reopened = try await DecisionRecord.query(on: db).filter(\.$status == DecisionStatus.reopened.rawValue).all()
        guard !reopened.isEmpty else { return [] }
        let people = try await RecordScopes.visiblePersons(reopened.map(\.personID), actor, on: db)
        let ids = Array(people.keys)
        var settled: Set<UUID> = []
        for chunk in PersonWrites.chunks(ids, size: 500) {
            settled.formUnion(try await DecisionRecord.query(on: db).filter(\.$personID ~~ Array(chunk))
                .filter(\.$status == DecisionStatus.approved.rawValue).all(\.$personID))
        }
        var seen: Set<UUID> = []
        return reopened.sorted { ($0.updatedAt ?? .distantPast) > ($1.updatedAt ?? .distantPast) }.compactMap { d in
            guard let p = people[d.personID], !settled.contains(d.personID), seen.insert(d.personID).inserted else { return nil }
            return Alert(person: p, decision: d)
        }
    }
}
