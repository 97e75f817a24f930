import Foundation
import Vapor
import BadilCore

/// The forms of the outcome page, each redisplayed with its own errors.
struct OutcomeForms: Encodable {
    var top = FormState()
    var start = FormState()
    var step = FormState()
    var withdraw = FormState()
    var referral = FormState()
    var change = FormState()
    var request = FormState()
    var decide = FormState()
    var reopen = FormState()
}

/// What /persons/{id}/outcome shows: the return pathway, the outcome referrals, the case closure and its history.
struct OutcomePageModel: Encodable {
    struct StepRow: Encodable { let step: String; let label: String; let status: String; let statusClass: String; let on: String; let note: String; let by: String; let embassy: Bool }
    struct Pathway: Encodable {
        let status: String; let statusClass: String; let startedOn: String; let startedBy: String; let overrideReason: String?; let version: Int
        let steps: [StepRow]; let active: Bool
    }
    struct Withdrawn: Encodable { let startedOn: String; let withdrawnOn: String; let reason: String }
    struct ReferralRow: Encodable {
        let id: String; let kind: String; let organization: String; let status: String; let statusClass: String; let referredOn: String
        let statusOn: String; let note: String; let version: Int; let next: [SelectOption]; let canChange: Bool
    }
    struct EventRow: Encodable { let action: String; let on: String; let by: String; let reason: String; let text: String?; let override: String? }

    let person: PersonHeader
    let canManage: Bool
    let canApprove: Bool
    let pathway: Pathway?
    let withdrawn: [Withdrawn]
    let hasWithdrawn: Bool
    let needsOverride: Bool
    let overrideHint: String
    let stepOptions: [SelectOption]
    let stepStatuses: [SelectOption]
    let referrals: [ReferralRow]
    let hasReferrals: Bool
    let kinds: [SelectOption]
    let caseStatus: String
    let caseStatusClass: String
    let caseVersion: Int
    let closureReason: String?
    let closedOn: String?
    let openMandatoryTasks: Int
    let hasOpenTasks: Bool
    let canRequest: Bool
    let canDecide: Bool
    let isRequester: Bool
    let canReopen: Bool
    let reasons: [SelectOption]
    let events: [EventRow]
    let hasEvents: Bool
    let today: String
    let forms: OutcomeForms

    static func build(_ req: Request, personID: UUID, forms: OutcomeForms) async throws -> OutcomePageModel {
        let actor = try req.actor
        let now = req.badil.now, today = DayDate(now)
        let person = try await OutcomeCaseFile.person(personID, actor, on: req.db, today: today)
        let state = try await ReturnPathwayService(db: req.db, ctx: req.badil).state(personID: personID, by: actor, audit: false)
        let referrals = try await OutcomeReferralService(db: req.db, ctx: req.badil).list(personID: personID, by: actor, audit: false)
        let history = try await ClosureService(db: req.db, ctx: req.badil).history(personID: personID, by: actor, audit: false)
        try await OutcomeCaseFile.auditRead("outcome.read", personID, by: actor, now: now, on: req.db)
        let status = history.caseFile?.caseStatus ?? .open
        let canManage = actor.can(.caseManage)
        let flagged = try await ProtectionFlag.isSet(personID: personID, on: req.db)
        let child = person.isChild(on: today)
        let bid = child ? try await ReturnChildBID.decidesReturn(personID: personID, on: req.db) : false
        let needsOverride = flagged || (child && !bid)
        let isRequester = history.pending?.actorID == actor.userID
        return OutcomePageModel(
            person: PersonHeader(person, today: today), canManage: canManage, canApprove: actor.can(.caseClose),
            pathway: state.current.map { pathway($0, req) },
            withdrawn: state.withdrawn.map { Withdrawn(startedOn: $0.pathway.startedOn, withdrawnOn: $0.pathway.withdrawnOn ?? "", reason: $0.pathway.withdrawReason ?? "") },
            hasWithdrawn: !state.withdrawn.isEmpty, needsOverride: needsOverride,
            overrideHint: req.t(flagged ? "outcome.override_hint_protection" : "outcome.override_hint_child"),
            stepOptions: req.options(ReturnStep.self, selected: forms.step.values["step"]) { $0.labelKey },
            stepStatuses: req.options(ReturnStepStatus.self, selected: forms.step.values["status"]) { $0.labelKey },
            referrals: referrals.map { referral($0, canManage: canManage, req) }, hasReferrals: !referrals.isEmpty,
            kinds: req.options(OutcomeReferralKind.self, selected: forms.referral.values["kind"]) { $0.labelKey },
            caseStatus: req.t(status.labelKey), caseStatusClass: statusClass(status), caseVersion: history.caseFile?.version ?? 0,
            closureReason: history.caseFile?.closureReason.map { req.t("closure_reason.\($0)") }, closedOn: history.caseFile?.closedOn,
            openMandatoryTasks: history.openMandatoryTasks, hasOpenTasks: history.openMandatoryTasks > 0, canRequest: canManage && status == .open,
            canDecide: actor.can(.caseClose) && status == .closurePending && !isRequester, isRequester: isRequester,
            canReopen: canManage && status == .closed,
            reasons: req.options(ClosureReason.self, selected: forms.request.values["reason"]) { $0.labelKey },
            events: history.events.map { event($0, req) }, hasEvents: !history.events.isEmpty, today: today.description, forms: forms)
    }

