import Foundation
import Fluent
import BadilCore

/// Entries of child protection on a person's single timeline, as the actor may see them (the caller audits the read).
enum ChildTimeline {
    static func events(personID: UUID, by actor: Actor, on db: any Database) async throws -> [TimelineEvent] {
        try actor.requireCaseRead()
        _ = try await ChildAccess.person(personID, actor, on: db)
        let href = "/persons/\(personID.uuidString)/child"
        var out: [TimelineEvent] = []
        func add(_ day: String?, _ at: Date, _ kind: String, _ title: String, _ detailKey: String?, _ detail: String, _ anchor: String) {
            guard let on = day.flatMap(DayDate.init) else { return }
            out.append(TimelineEvent(on: on, order: at.timeIntervalSince1970, kind: kind, titleKey: "child.timeline.\(title)", detailKey: detailKey,
                                     detail: detail, href: href + "#" + anchor))
        }
        for b in try await ChildBIARecord.query(on: db).filter(\.$personID == personID).all() {
            add(b.conductedOn, b.recordedAt, "bia", "bia", "child_care_type.\(b.recommendedCare)", b.assessor, "bia-h")
        }
        for d in try await ChildBIDRecord.query(on: db).filter(\.$personID == personID).all() {
            add(d.decidedOn, d.recordedAt, "bid", "bid", "child_solution.\(d.solution)", d.recordedBy, "bid-h")
        }
        for c in try await ChildCareRecord.query(on: db).filter(\.$personID == personID).all() {
            add(c.startedOn, c.recordedAt, "care", "care", "child_care_type.\(c.careType)", c.caregiver, "care-h")
        }
        for g in try await ChildGuardianRecord.query(on: db).filter(\.$personID == personID).all() {
            add(g.appointedOn, g.recordedAt, "guardian", "guardian", "child_guardian_role.\(g.role)", g.name, "guardian-h")
        }
        let requests = try await TracingRequestRecord.query(on: db).filter(\.$personID == personID).all()
        for r in requests {
            add(r.openedOn, r.recordedAt, "tracing", "tracing", "tracing_relationship.\(r.relationship)", r.soughtName, "tracing-h")
        }
        let ids = requests.compactMap(\.id)
        if !ids.isEmpty {
            for m in try await TracingMatchRecord.query(on: db).filter(\.$requestID ~~ ids).filter(\.$status == TracingMatchStatus.verified.rawValue).all() {
                add(m.verifiedOn, m.proposedAt, "tracing", "verified", m.method.map { "tracing_method.\($0)" }, m.decidedBy ?? "", "tracing-h")
            }
        }
        for u in try await ReunificationRecord.query(on: db).group(.or, { $0.filter(\.$personID == personID).filter(\.$relatedPersonID == personID) }).all() {
            add(u.reunifiedOn, u.recordedAt, "reunification", "reunification", nil, u.place, "tracing-h")
        }
        return TimelineEvent.sorted(out)
    }
}
