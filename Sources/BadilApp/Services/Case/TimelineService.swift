import Fluent
import Foundation
import BadilCore

/// A person's single timeline, latest first: registration, stays, screenings, decisions, referrals and transfers,
/// incidents, the case plan, services, visits, notes the reader may see, tasks done, and the events of child
/// protection and outcomes. Restricted notes the reader may not see are left out entirely.
struct TimelineService {
    let db: any Database
    let ctx: BadilContext

    static let defaultLimit = 200
    static let maxLimit = 500

    func events(personID: UUID, limit: Int = defaultLimit, by actor: Actor, audit: Bool = true) async throws -> [TimelineEvent] {
        try actor.requireCaseRead()
        let person = try await CaseFileService.visiblePerson(personID, actor, on: db)
        var events = try await journey(person)
        events += try await caseWork(personID, by: actor)
        events += try await ChildTimeline.events(personID: personID, by: actor, on: db)
        events += try await OutcomeTimeline.events(personID: personID, by: actor, on: db)
        if audit {
            let now = ctx.now
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("timeline.read", "person", personID), by: AuditActor(actor), at: now, on: db)
            }
        }
        return Array(TimelineEvent.sorted(events).prefix(limit))
    }

    static func event(_ at: Date, _ kind: String, _ titleKey: String, detailKey: String? = nil, detail: String = "", href: String? = nil) -> TimelineEvent {
        TimelineEvent(on: DayDate(at), order: at.timeIntervalSince1970, kind: kind, titleKey: titleKey, detailKey: detailKey, detail: detail, href: href)
    }

    static func event(_ day: String, _ at: Date, _ kind: String, _ titleKey: String, detailKey: String? = nil, detail: String = "", href: String? = nil) -> TimelineEvent {
        TimelineEvent(on: DayDate(day) ?? DayDate(at), order: at.timeIntervalSince1970, kind: kind, titleKey: titleKey, detailKey: detailKey, detail: detail, href: href)
    }

    /// Registration, stays, screenings, decisions, referrals, transfers, incidents.
    private func journey(_ p: PersonRecord) async throws -> [TimelineEvent] {
        let id = p.id!
        let personHref = "/persons/\(id.uuidString)"
        var out: [TimelineEvent] = []
        let stays = try await StayRecord.query(on: db).filter(\.$personID == id).with(\.$location).all()
        // Registered at the latest when the first stay started (records entered after the fact keep their real order).
        if let created = ([p.createdAt].compactMap { $0 } + stays.map(\.startedAt)).min() {
            out.append(Self.event(created, "registration", "case.timeline.registration", detail: p.caseNumber, href: personHref))
        }
        for s in stays {
            out.append(Self.event(s.startedAt, "stay", "case.timeline.stay", detailKey: "stay_reason.\(s.reason)", detail: s.location.nameEn))
        }
        for s in try await ScreeningRecord.query(on: db).filter(\.$personID == id).filter(\.$status == ScreeningStatus.completed.rawValue).all() {
            let at = s.completedAt ?? s.createdAt ?? ctx.now
            out.append(Self.event(at, "screening", "case.timeline.screening", detailKey: s.interventionLevel.map { "intervention_level.\($0)" },
                                  href: "/screenings/\(s.id!.uuidString)"))
        }
        for d in try await DecisionRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(d.decidedAt ?? d.proposedAt, "decision", "case.timeline.decision", detailKey: d.decisionOutcome.labelKey,
                                  detail: "", href: "/decisions/\(d.id!.uuidString)"))
            if d.decisionStatus == .reopened, let at = d.updatedAt {
                out.append(Self.event(at, "decision", "case.timeline.decision_reopened", detailKey: d.decisionOutcome.labelKey, href: "/decisions/\(d.id!.uuidString)"))
            }
        }
        for r in try await ReferralRecord.query(on: db).filter(\.$personID == id).all() {
            let href = "/referrals/\(r.id!.uuidString)"
            out.append(Self.event(r.referredAt, "referral", "case.timeline.referral", detailKey: "referral_status.\(r.status)", href: href))
            if let at = r.handedOverAt { out.append(Self.event(at, "transfer", "case.timeline.handed_over", href: href)) }
            if let at = r.arrivedAt { out.append(Self.event(at, "transfer", "case.timeline.arrived", href: href)) }
        }
        for i in try await IncidentRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(i.occurredOn, i.recordedAt, "incident", "case.timeline.incident", detailKey: "incident_kind.\(i.kind)", href: personHref + "#incidents-h"))
        }
        return out
    }

    /// Plan, services, visits, readable notes, tasks done.
    private func caseWork(_ id: UUID, by actor: Actor) async throws -> [TimelineEvent] {
        let caseHref = "/persons/\(id.uuidString)/case"
        var out: [TimelineEvent] = []
        for g in try await CaseGoalRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(g.createdAt, "plan", "case.timeline.goal", detail: g.text, href: caseHref + "#plan-h"))
        }
        for i in try await CasePlanItemRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(i.createdAt, "plan", "case.timeline.plan_item", detailKey: "case_service_type.\(i.serviceType)", detail: i.description,
                                  href: caseHref + "#plan-h"))
        }
        for s in try await CaseServiceRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(s.on, s.recordedAt, "service", s.mode == CaseServiceMode.referral.rawValue ? "case.timeline.service_referral" : "case.timeline.service",
                                  detailKey: "case_service_type.\(s.serviceType)", detail: s.notes ?? "", href: caseHref + "#services-h"))
        }
        for v in try await CaseVisitRecord.query(on: db).filter(\.$personID == id).all() {
            out.append(Self.event(v.visitedOn, v.recordedAt, "visit", "case.timeline.visit", detailKey: "case_visit_kind.\(v.kind)", detail: v.findings,
                                  href: caseHref + "#visits-h"))
        }
        for n in try await CaseNoteService.readable(personID: id, by: actor, on: db) {
            out.append(Self.event(n.createdAt, "note", n.level == .restricted ? "case.timeline.note_restricted" : "case.timeline.note", detail: n.text,
                                  href: caseHref + "#notes-h"))
        }
        for t in try await CaseTaskRecord.query(on: db).filter(\.$personID == id).filter(\.$status == CaseTaskStatus.done.rawValue).all() {
            out.append(Self.event(t.closedOn ?? DayDate(t.createdAt).description, t.createdAt, "task", "case.timeline.task_done", detail: t.title,
                                  href: caseHref + "#tasks-h"))
        }
        return out
    }
}
