import Foundation
import Vapor
import BadilCore

/// What follows an approved decision: reviews of detention and check-ins under a reporting condition,
/// recorded from the decision page, and the follow-up list of what is overdue or coming up.
struct FollowUpPages {
    func register(_ app: Application) {
        app.on(.GET, "follow-up", access: .permission(.decisionPropose), use: followUp)
    }

    /// The longest a follow-up list shows; the home page counts all.
    static let shown = 200

    struct ReviewAlert: Encodable {
        let href: String; let personHref: String; let caseNumber: String; let name: String; let nameOriginal: String; let child: Bool
        let reviewDate: String; let days: Int
    }
    struct MissedAlert: Encodable {
        let href: String; let personHref: String; let caseNumber: String; let name: String; let nameOriginal: String; let missed: Int
        let lastMissed: String; let interval: Int
    }
    struct FollowUpBody: Encodable {
        let overdue: [ReviewAlert]; let overdueTotal: Int; let dueSoon: [ReviewAlert]; let dueSoonTotal: Int
        let missed: [MissedAlert]; let missedTotal: Int; let shown: Int; let window: Int
    }

    static let window = 7

    @Sendable func followUp(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let service = FollowUpService(db: req.db, ctx: req.badil)
        let today = DayDate(req.badil.now)
        let upcoming = try await service.reviews(dueWithin: Self.window, by: actor)
        func alert(_ r: FollowUpService.ReviewItem, days: Int) -> ReviewAlert {
            ReviewAlert(href: "/decisions/\(r.decision.id!.uuidString)", personHref: "/persons/\(r.person.id!.uuidString)",
                        caseNumber: r.person.caseNumber, name: r.person.nameLatin ?? "", nameOriginal: r.person.nameOriginal ?? "",
                        child: r.person.isChild(on: today), reviewDate: r.reviewDate.description, days: days)
        }
        let overdue = upcoming.filter { ReviewRules.isOverdue(reviewDate: $0.reviewDate, today: today) }
            .sorted { $0.daysOverdue > $1.daysOverdue }.map { alert($0, days: $0.daysOverdue) }
        let soon = upcoming.filter { ReviewRules.isDueSoon(reviewDate: $0.reviewDate, today: today, within: Self.window) }
            .map { alert($0, days: today.days(until: $0.reviewDate)) }
        let missed = try await service.missedCheckIns(by: actor).map { m in
            MissedAlert(href: "/decisions/\(m.decision.id!.uuidString)", personHref: "/persons/\(m.person.id!.uuidString)",
                        caseNumber: m.person.caseNumber, name: m.person.nameLatin ?? "", nameOriginal: m.person.nameOriginal ?? "",
                        missed: m.missed, lastMissed: m.schedule.last { $0.status == .missed }?.due.description ?? "",
                        interval: m.decision.reportingInterval ?? 0)
        }
        return try await req.renderPage("followup/list", titleKey: "follow_up.title", FollowUpBody(
            overdue: Array(overdue.prefix(Self.shown)), overdueTotal: overdue.count, dueSoon: Array(soon.prefix(Self.shown)),
            dueSoonTotal: soon.count, missed: Array(missed.prefix(Self.shown)), missedTotal: missed.count, shown: Self.shown, window: Self.window))
    }
}

extension DecisionPages {
    /// A review of an approved detention decision. "New decision" goes on to the decision form.
    @Sendable func review(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var forms = Forms()
        forms.review = FormState(values: f)
        do {
            let d = try await FollowUpService(db: req.db, ctx: req.badil).review(
                decisionID: id, outcome: f["reviewOutcome"], justification: f["reviewJustification"], nextReviewDate: f["reviewNextDate"],
                expected: Int(f["version"] ?? "").map(ExpectedVersion.version), by: try req.actor)
            if f["reviewOutcome"] == ReviewOutcome.newDecision.rawValue {
                return req.redirect("/persons/\(d.personID.uuidString)/decisions/new", notice: "saved")
            }
            return req.redirect("/decisions/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            forms.review.add(issues, req, labels: ["reviewOutcome": req.t("decision.review_outcome"), "reviewJustification": req.t("decision.justification"),
                                                   "reviewNextDate": req.t("decision.next_review_date")],
                             rename: ["outcome": "reviewOutcome", "justification": "reviewJustification", "nextReviewDate": "reviewNextDate"])
            return try await decisionPage(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            forms.review.add(message: "error.stale_version", req)
            return try await decisionPage(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.conflict(let code) {
            forms.review.add(message: "error.\(code)", req)
            return try await decisionPage(req, id: id, forms: forms, status: .conflict)
        }
    }

    /// A check-in (or an excused absence) under the decision's reporting condition.
    @Sendable func checkIn(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var forms = Forms()
        forms.checkIn = FormState(values: f)
        let labels = ["checkInDate": req.t("decision.check_in_date"), "checkInKind": req.t("decision.check_in_kind"), "checkInNote": req.t("decision.check_in_note")]
        let rename = ["date": "checkInDate", "kind": "checkInKind", "note": "checkInNote"]
        do {
            _ = try await FollowUpService(db: req.db, ctx: req.badil).recordCheckIn(decisionID: id, date: f["checkInDate"], kind: f["checkInKind"],
                                                                                   note: f["checkInNote"], by: try req.actor)
            return req.redirect("/decisions/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            forms.checkIn.add(issues, req, labels: labels, rename: rename)
            return try await decisionPage(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.duplicate(let issues) {
            forms.checkIn.add(issues, req, labels: labels, rename: rename)
            return try await decisionPage(req, id: id, forms: forms, status: .conflict)
        } catch DomainError.conflict(let code) {
            forms.checkIn.add(message: "error.\(code)", req)
            return try await decisionPage(req, id: id, forms: forms, status: .conflict)
        }
    }
}