    static func pathway(_ v: ReturnPathwayService.View, _ req: Request) -> Pathway {
        let p = v.pathway
        return Pathway(status: req.t(p.pathwayStatus.labelKey), statusClass: p.pathwayStatus == .completed ? "badge badge-ok" : "badge",
                       startedOn: p.startedOn, startedBy: p.startedBy, overrideReason: p.overrideReason, version: p.version,
                       steps: v.steps.map { s in
                           StepRow(step: s.step, label: req.t("return_step.\(s.step)"), status: req.t(s.stepStatus.labelKey),
                                   statusClass: stepClass(s.stepStatus), on: s.statusOn ?? "", note: s.note ?? "", by: s.updatedBy ?? "",
                                   embassy: s.source == "embassy")
                       },
                       active: p.pathwayStatus != .withdrawn)
    }

    static func referral(_ r: OutcomeReferralRecord, canManage: Bool, _ req: Request) -> ReferralRow {
        let next = OutcomeRules.allowed(from: r.referralStatus)
        let kind = req.t("outcome_kind.\(r.kind)") + (r.otherText.map { ": \($0)" } ?? "")
        return ReferralRow(id: r.id!.uuidString, kind: kind, organization: r.organization ?? "–", status: req.t(r.referralStatus.labelKey),
                           statusClass: r.referralStatus == .completed || r.referralStatus == .accepted ? "badge badge-ok" : r.referralStatus == .declined ? "badge badge-muted" : "badge",
                           referredOn: r.referredOn, statusOn: r.statusOn, note: r.note ?? "", version: r.version,
                           next: next.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: false) },
                           canChange: canManage && !next.isEmpty)
    }

    static func event(_ e: CaseClosureEventRecord, _ req: Request) -> EventRow {
        EventRow(action: req.t("closure_action.\(e.action)"), on: e.onDay, by: e.actor, reason: e.reason.map { req.t("closure_reason.\($0)") } ?? "",
                 text: e.reasonText, override: e.overrideReason)
    }

    static func stepClass(_ s: ReturnStepStatus) -> String {
        switch s {
        case .done: return "badge badge-ok"
        case .failed: return "badge badge-urgent"
        case .inProgress: return "badge badge-warning"
        case .pending, .notApplicable: return "badge badge-muted"
        }
    }

    static func statusClass(_ s: CaseStatus) -> String {
        switch s {
        case .open: return "badge badge-ok"
        case .closurePending: return "badge badge-warning"
        case .closed: return "badge badge-muted"
        }
    }
}
