import Fluent
import Foundation
import Vapor
import BadilCore

/// Decisions following the IDC Community Assessment and Placement model (DOMAIN.md §3.4) in the browser:
/// the five steps in one form, the decision page with approval, return and withdrawal, the approval inbox.
/// The form is in `DecisionPages+Form`; reviews and check-ins, recorded from the decision page, in `FollowUpPages`.
struct DecisionPages {
    func register(_ app: Application) {
        app.on(.GET, "decisions", access: .permission(.decisionApprove), use: inbox)
        app.on(.GET, "persons", ":id", "decisions", "new", access: .permission(.decisionPropose), use: newDecision)
        app.on(.POST, "persons", ":id", "decisions", access: .permission(.decisionPropose), use: propose)
        app.on(.GET, "decisions", ":id", access: .permission(.personRead), use: show)
        app.on(.GET, "decisions", ":id", "edit", access: .permission(.decisionPropose), use: edit)
        app.on(.POST, "decisions", ":id", "edit", access: .permission(.decisionPropose), use: resubmit)
        app.on(.POST, "decisions", ":id", "approve", access: .permission(.decisionApprove), use: approve)
        app.on(.POST, "decisions", ":id", "return", access: .permission(.decisionApprove), use: returnDecision)
        app.on(.POST, "decisions", ":id", "withdraw", access: .permission(.decisionPropose), use: withdraw)
        app.on(.POST, "decisions", ":id", "reviews", access: .permission(.decisionPropose), use: review)
        app.on(.POST, "decisions", ":id", "check-ins", access: .permission(.caseManage), use: checkIn)
    }

    static let checks = [("legalObligations", "decision.check.legal_obligations"), ("identityCheck", "decision.check.identity"),
                         ("healthCheck", "decision.check.health"), ("securityCheck", "decision.check.security")]
    static let supports = [("caseManagement", "decision.support.case_management"), ("legalAdvice", "decision.support.legal_advice"),
                           ("interpretation", "decision.support.interpretation"), ("basicNeeds", "decision.support.basic_needs"),
                           ("documents", "decision.support.documents")]
    static let texts = [("presumptionNotes", "decision.presumption_notes"), ("individualFactors", "decision.individual_factors"),
                        ("urgencyReason", "decision.urgency_reason"), ("communityNotes", "decision.community_notes"),
                        ("justification", "decision.justification"), ("legalBasis", "decision.legal_basis"),
                        ("decidingAuthority", "decision.deciding_authority"), ("reviewDate", "decision.review_date"),
                        ("summary", "decision.summary"), ("presumptionOfLiberty", "decision.presumption_short"), ("outcome", "decision.outcome"),
                        ("conditions", "decision.conditions"), ("screeningId", "decision.screening")]

    // MARK: The decision

    struct StepFact: Encodable { let label: String; let value: String; let free: Bool }
    struct StepView: Encodable { let number: Int; let title: String; let facts: [StepFact] }
    struct ReviewRow: Encodable { let when: String; let by: String; let outcome: String; let justification: String; let next: String? }
    struct CheckInRow: Encodable { let due: String; let status: String; let statusClass: String; let checkedOn: String? }
    struct CheckInEntryRow: Encodable { let date: String; let kind: String; let note: String?; let by: String }
    struct DecisionBody: Encodable {
        let id: String; let person: PersonHeader; let version: Int; let status: String; let statusClass: String; let outcome: String
        let isDetention: Bool; let proposedBy: String; let proposedAt: String; let decidedBy: String?; let decidedAt: String?
        let decidedLabel: String; let returnReason: String?; let supersededHref: String?; let screening: ScreeningBrief?
        let steps: [StepView]; let form: FormState
        let canApprove: Bool; let canReturn: Bool; let canWithdraw: Bool; let canEdit: Bool; let ownProposal: Bool; let returnForm: FormState
        let showReview: Bool; let reviewDate: String?; let reviewOverdue: Bool; let daysOverdue: Int; let reviews: [ReviewRow]; let hasReviews: Bool
        let canReview: Bool; let reviewForm: FormState; let reviewOutcomes: [OutcomeOption]; let maxReviewDays: Int
        let hasReporting: Bool; let reportingInterval: Int; let schedule: [CheckInRow]; let hasSchedule: Bool; let checkIns: [CheckInEntryRow]
        let hasCheckIns: Bool; let canCheckIn: Bool; let checkInForm: FormState; let checkInKinds: [OutcomeOption]; let today: String
    }

