import Fluent
import Foundation
import Vapor
import BadilCore

/// The "Screening and decisions" section of a person's page: screenings, decisions, and what the
/// decision in force asks for now (reporting schedule, detention review).
struct PersonCasePanel: Encodable {
    struct ScreeningRow: Encodable { let href: String; let date: String; let status: String; let isDraft: Bool; let level: String?; let levelClass: String; let by: String }
    struct DecisionRow: Encodable { let href: String; let date: String; let outcome: String; let status: String; let statusClass: String }

    let visible: Bool
    let canScreen: Bool
    let screenings: [ScreeningRow]
    let hasScreenings: Bool
    let startAction: String
    let canPropose: Bool
    let proposeHref: String
    let openDecisionHref: String?
    let decisions: [DecisionRow]
    let hasDecisions: Bool
    let reporting: String?
    let missedCheckIns: Int
    let review: String?
    let reviewOverdue: Bool

    static func build(_ req: Request, person p: PersonRecord, actor: Actor) async throws -> PersonCasePanel {
        let id = p.id!
        let canScreen = actor.can(.screeningConduct)
        var screenings: [ScreeningRow] = []
        if canScreen {
            screenings = try await ScreeningService(db: req.db, ctx: req.badil).list(personID: id, by: actor).map { s in
                ScreeningRow(href: "/screenings/\(s.id!.uuidString)", date: (s.completedAt ?? s.createdAt).map(RegistrationPages.when) ?? "",
                             status: req.t(s.screeningStatus.labelKey), isDraft: s.screeningStatus == .draft,
                             level: s.screeningStatus == .completed ? s.interventionLevel.map { req.t("intervention_level.\($0)") } : nil,
                             levelClass: CaseFormat.levelClass(s.interventionLevel), by: s.conductedBy)
            }
        }
        let records = try await DecisionService(db: req.db, ctx: req.badil).list(personID: id, by: actor)
        let decisions = records.map { d in
            DecisionRow(href: "/decisions/\(d.id!.uuidString)", date: RegistrationPages.when(d.decidedAt ?? d.proposedAt),
                        outcome: req.t(d.decisionOutcome.labelKey), status: req.t(d.decisionStatus.labelKey), statusClass: CaseFormat.statusClass(d.decisionStatus))
        }
        let today = DayDate(req.badil.now)
        var reporting: String?
        var missed = 0
        var review: String?
        var overdue = false
        if let inForce = records.first(where: { $0.decisionStatus == .approved }) {
            if let interval = inForce.reportingInterval {
                let checkIns = try await CheckInEntry.query(on: req.db).filter(\.$decisionID == inForce.id!).all()
                let schedule = FollowUpService(db: req.db, ctx: req.badil).schedule(inForce, checkIns: checkIns)
                missed = schedule.filter { $0.status == .missed }.count
                // An early check-in can meet the next due date; then the one after is next.
                let next = (schedule.first { $0.status == .pending || $0.status == .upcoming }?.due
                    ?? schedule.last.map { $0.due.addingDays(interval) })?.description ?? "–"
                reporting = req.t("cases.reporting_summary", ["days": String(interval), "next": next])
            }
            if inForce.decisionOutcome == .detentionLastResort, let date = inForce.reviewDay {
                overdue = ReviewRules.isOverdue(reviewDate: date, today: today)
                review = req.t(overdue ? "cases.review_overdue" : "cases.review_due", ["date": date.description])
            }
        }
        return PersonCasePanel(
            visible: canScreen || actor.can(.decisionPropose) || !decisions.isEmpty, canScreen: canScreen, screenings: screenings,
            hasScreenings: !screenings.isEmpty, startAction: "/persons/\(id.uuidString)/screenings", canPropose: actor.can(.decisionPropose),
            proposeHref: "/persons/\(id.uuidString)/decisions/new",
            openDecisionHref: records.first { $0.decisionStatus.isOpen }.map { "/decisions/\($0.id!.uuidString)" },
            decisions: decisions, hasDecisions: !decisions.isEmpty, reporting: reporting, missedCheckIns: missed, review: review, reviewOverdue: overdue)
    }
}
