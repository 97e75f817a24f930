import Fluent
import Foundation
import BadilCore

/// What follows an approved decision by itself: reviews of detention on their dates, and check-ins
/// under a reporting condition, with the alerts when either falls behind.
struct FollowUpService {
    let db: any Database
    let ctx: BadilContext

    struct ReviewItem: Sendable { let decision: DecisionRecord; let person: PersonRecord; let reviewDate: DayDate; let daysOverdue: Int }
    struct ComplianceItem: Sendable { let decision: DecisionRecord; let person: PersonRecord; let schedule: [DueCheckIn]; let missed: Int }

    var today: DayDate { DayDate(ctx.now) }

    /// Approved detention decisions in scope whose review is overdue (and, with `dueWithin`, coming up), most overdue first.
    func reviews(dueWithin days: Int = 0, by actor: Actor) async throws -> [ReviewItem] {
        try actor.require(.personRead)
        let limit = today.addingDays(days).description
        let decisions = try await DecisionRecord.query(on: db).filter(\.$status == DecisionStatus.approved.rawValue)
            .filter(\.$outcome == DecisionOutcome.detentionLastResort.rawValue).filter(\.$reviewDate <= limit).all()
        let people = try await RecordScopes.visiblePersons(decisions.map(\.personID), actor, on: db)
        return decisions.compactMap { d -> ReviewItem? in
            guard let p = people[d.personID], let date = d.reviewDay else { return nil }
            if days == 0 && !ReviewRules.isOverdue(reviewDate: date, today: today) { return nil }
            return ReviewItem(decision: d, person: p, reviewDate: date, daysOverdue: ReviewRules.daysOverdue(reviewDate: date, today: today))
        }.sorted { ($0.reviewDate, $0.person.caseNumber) < ($1.reviewDate, $1.person.caseNumber) }
    }

    /// Records a review of a detention decision: confirmed (new justification and review date) or sent to a new decision.
    func review(decisionID: UUID, outcome raw: String?, justification: String?, nextReviewDate rawDate: String?,
                expected: ExpectedVersion?, by actor: Actor) async throws -> DecisionRecord {
        try actor.require(.decisionPropose)
        guard let expected else { throw DomainError.versionRequired }
        var v = FieldChecker()
        let outcome = v.choice("outcome", raw, required: true, as: ReviewOutcome.self)
        var nextDate: DayDate?
        if let rawDate = rawDate?.trimmingCharacters(in: .whitespaces), !rawDate.isEmpty {
            nextDate = DayDate(rawDate)
            if nextDate == nil { v.add("nextReviewDate", "invalid_date") }
        }
        let text = v.optionalText("justification", justification, max: ReviewRules.maxJustificationLength)
        try v.finish()
        let now = ctx.now
        let today = self.today
        let next = nextDate
        return try await db.writeTransaction { db in
            let (d, person) = try await DecisionService(db: db, ctx: ctx).scoped(decisionID, actor, on: db)
            guard d.decisionStatus == .approved, d.decisionOutcome == .detentionLastResort else { throw DomainError.conflict("review_not_applicable") }
            switch outcome! {
            case .confirm:
                if person.isChild(on: today) { throw DomainError.invalid([FieldIssue("outcome", "child_detention_forbidden")]) }
                try ReviewRules.validateConfirmation(justification: text, nextReviewDate: next, today: today, maxReviewDays: ctx.settings.maxReviewDays)
            case .newDecision:
                if text == nil { throw DomainError.invalid([FieldIssue("justification", "required")]) }
            }
            d.version = try await db.bumpVersion(table: DecisionRecord.schema, id: decisionID, expected: expected)
            if outcome == .confirm { d.reviewDate = next!.description }
            try await d.save(on: db)
            let r = DecisionReviewRecord()
            r.decisionID = decisionID
            r.outcome = outcome!.rawValue
            r.justification = text ?? ""
            r.nextReviewDate = outcome == .confirm ? next?.description : nil
            r.reviewedByID = actor.userID
            r.reviewedBy = actor.username
            r.reviewedAt = now
            try await r.create(on: db)
            try await AuditLog.append(AuditEntry("decision.reviewed", "decision", decisionID, fields: ["outcome", "justification", "nextReviewDate"]),
                                      by: AuditActor(actor), at: now, on: db)
            return d
        }
    }

