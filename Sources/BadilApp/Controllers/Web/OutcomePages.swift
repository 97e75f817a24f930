import Foundation
import Vapor
import BadilCore

/// Web pages of outcomes and closure: /persons/{id}/outcome (return pathway, outcome referrals, closure) and the
/// supervisors' closure inbox /closures.
struct OutcomePages {
    func register(_ app: Application) {
        app.on(.GET, "persons", ":id", "outcome", access: .permission(.personRead), use: show)
        app.on(.POST, "persons", ":id", "outcome", "return-pathway", access: .permission(.caseManage), use: start)
        app.on(.POST, "persons", ":id", "outcome", "return-pathway", "step", access: .permission(.caseManage), use: step)
        app.on(.POST, "persons", ":id", "outcome", "return-pathway", "withdraw", access: .permission(.caseManage), use: withdraw)
        app.on(.POST, "persons", ":id", "outcome", "referrals", access: .permission(.caseManage), use: refer)
        app.on(.POST, "persons", ":id", "outcome", "referrals", ":referral", access: .permission(.caseManage), use: changeReferral)
        app.on(.POST, "persons", ":id", "outcome", "closure", access: .permission(.caseManage), use: requestClosure)
        app.on(.POST, "persons", ":id", "outcome", "closure", "approve", access: .permission(.caseClose), use: approve)
        app.on(.POST, "persons", ":id", "outcome", "closure", "reject", access: .permission(.caseClose), use: reject)
        app.on(.POST, "persons", ":id", "outcome", "closure", "reopen", access: .permission(.caseManage), use: reopen)
        ClosurePages().register(app)
    }

    func page(_ req: Request, id: UUID, forms: OutcomeForms = OutcomeForms(), status: HTTPStatus = .ok) async throws -> Response {
        let model = try await OutcomePageModel.build(req, personID: id, forms: forms)
        return try await req.renderPage("outcome/show", titleKey: "outcome.title", model, status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.uuidParameter())
    }

    /// Runs a change; on success back to the page's section, on refusal the page again with the form's errors.
    private func act(_ req: Request, form field: WritableKeyPath<OutcomeForms, FormState>, anchor: String,
                     _ body: (UUID, [String: String], ExpectedVersion?, Actor) async throws -> Void) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var forms = OutcomeForms()
        forms[keyPath: field] = FormState(values: f)
        do {
            try await body(id, f, Int(f["version"] ?? "").map(ExpectedVersion.version), try req.actor)
            return req.redirect(to: "/persons/\(id.uuidString)/outcome?notice=saved#\(anchor)", redirectType: .normal)
        } catch DomainError.invalid(let issues) {
            forms[keyPath: field].add(issues, req, labels: Self.labels(req))
            return try await page(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.staleVersion, DomainError.versionRequired {
            forms.top.add(message: "error.stale_version", req)
            return try await page(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.conflict(let code) {
            forms.top.add(message: "error.\(code)", req)
            return try await page(req, id: id, forms: forms, status: .conflict)
        }
    }

    private static func text(_ f: [String: String], _ name: String) -> String? {
        let v = (f[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return v.isEmpty ? nil : v
    }

    static func labels(_ req: Request) -> [String: String] {
        ["overrideReason": req.t("outcome.override_reason"), "step": req.t("outcome.step"), "status": req.t("field.status"),
         "on": req.t("outcome.on"), "note": req.t("outcome.note"), "reason": req.t("field.reason"), "kind": req.t("field.kind"),
         "otherText": req.t("outcome.other_text"), "organization": req.t("field.organization"), "referredOn": req.t("outcome.referred_on"),
         "reasonText": req.t("closure.reason_text")]
    }

    // MARK: Return pathway

    @Sendable func start(_ req: Request) async throws -> Response {
        try await act(req, form: \.start, anchor: "return-h") { id, f, _, actor in
            _ = try await ReturnPathwayService(db: req.db, ctx: req.badil).start(personID: id, ReturnStartInput(overrideReason: Self.text(f, "overrideReason")), by: actor)
        }
    }

    @Sendable func step(_ req: Request) async throws -> Response {
        try await act(req, form: \.step, anchor: "return-h") { id, f, expected, actor in
            _ = try await ReturnPathwayService(db: req.db, ctx: req.badil).updateStep(
                personID: id, step: f["step"] ?? "", ReturnStepInput(status: Self.text(f, "status"), on: Self.text(f, "on"), note: Self.text(f, "note")),
                expected: expected, by: actor)
        }
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        try await act(req, form: \.withdraw, anchor: "return-h") { id, f, expected, actor in
            _ = try await ReturnPathwayService(db: req.db, ctx: req.badil).withdraw(personID: id, ReturnWithdrawInput(reason: Self.text(f, "reason")),
                                                                                   expected: expected, by: actor)
        }
    }

    // MARK: Outcome referrals

    @Sendable func refer(_ req: Request) async throws -> Response {
        try await act(req, form: \.referral, anchor: "referrals-h") { id, f, _, actor in
            let input = OutcomeReferralInput(kind: Self.text(f, "kind"), otherText: Self.text(f, "otherText"), organization: Self.text(f, "organization"),
                                             referredOn: Self.text(f, "referredOn"), note: Self.text(f, "note"))
            _ = try await OutcomeReferralService(db: req.db, ctx: req.badil).create(personID: id, input, by: actor)
        }
    }

    @Sendable func changeReferral(_ req: Request) async throws -> Response {
        let referralID = try req.uuidParameter("referral")
        return try await act(req, form: \.change, anchor: "referrals-h") { id, f, expected, actor in
            let service = OutcomeReferralService(db: req.db, ctx: req.badil)
            guard try await service.get(referralID, by: actor).personID == id else { throw DomainError.notFound }
            _ = try await service.change(referralID, OutcomeReferralChangeInput(status: Self.text(f, "status"), on: Self.text(f, "on"), note: Self.text(f, "note")),
                                         expected: expected, by: actor)
        }
    }

    // MARK: Closure

    @Sendable func requestClosure(_ req: Request) async throws -> Response {
        try await act(req, form: \.request, anchor: "closure-h") { id, f, _, actor in
            let input = ClosureRequestInput(reason: Self.text(f, "reason"), reasonText: Self.text(f, "reasonText"), overrideReason: Self.text(f, "overrideReason"))
            _ = try await ClosureService(db: req.db, ctx: req.badil).request(personID: id, input, by: actor)
        }
    }

    @Sendable func approve(_ req: Request) async throws -> Response {
        try await act(req, form: \.decide, anchor: "closure-h") { id, f, expected, actor in
            _ = try await ClosureService(db: req.db, ctx: req.badil).approve(personID: id, ClosureReasonInput(reason: Self.text(f, "reason")), expected: expected, by: actor)
        }
    }

    @Sendable func reject(_ req: Request) async throws -> Response {
        try await act(req, form: \.decide, anchor: "closure-h") { id, f, expected, actor in
            _ = try await ClosureService(db: req.db, ctx: req.badil).reject(personID: id, ClosureReasonInput(reason: Self.text(f, "reason")), expected: expected, by: actor)
        }
    }

    @Sendable func reopen(_ req: Request) async throws -> Response {
        try await act(req, form: \.reopen, anchor: "closure-h") { id, f, expected, actor in
            _ = try await ClosureService(db: req.db, ctx: req.badil).reopen(personID: id, ClosureReasonInput(reason: Self.text(f, "reason")), expected: expected, by: actor)
        }
    }
}
