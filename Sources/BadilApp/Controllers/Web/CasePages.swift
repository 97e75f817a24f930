import Fluent
import Foundation
import Vapor
import BadilCore

/// Web pages of case management: a person's case page (assignment, plan, services and referrals, visits, notes,
/// tasks, timeline), "My tasks", and the supervisor's caseload.
struct CasePages {
    func register(_ app: Application) {
        app.on(.GET, "persons", ":id", "case", access: .permission(.personRead), use: show)
        app.on(.POST, "persons", ":id", "case", "assign", access: .permission(.caseAssign), use: assign)
        app.on(.POST, "persons", ":id", "case", "goals", access: .permission(.caseManage), use: addGoal)
        app.on(.POST, "persons", ":id", "case", "goals", ":itemId", "status", access: .permission(.caseManage), use: changeGoal)
        app.on(.POST, "persons", ":id", "case", "items", access: .permission(.caseManage), use: addItem)
        app.on(.POST, "persons", ":id", "case", "items", ":itemId", "status", access: .permission(.caseManage), use: changeItem)
        app.on(.POST, "persons", ":id", "case", "services", access: .permission(.caseManage), use: addService)
        app.on(.POST, "persons", ":id", "case", "visits", access: .permission(.caseManage), use: addVisit)
        app.on(.POST, "persons", ":id", "case", "notes", access: .permission(.caseManage), use: addNote)
        app.on(.POST, "persons", ":id", "case", "tasks", access: .permission(.caseManage), use: addTask)
        app.on(.POST, "persons", ":id", "case", "tasks", ":itemId", "complete", access: .permission(.caseManage), use: completeTask)
        app.on(.POST, "persons", ":id", "case", "tasks", ":itemId", "cancel", access: .permission(.caseManage), use: cancelTask)
        CaseListPages().register(app)
    }

    /// One form state per form of the page: only the submitted one carries values and errors.
    struct Forms: Encodable {
        var assign = FormState(), goal = FormState(), item = FormState(), service = FormState(), visit = FormState()
        var note = FormState(), task = FormState(), row = FormState()
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await CasePageView.render(req, id: try req.uuidParameter(), forms: Forms())
    }

    @Sendable func assign(_ req: Request) async throws -> Response {
        try await submit(req, \.assign, anchor: "case-h") { req, id, f in
            let input = CaseAssignmentInput(caseworkerId: try Self.uuid(f["caseworkerId"], field: "caseworkerId"), team: f["team"])
            _ = try await CaseFileService(db: req.db, ctx: req.badil).assign(personID: id, input, expected: Self.version(f), by: try req.actor)
        }
    }

    @Sendable func addGoal(_ req: Request) async throws -> Response {
        try await submit(req, \.goal, anchor: "plan-h") { req, id, f in
            _ = try await CasePlanService(db: req.db, ctx: req.badil).addGoal(personID: id, CaseGoalInput(text: f["text"], status: nil), by: try req.actor)
        }
    }

    @Sendable func changeGoal(_ req: Request) async throws -> Response {
        try await submit(req, \.row, anchor: "plan-h") { req, id, f in
            _ = try await CasePlanService(db: req.db, ctx: req.badil).changeGoal(personID: id, goalID: try req.uuidParameter("itemId"),
                                                                               CaseStatusInput(status: f["status"]), expected: Self.version(f), by: try req.actor)
        }
    }

    @Sendable func addItem(_ req: Request) async throws -> Response {
        try await submit(req, \.item, anchor: "plan-h") { req, id, f in
            let input = CasePlanItemInput(goalId: try Self.uuid(f["goalId"], field: "goalId"), serviceType: f["serviceType"], description: f["description"],
                                          responsibleOrganizationId: try Self.uuid(f["responsibleOrganizationId"], field: "responsibleOrganizationId"),
                                          responsibleName: f["responsibleName"], dueOn: f["dueOn"], mandatory: f["mandatory"] == "true")
            _ = try await CasePlanService(db: req.db, ctx: req.badil).addItem(personID: id, input, by: try req.actor)
        }
    }

    @Sendable func changeItem(_ req: Request) async throws -> Response {
        try await submit(req, \.row, anchor: "plan-h") { req, id, f in
            _ = try await CasePlanService(db: req.db, ctx: req.badil).changeItem(personID: id, itemID: try req.uuidParameter("itemId"),
                                                                               CaseStatusInput(status: f["status"]), expected: Self.version(f), by: try req.actor)
        }
    }

    @Sendable func addService(_ req: Request) async throws -> Response {
        try await submit(req, \.service, anchor: "services-h") { req, id, f in
            let input = CaseServiceInput(mode: f["mode"], serviceType: f["serviceType"], on: f["on"],
                                         providerOrganizationId: try Self.uuid(f["providerOrganizationId"], field: "providerOrganizationId"),
                                         planItemId: try Self.uuid(f["planItemId"], field: "planItemId"), notes: f["notes"])
            _ = try await CaseContactService(db: req.db, ctx: req.badil).recordService(personID: id, input, by: try req.actor)
        }
    }