    struct Forms {
        var top = FormState()
        var returnForm = FormState()
        var review = FormState()
        var checkIn = FormState()
    }

    func decisionPage(_ req: Request, id: UUID, forms: Forms = Forms(), status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let view = try await DecisionService(db: req.db, ctx: req.badil).get(id, by: actor)
        let d = view.decision
        let draft = d.draft
        let today = DayDate(req.badil.now)
        let state = d.decisionStatus
        let isProposer = d.proposedByID == actor.userID
        func text(_ s: String?) -> String { s ?? "–" }
        func label<E: RawRepresentable>(_ e: E?, _ key: (E) -> String) -> String { e.map { req.t(key($0)) } ?? "–" }
        let steps = [
            StepView(number: 1, title: req.t("decision.step1"), facts: [
                StepFact(label: req.t("decision.presumption"), value: req.t(draft.presumptionOfLiberty ? "screening.answer_yes" : "screening.answer_no"), free: false),
                StepFact(label: req.t("decision.presumption_notes"), value: text(draft.presumptionNotes), free: true)]),
            StepView(number: 2, title: req.t("decision.step2"), facts: zip(Self.checks, [draft.legalObligations, draft.identityCheck,
                                                                                           draft.healthCheck, draft.securityCheck]).map { field, value in
                StepFact(label: req.t(field.1), value: label(value) { $0.labelKey }, free: false)
            } + [StepFact(label: req.t("decision.individual_factors"), value: text(draft.individualFactors), free: true),
                 StepFact(label: req.t("decision.urgency_reason"), value: text(draft.urgencyReason), free: true)]),
            StepView(number: 3, title: req.t("decision.step3"), facts: zip(Self.supports, [draft.caseManagement, draft.legalAdvice, draft.interpretation,
                                                                                           draft.basicNeeds, draft.documents]).map { field, value in
                StepFact(label: req.t(field.1), value: label(value) { $0.labelKey }, free: false)
            } + [StepFact(label: req.t("decision.community_notes"), value: text(draft.communityNotes), free: true)]),
            StepView(number: 4, title: req.t("decision.step4"), facts: draft.conditions.isEmpty
                ? [StepFact(label: req.t("decision.conditions"), value: req.t("decision.no_conditions"), free: false)]
                : draft.conditions.map { c in
                    var value = c.details ?? ""
                    if let days = c.reportingIntervalDays {
                        value = req.t("decision.every_days", ["days": String(days)]) + (value.isEmpty ? "" : " · \(value)")
                    }
                    return StepFact(label: req.t(c.kind.labelKey), value: value.isEmpty ? "–" : value, free: true)
                }),
            StepView(number: 5, title: req.t("decision.step5"), facts: [
                StepFact(label: req.t("decision.outcome"), value: req.t(d.decisionOutcome.labelKey), free: false),
                StepFact(label: req.t("decision.justification"), value: text(draft.justification), free: true),
                StepFact(label: req.t("decision.legal_basis"), value: text(draft.legalBasis), free: true),
                StepFact(label: req.t("decision.deciding_authority"), value: text(draft.decidingAuthority), free: true),
                StepFact(label: req.t("decision.review_date"), value: text(draft.reviewDate?.description), free: false),
                StepFact(label: req.t("decision.summary"), value: text(draft.summary), free: true)]),
        ]
        let isDetention = d.decisionOutcome == .detentionLastResort
        let showReview = state == .approved && isDetention
        let reviewDay = d.reviewDay
        let followUp = FollowUpService(db: req.db, ctx: req.badil)
        let schedule = followUp.schedule(d, checkIns: view.checkIns).reversed().map { c in
            CheckInRow(due: c.due.description, status: req.t(c.status.labelKey), statusClass: Self.checkInClass(c.status), checkedOn: c.checkedOn?.description)
        }
        let reviewValue = forms.review.values["reviewOutcome"]
        let kindValue = forms.checkIn.values["checkInKind"] ?? CheckInRecordKind.reported.rawValue
        let decidedLabel = state == .returned ? "decision.returned_by" : "decision.approved_by"
        return try await req.renderPage("decisions/show", titleKey: "decision.title", DecisionBody(
            id: id.uuidString, person: PersonHeader(view.person, today: today), version: d.version, status: req.t(state.labelKey),
            statusClass: CaseFormat.statusClass(state), outcome: req.t(d.decisionOutcome.labelKey), isDetention: isDetention,
            proposedBy: d.proposedBy, proposedAt: RegistrationPages.when(d.proposedAt),
            decidedBy: [.approved, .superseded, .returned].contains(state) ? d.decidedBy : nil,
            decidedAt: d.decidedAt.map(RegistrationPages.when), decidedLabel: req.t(decidedLabel), returnReason: state == .returned ? d.returnReason : nil,
            supersededHref: d.supersededByID.map { "/decisions/\($0.uuidString)" },
            screening: view.screening.map { Self.brief($0, req, canOpen: actor.can(.screeningConduct)) }, steps: steps, form: forms.top,
            canApprove: state == .proposed && actor.can(.decisionApprove) && !isProposer,
            canReturn: state == .proposed && actor.can(.decisionApprove) && !isProposer,
            canWithdraw: state.isOpen && actor.can(.decisionPropose) && (isProposer || actor.can(.decisionApprove)),
            canEdit: state == .returned && actor.can(.decisionPropose), ownProposal: state == .proposed && isProposer, returnForm: forms.returnForm,
            showReview: showReview, reviewDate: reviewDay?.description, reviewOverdue: reviewDay.map { ReviewRules.isOverdue(reviewDate: $0, today: today) } ?? false,
            daysOverdue: reviewDay.map { ReviewRules.daysOverdue(reviewDate: $0, today: today) } ?? 0,
            reviews: view.reviews.map { r in
                ReviewRow(when: RegistrationPages.when(r.reviewedAt), by: r.reviewedBy, outcome: req.t("review_outcome.\(r.outcome)"),
                          justification: r.justification, next: r.nextReviewDate)
            }, hasReviews: !view.reviews.isEmpty, canReview: showReview && actor.can(.decisionPropose), reviewForm: forms.review,
            reviewOutcomes: ReviewOutcome.allCases.map { o in
                OutcomeOption(value: o.rawValue, label: req.t(o.labelKey), hint: "", checked: reviewValue == o.rawValue,
                              disabled: o == .confirm && PersonHeader(view.person, today: today).isChild)
            }, maxReviewDays: req.badil.settings.maxReviewDays,
            hasReporting: state == .approved && d.reportingInterval != nil, reportingInterval: d.reportingInterval ?? 0,
            schedule: schedule, hasSchedule: !schedule.isEmpty,
            checkIns: view.checkIns.reversed().map { c in
                CheckInEntryRow(date: c.date, kind: req.t("check_in_record.\(c.kind)"), note: c.note, by: c.recordedBy)
            }, hasCheckIns: !view.checkIns.isEmpty,
            canCheckIn: state == .approved && d.reportingInterval != nil && actor.can(.caseManage), checkInForm: forms.checkIn,
            checkInKinds: CheckInRecordKind.allCases.map { k in
                OutcomeOption(value: k.rawValue, label: req.t(k.labelKey), hint: "", checked: kindValue == k.rawValue, disabled: false)
            }, today: today.description), status: status)
    }

