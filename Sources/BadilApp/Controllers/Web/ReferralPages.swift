import Foundation
import Vapor
import BadilCore

/// Referrals in the browser: the list (an operator's inbox of referrals to decide, a caseworker's referrals of
/// their people) and one referral with the operator's decision and the referrer's cancellation.
struct ReferralPages {
    func register(_ app: Application) {
        app.on(.GET, "referrals", access: .permission(.personRead), use: list)
        app.on(.GET, "referrals", ":id", access: .permission(.personRead), use: show)
        app.on(.POST, "referrals", ":id", "accept", access: .permission(.referralDecide), use: accept)
        app.on(.POST, "referrals", ":id", "decline", access: .permission(.referralDecide), use: decline)
        app.on(.POST, "referrals", ":id", "cancel", access: .permission(.referralCreate), use: cancel)
    }

    /// Who has a referral list: referrers, operators, and the detention officers who hand people over.
    static func canList(_ actor: Actor) -> Bool {
        actor.can(.referralCreate) || actor.can(.referralDecide) || actor.can(.transferHandover)
    }

    // MARK: List

    struct ReferralListPage: Encodable {
        let lists: [ReferralList]; let pager: Pager; let statuses: [SelectOption]; let overdue: Bool; let facilityId: String?
        let facility: String?; let isOperator: Bool
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let raw = req.filterText("status")
        // Operators open their inbox: what waits for their decision. "all" lifts the filter.
        var status: ReferralStatus? = raw == nil && actor.can(.referralDecide) ? .pending : nil
        if let raw, raw != "all" { status = try req.filterChoice("status", ReferralStatus.self) }
        let overdue = req.flag("overdue", default: false)
        let facilityID = req.queryUUID("facilityId")
        let page = try req.page()
        let result = try await ReferralService(db: req.db, ctx: req.badil).list(status: status, facilityID: facilityID, overdue: overdue, page: page, by: actor)
        var facility: String?
        if let facilityID, FacilityService.canRead(actor) {
            facility = try? await FacilityService(db: req.db, ctx: req.badil).get(facilityID, by: actor).location.name(in: req.language)
        }
        let selected = status?.rawValue ?? "all"
        let statuses = [SelectOption(value: "all", label: req.t("filter.all"), selected: selected == "all")]
            + req.options(ReferralStatus.self, selected: selected) { $0.labelKey }
        let title = req.t(actor.can(.referralDecide) && !actor.can(.referralCreate) ? "referrals.to_your_facilities" : "referrals.title")
        return try await req.renderPage("referrals/list", titleKey: "referrals.title", ReferralListPage(
            lists: [ReferralList(title: title, rows: result.items.map { ReferralRow($0, req) }, empty: req.t("referrals.empty"))],
            pager: Pager(page, total: result.total, path: "/referrals",
                         query: ["status": selected, "overdue": overdue ? "true" : "", "facilityId": facilityID?.uuidString ?? ""]),
            statuses: statuses, overdue: overdue, facilityId: facilityID?.uuidString, facility: facility,
            isOperator: actor.can(.referralDecide)))
    }

    // MARK: One referral

    struct Forms {
        var top = FormState()
        var decline = FormState()
        var cancel = FormState()
    }
    struct MemberRow: Encodable { let href: String; let caseNumber: String; let name: String; let bed: String; let status: String; let statusClass: String }
    struct ReferralPage: Encodable {
        let id: String; let version: Int; let person: PersonHeader; let sex: String; let age: String; let facility: String; let facilityHref: String
        let operatorName: String; let status: String; let statusClass: String; let bed: String; let referredBy: String; let referredAt: String
        let deadline: String?; let countdown: String?; let overdue: Bool; let splitReason: String?; let note: String?
        let decidedBy: String?; let decidedAt: String?; let declineReason: String?; let reason: String?; let transferHref: String?
        let handedOverAt: String?; let arrivedAt: String?; let group: [MemberRow]; let hasGroup: Bool
        let canDecide: Bool; let canCancel: Bool; let isRevoke: Bool; let declineReasons: [SelectOption]; let forms: FormsView
        let canPlanTransfer: Bool
    }
    struct FormsView: Encodable { let top: FormState; let decline: FormState; let cancel: FormState }