    @Sendable func addVisit(_ req: Request) async throws -> Response {
        try await submit(req, \.visit, anchor: "visits-h") { req, id, f in
            let input = CaseVisitInput(kind: f["kind"], visitedOn: f["visitedOn"], findings: f["findings"], wellbeingConcern: f["wellbeingConcern"] == "true",
                                       nextVisitOn: f["nextVisitOn"])
            _ = try await CaseContactService(db: req.db, ctx: req.badil).recordVisit(personID: id, input, by: try req.actor)
        }
    }

    @Sendable func addNote(_ req: Request) async throws -> Response {
        try await submit(req, \.note, anchor: "notes-h") { req, id, f in
            _ = try await CaseNoteService(db: req.db, ctx: req.badil).add(personID: id, CaseNoteInput(text: f["text"], confidentiality: f["confidentiality"]),
                                                                          by: try req.actor)
        }
    }

    @Sendable func addTask(_ req: Request) async throws -> Response {
        try await submit(req, \.task, anchor: "tasks-h") { req, id, f in
            let input = CaseTaskInput(title: f["title"], dueOn: f["dueOn"], kind: nil, assignedToId: try Self.uuid(f["assignedToId"], field: "assignedToId"),
                                      mandatory: f["mandatory"] == "true")
            _ = try await CaseTaskService(db: req.db, ctx: req.badil).create(personID: id, input, by: try req.actor)
        }
    }

    @Sendable func completeTask(_ req: Request) async throws -> Response { try await closeTask(req, .done) }
    @Sendable func cancelTask(_ req: Request) async throws -> Response { try await closeTask(req, .cancelled) }

    private func closeTask(_ req: Request, _ status: CaseTaskStatus) async throws -> Response {
        try await submit(req, \.row, anchor: "tasks-h") { req, id, f in
            let service = CaseTaskService(db: req.db, ctx: req.badil)
            guard let task = try await CaseTaskRecord.find(try req.uuidParameter("itemId"), on: req.db), task.personID == id else { throw DomainError.notFound }
            _ = try await service.close(taskID: task.id!, as: status, expected: Self.version(f), by: try req.actor)
        }
    }

    /// Runs a form's change; a refusal shows the case page again with the form's values and translated errors.
    private func submit(_ req: Request, _ form: WritableKeyPath<Forms, FormState>, anchor: String,
                        _ body: @escaping @Sendable (Request, UUID, [String: String]) async throws -> Void) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var forms = Forms()
        forms[keyPath: form] = FormState(values: f)
        do {
            try await body(req, id, f)
            let back = req.query[String.self, at: "back"] == "tasks" ? "/tasks?notice=saved" : "/persons/\(id.uuidString)/case?notice=saved#\(anchor)"
            return req.redirect(to: back, redirectType: .normal)
        } catch DomainError.invalid(let issues) {
            forms[keyPath: form].add(issues, req, labels: Self.labels(req))
            return try await CasePageView.render(req, id: id, forms: forms, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            forms[keyPath: form].add(message: "error.stale_version", req)
            return try await CasePageView.render(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.versionRequired {
            forms[keyPath: form].add(message: "error.stale_version", req)
            return try await CasePageView.render(req, id: id, forms: forms, status: .preconditionFailed)
        } catch DomainError.conflict(let code) {
            forms[keyPath: form].add(message: "error.\(code)", req)
            return try await CasePageView.render(req, id: id, forms: forms, status: .conflict)
        }
    }

    static func labels(_ req: Request) -> [String: String] {
        ["caseworkerId": req.t("case.caseworker"), "team": req.t("case.team"), "text": req.t("case.text"), "serviceType": req.t("case.service_type"),
         "description": req.t("case.description"), "responsibleOrganizationId": req.t("case.responsible_organization"),
         "responsibleName": req.t("case.responsible_name"), "dueOn": req.t("case.due_on"), "mode": req.t("case.mode"), "on": req.t("case.service_on"),
         "providerOrganizationId": req.t("case.provider"), "notes": req.t("case.notes"), "kind": req.t("case.visit_kind"),
         "visitedOn": req.t("case.visited_on"), "findings": req.t("case.findings"), "nextVisitOn": req.t("case.next_visit_on"),
         "confidentiality": req.t("case.confidentiality"), "title": req.t("case.task_title"), "assignedToId": req.t("case.assigned_to"),
         "status": req.t("field.status"), "goalId": req.t("case.goal"), "planItemId": req.t("case.plan_item")]
    }

    static func version(_ f: [String: String]) -> ExpectedVersion? { Int(f["version"] ?? "").map(ExpectedVersion.version) }

    /// An optional id from a form: blank is none; anything else that is not an id is `not_found_ref` on the field.
    static func uuid(_ raw: String?, field: String) throws -> UUID? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let id = UUID(uuidString: text) else { throw DomainError.invalid([FieldIssue(field, "not_found_ref")]) }
        return id
    }
}