    static func checkInClass(_ s: CheckInStatus) -> String {
        switch s {
        case .onTime, .excused: return "badge badge-ok"
        case .late, .pending: return "badge badge-warning"
        case .missed: return "badge badge-urgent"
        case .upcoming: return "badge badge-muted"
        }
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await decisionPage(req, id: try req.uuidParameter())
    }

    /// Approve, return and withdraw share the refusals: a rule that no longer holds, a stale version, a state that moved on.
    private func act(_ req: Request, id: UUID, returnForm: FormState? = nil,
                     _ body: (ExpectedVersion?) async throws -> Void) async throws -> Response {
        let expected = Int(req.formFields()["version"] ?? "").map(ExpectedVersion.version)
        var forms = Forms()
        if let returnForm { forms.returnForm = returnForm }
        do {
            try await body(expected)
            return req.redirect("/decisions/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            if returnForm != nil {
                forms.returnForm.add(issues, req, labels: ["returnReason": req.t("decision.return_reason")], rename: ["reason": "returnReason"])
            } else {
                forms.top.add(issues, req, labels: Self.labels(req))
            }
            return try await decisionPage(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            forms.top.add(message: "error.stale_version", req)
            return try await decisionPage(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.conflict(let code) {
            forms.top.add(message: "error.\(code)", req)
            return try await decisionPage(req, id: id, forms: forms, status: .conflict)
        }
    }

    @Sendable func approve(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let service = DecisionService(db: req.db, ctx: req.badil)
        return try await act(req, id: id) { _ = try await service.approve(id, expected: $0, by: try req.actor) }
    }

    @Sendable func returnDecision(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let service = DecisionService(db: req.db, ctx: req.badil)
        let reason = req.formFields()["returnReason"]
        return try await act(req, id: id, returnForm: FormState(values: ["returnReason": reason ?? ""])) {
            _ = try await service.returnDecision(id, reason: reason, expected: $0, by: try req.actor)
        }
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let service = DecisionService(db: req.db, ctx: req.badil)
        return try await act(req, id: id) { _ = try await service.withdraw(id, expected: $0, by: try req.actor) }
    }

    // MARK: Approval inbox

    struct InboxRow: Encodable {
        let href: String; let personHref: String; let caseNumber: String; let name: String; let nameOriginal: String; let child: Bool
        let outcome: String; let detention: Bool; let proposedBy: String; let proposedAt: String; let waiting: Int; let own: Bool
    }
    struct InboxBody: Encodable { let rows: [InboxRow]; let hasRows: Bool; let pager: Pager; let statuses: [SelectOption]; let returned: Bool }

    @Sendable func inbox(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let status = try req.filterOneOf("status", [DecisionStatus.proposed.rawValue, DecisionStatus.returned.rawValue]) ?? DecisionStatus.proposed.rawValue
        let page = try req.page()
        let result = try await DecisionService(db: req.db, ctx: req.badil).inbox(status: DecisionStatus(rawValue: status)!, page: page, by: actor)
        let now = req.badil.now
        let today = DayDate(now)
        let rows = result.items.map { d, p in
            InboxRow(href: "/decisions/\(d.id!.uuidString)", personHref: "/persons/\(p.id!.uuidString)", caseNumber: p.caseNumber,
                     name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "", child: p.isChild(on: today), outcome: req.t(d.decisionOutcome.labelKey),
                     detention: d.decisionOutcome == .detentionLastResort, proposedBy: d.proposedBy, proposedAt: RegistrationPages.when(d.proposedAt),
                     waiting: max(0, DayDate(d.proposedAt).days(until: today)), own: d.proposedByID == actor.userID)
        }
        return try await req.renderPage("decisions/inbox", titleKey: "approvals.title", InboxBody(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/decisions", query: ["status": status]),
            statuses: [DecisionStatus.proposed, .returned].map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: $0.rawValue == status) },
            returned: status == DecisionStatus.returned.rawValue))
    }
}