    func page(_ req: Request, id: UUID, forms: Forms = Forms(), status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let service = ReferralService(db: req.db, ctx: req.badil)
        let v = try await service.get(id, by: actor)
        let r = v.referral
        let now = req.badil.now
        let today = DayDate(now)
        let state = r.referralStatus
        let isOperator = actor.can(.referralDecide) && v.location.$operatorOrganization.id == actor.organizationID
        // The others referred with this person (a family is decided as one).
        let group = try await service.list(status: nil, facilityID: r.$facility.id, overdue: false, page: Paging(page: 1, size: Paging.maxSize), by: actor)
            .items.filter { $0.referral.groupID == r.groupID && $0.referral.id != r.id }
            .map { m in MemberRow(href: "/referrals/\(m.referral.id!.uuidString)", caseNumber: m.person.caseNumber, name: m.person.displayName,
                                  bed: req.t(m.referral.bed.labelKey), status: req.t(m.referral.referralStatus.labelKey),
                                  statusClass: PlacementFormat.statusClass(m.referral.referralStatus)) }
        let operators = try await PlacementNames.organizations([v.location.$operatorOrganization.id], on: req.db)
        let clock = PlacementFormat.countdown(r, now: now, req)
        return try await req.renderPage("referrals/show", titleKey: "referrals.referral", ReferralPage(
            id: id.uuidString, version: r.version, person: PersonHeader(v.person, today: today), sex: req.t("sex.\(v.person.sex)"),
            age: AgeRules.age(v.person.ageFacts, on: today).map(String.init) ?? req.t("value.unknown"),
            facility: v.location.name(in: req.language), facilityHref: "/facilities/\(v.facility.id!.uuidString)",
            operatorName: v.location.$operatorOrganization.id.flatMap { operators[$0] } ?? "–",
            status: req.t(state.labelKey), statusClass: PlacementFormat.statusClass(state), bed: req.t(r.bed.labelKey), referredBy: r.referredBy,
            referredAt: RegistrationPages.when(r.referredAt), deadline: state == .pending ? RegistrationPages.when(r.deadline) : nil,
            countdown: clock.text, overdue: clock.overdue, splitReason: r.splitReason, note: r.note, decidedBy: r.decidedBy,
            decidedAt: r.decidedAt.map(RegistrationPages.when), declineReason: r.declineReason.flatMap(DeclineReason.init(rawValue:)).map { req.t($0.labelKey) },
            reason: r.reason.flatMap { $0.isEmpty ? nil : $0 }, transferHref: r.transferID.map { "/transfers/\($0.uuidString)" },
            handedOverAt: r.handedOverAt.map(RegistrationPages.when), arrivedAt: r.arrivedAt.map(RegistrationPages.when),
            group: group, hasGroup: !group.isEmpty, canDecide: isOperator && state == .pending,
            canCancel: actor.can(.referralCreate) && !state.isFinal && r.handedOverAt == nil, isRevoke: state != .pending,
            declineReasons: req.options(DeclineReason.self, selected: forms.decline.values["declineReason"]) { $0.labelKey },
            forms: FormsView(top: forms.top, decline: forms.decline, cancel: forms.cancel),
            canPlanTransfer: actor.can(.referralCreate) && state == .accepted), status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.uuidParameter())
    }

    /// Accept, decline and cancel share the refusals: a deadline passed, a state that moved on, no room left, a stale version.
    private func act(_ req: Request, id: UUID, forms: Forms, field: WritableKeyPath<Forms, FormState>, idPrefix: String = "",
                     _ body: (ExpectedVersion?) async throws -> Void) async throws -> Response {
        let expected = Int(req.formFields()["version"] ?? "").map(ExpectedVersion.version)
        var forms = forms
        do {
            try await body(expected)
            return req.redirect("/referrals/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            let reason = req.t(idPrefix == "decline-" ? "referrals.decline_text" : "referrals.reason")
            forms[keyPath: field].addPlacement(issues, req, labels: ["declineReason": req.t("referrals.decline_reason"), "reason": reason],
                                               idPrefix: idPrefix)
            return try await page(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.staleVersion, DomainError.versionRequired {
            forms.top.addPlacementMessage("error.stale_version", req)
            return try await page(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.conflict(let code) {
            forms.top.addPlacementMessage(PlacementPages.conflictKey(code), req)
            return try await page(req, id: id, forms: forms, status: .conflict)
        }
    }

    @Sendable func accept(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let service = ReferralService(db: req.db, ctx: req.badil)
        return try await act(req, id: id, forms: Forms(), field: \.top) { _ = try await service.accept(id, expected: $0, by: try req.actor) }
    }

    @Sendable func decline(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let service = ReferralService(db: req.db, ctx: req.badil)
        let why = (f["declineReason"] ?? "").isEmpty ? nil : f["declineReason"]
        return try await act(req, id: id, forms: Forms(decline: FormState(values: f)), field: \.decline, idPrefix: "decline-") {
            _ = try await service.decline(id, declineReason: why, reason: f["reason"], expected: $0, by: try req.actor)
        }
    }

    @Sendable func cancel(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let service = ReferralService(db: req.db, ctx: req.badil)
        return try await act(req, id: id, forms: Forms(cancel: FormState(values: f)), field: \.cancel, idPrefix: "cancel-") {
            _ = try await service.cancel(id, reason: f["reason"], expected: $0, by: try req.actor)
        }
    }
}
