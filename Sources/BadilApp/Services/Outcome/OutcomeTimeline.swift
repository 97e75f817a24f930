import Foundation
import Fluent
import BadilCore

/// Entries of outcomes and closure on a person's single timeline, as the actor may see them: return pathway
/// started or withdrawn and its settled steps, outcome referrals and their status, closure requests, decisions
/// and reopenings. The caller audits the timeline read.
enum OutcomeTimeline {
    static func events(personID: UUID, by actor: Actor, on db: any Database) async throws -> [TimelineEvent] {
        guard OutcomeCaseFile.canRead(actor) else { return [] }
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() == 1 else { return [] }
        let href = "/persons/\(personID.uuidString)/outcome"
        return try await returnEvents(personID, href, on: db) + referralEvents(personID, href, on: db) + closureEvents(personID, href, on: db)
    }

    private static func returnEvents(_ personID: UUID, _ href: String, on db: any Database) async throws -> [TimelineEvent] {
        let pathways = try await ReturnPathwayRecord.query(on: db).filter(\.$personID == personID).all()
        guard !pathways.isEmpty else { return [] }
        let steps = try await ReturnStepRecord.query(on: db).filter(\.$personID == personID).all()
        var out: [TimelineEvent] = []
        for p in pathways {
            let start = p.createdAt.timeIntervalSince1970
            if let on = DayDate(p.startedOn) {
                out.append(TimelineEvent(on: on, order: start, kind: "return_step", titleKey: "outcome.timeline.return_started", href: href + "#return-h"))
            }
            if let w = p.withdrawnOn.flatMap(DayDate.init) {
                out.append(TimelineEvent(on: w, order: p.updatedAt.timeIntervalSince1970, kind: "return_step", titleKey: "outcome.timeline.return_withdrawn",
                                         detail: p.withdrawReason ?? "", href: href + "#return-h"))
            }
        }
        for s in steps where s.stepStatus == .done || s.stepStatus == .failed {
            guard let on = s.statusOn.flatMap(DayDate.init) else { continue }
            out.append(TimelineEvent(on: on, order: s.updatedAt.timeIntervalSince1970 + Double(s.position) / 100, kind: "return_step",
                                     titleKey: "return_step.\(s.step)", detailKey: s.stepStatus.labelKey, detail: s.note ?? "", href: href + "#return-h"))
        }
        return out
    }

    private static func referralEvents(_ personID: UUID, _ href: String, on db: any Database) async throws -> [TimelineEvent] {
        try await OutcomeReferralRecord.query(on: db).filter(\.$personID == personID).all().flatMap { r -> [TimelineEvent] in
            var out: [TimelineEvent] = []
            if let on = DayDate(r.referredOn) {
                out.append(TimelineEvent(on: on, order: r.createdAt.timeIntervalSince1970, kind: "outcome", titleKey: "outcome.timeline.referral",
                                         detailKey: "outcome_kind.\(r.kind)", detail: r.organization ?? r.otherText ?? "", href: href + "#referrals-h"))
            }
            if r.referralStatus != .referred, let on = DayDate(r.statusOn) {
                out.append(TimelineEvent(on: on, order: r.updatedAt.timeIntervalSince1970, kind: "outcome", titleKey: "outcome_kind.\(r.kind)",
                                         detailKey: r.referralStatus.labelKey, detail: r.organization ?? "", href: href + "#referrals-h"))
            }
            return out
        }
    }

    private static func closureEvents(_ personID: UUID, _ href: String, on db: any Database) async throws -> [TimelineEvent] {
        try await CaseClosureEventRecord.query(on: db).filter(\.$personID == personID).all().compactMap { e -> TimelineEvent? in
            guard let on = DayDate(e.onDay), let action = e.closureAction else { return nil }
            return TimelineEvent(on: on, order: e.at.timeIntervalSince1970 + Double(e.seq) / 1000, kind: action == .reopened ? "reopening" : "closure",
                                 titleKey: "closure.timeline.\(action.rawValue)", detailKey: e.reason.map { "closure_reason.\($0)" },
                                 detail: e.reasonText ?? "", href: href + "#closure-h")
        }
    }
}