    /// The reporting schedule of a decision: due dates up to today and the next one, each with its status.
    func schedule(_ d: DecisionRecord, checkIns: [CheckInEntry]) -> [DueCheckIn] {
        guard d.decisionStatus == .approved, let interval = d.reportingInterval, let decided = d.decidedAt else { return [] }
        return ComplianceRules.schedule(start: DayDate(decided), intervalDays: interval, graceDays: ctx.settings.checkInGraceDays,
                                        checkIns: checkIns.compactMap(\.record), until: today)
    }

    func recordCheckIn(decisionID: UUID, date raw: String?, kind rawKind: String?, note: String?, by actor: Actor) async throws -> CheckInEntry {
        try actor.require(.caseManage)
        var v = FieldChecker()
        let kind = v.choice("kind", rawKind ?? CheckInRecordKind.reported.rawValue, required: true, as: CheckInRecordKind.self)
        let text = v.optionalText("note", note, max: 2000)
        let date: DayDate?
        if let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            date = DayDate(raw)
            if date == nil { v.add("date", "invalid_date") }
        } else { date = today }
        if let date, date > today { v.add("date", "date_in_future") }
        try v.finish()
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (d, person) = try await DecisionService(db: db, ctx: ctx).scoped(decisionID, actor, on: db)
            guard d.decisionStatus == .approved, d.reportingInterval != nil, let decided = d.decidedAt else {
                throw DomainError.conflict("no_reporting_condition")
            }
            if date! < DayDate(decided) { throw DomainError.invalid([FieldIssue("date", "before_decision")]) }
            if try await CheckInEntry.query(on: db).filter(\.$decisionID == decisionID).filter(\.$date == date!.description).count() > 0 {
                throw DomainError.duplicate([FieldIssue("date", "check_in_exists")])
            }
            let c = CheckInEntry()
            c.decisionID = decisionID
            c.personID = person.id!
            c.date = date!.description
            c.kind = kind!.rawValue
            c.note = text
            c.recordedByID = actor.userID
            c.recordedBy = actor.username
            c.recordedAt = now
            try await c.create(on: db)
            try await AuditLog.append(AuditEntry("checkin.recorded", "decision", decisionID, fields: ["date", "kind"]), by: AuditActor(actor), at: now, on: db)
            return c
        }
    }

    /// People in scope under a reporting condition who missed a check-in beyond the grace period.
    func missedCheckIns(by actor: Actor) async throws -> [ComplianceItem] {
        try actor.require(.personRead)
        let decisions = try await DecisionRecord.query(on: db).filter(\.$status == DecisionStatus.approved.rawValue)
            .filter(\.$outcome ~~ [DecisionOutcome.releaseWithConditions.rawValue, DecisionOutcome.communityPlacement.rawValue]).all()
            .filter { $0.reportingInterval != nil }
        let people = try await RecordScopes.visiblePersons(decisions.map(\.personID), actor, on: db)
        var checkIns: [UUID: [CheckInEntry]] = [:]
        for chunk in PersonWrites.chunks(decisions.compactMap(\.id), size: 500) {
            for c in try await CheckInEntry.query(on: db).filter(\.$decisionID ~~ Array(chunk)).all() { checkIns[c.decisionID, default: []].append(c) }
        }
        return decisions.compactMap { d -> ComplianceItem? in
            guard let p = people[d.personID] else { return nil }
            let s = schedule(d, checkIns: checkIns[d.id!] ?? [])
            let missed = s.filter { $0.status == .missed }.count
            return missed > 0 ? ComplianceItem(decision: d, person: p, schedule: s, missed: missed) : nil
        }.sorted { ($0.missed, $1.person.caseNumber) > ($1.missed, $0.person.caseNumber) }
    }
}
