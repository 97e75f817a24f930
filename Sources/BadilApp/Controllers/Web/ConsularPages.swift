import Foundation
import Vapor
import BadilCore

/// The consular portal in the browser: the embassy's list and one person's identity, verifications and
/// travel documents, with the two forms. Nothing of the case (screening, health, stays, decisions) is shown.
struct ConsularPages {
    func register(_ app: Application) {
        app.on(.GET, "consular", access: .permission(.consularAct), use: list)
        app.on(.GET, "consular", "persons", ":id", access: .permission(.consularAct), use: show)
        app.on(.POST, "consular", "persons", ":id", "verifications", access: .permission(.consularAct), use: verify)
        app.on(.POST, "consular", "persons", ":id", "travel-documents", access: .permission(.consularAct), use: recordDocument)
    }

    struct Row: Encodable {
        let href: String; let caseNumber: String; let name: String; let nameOriginal: String; let sex: String; let age: String; let languages: String
    }
    struct ListPage: Encodable { let rows: [Row]; let hasRows: Bool; let pager: Pager; let country: String }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let page = try req.page()
        let result = try await ConsularService(db: req.db, ctx: req.badil).list(page: page, by: actor)
        let today = DayDate(req.badil.now)
        let rows = result.items.map { p in
            Row(href: "/consular/persons/\(p.id!.uuidString)", caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "",
                sex: req.t("sex.\(p.sex)"), age: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? req.t("value.unknown"),
                languages: PlacementFormat.languageNames(p.languageList, req))
        }
        return try await req.renderPage("consular/list", titleKey: "consular.title", ListPage(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/consular", query: [:]),
            country: actor.countryCode.map { RegistrationPages.nationalityName($0, req) } ?? "–"))
    }

    struct Forms: Encodable {
        var verification = FormState()
        var document = FormState()
    }
    struct VerificationRow: Encodable { let outcome: String; let outcomeClass: String; let verifiedOn: String; let note: String?; let recordedBy: String }
    struct ReturnStepRow: Encodable { let step: String; let status: String; let statusClass: String; let on: String }
    struct DocumentRow: Encodable { let type: String; let number: String; let issuedOn: String; let validUntil: String; let expired: Bool; let recordedBy: String }
    struct PersonPage: Encodable {
        let id: String; let caseNumber: String; let name: String; let nameOriginal: String; let sex: String; let dateOfBirth: String
        let age: String; let nationality: String; let languages: String
        let verifications: [VerificationRow]; let hasVerifications: Bool; let documents: [DocumentRow]; let hasDocuments: Bool
        let outcomes: [SelectOption]; let documentTypes: [SelectOption]; let today: String; let forms: Forms
        let returnSteps: [ReturnStepRow]; let hasReturnSteps: Bool
    }

    func page(_ req: Request, id: UUID, forms: Forms = Forms(), status: HTTPStatus = .ok) async throws -> Response {
        let v = try await ConsularService(db: req.db, ctx: req.badil).get(id, by: try req.actor)
        let p = v.person
        let today = DayDate(req.badil.now)
        let dob = p.dateOfBirth.map { $0 + (p.dateOfBirthEstimated ? " (\(req.t("consular.estimated")))" : "") } ?? req.t("value.unknown")
        return try await req.renderPage("consular/show", titleKey: "consular.person", PersonPage(
            id: id.uuidString, caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "", sex: req.t("sex.\(p.sex)"),
            dateOfBirth: dob, age: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? req.t("value.unknown"),
            nationality: RegistrationPages.nationalityName(p.nationality, req), languages: PlacementFormat.languageNames(p.languageList, req),
            verifications: v.verifications.map { r in
                let outcome = VerificationOutcome(rawValue: r.outcome)
                return VerificationRow(outcome: outcome.map { req.t($0.labelKey) } ?? r.outcome,
                                       outcomeClass: outcome == .confirmed ? "badge badge-ok" : "badge", verifiedOn: r.verifiedOn,
                                       note: r.note, recordedBy: r.recordedBy)
            },
            hasVerifications: !v.verifications.isEmpty,
            documents: v.documents.map { d in
                DocumentRow(type: TravelDocumentType(rawValue: d.type).map { req.t($0.labelKey) } ?? d.type, number: d.number,
                            issuedOn: d.issuedOn, validUntil: d.validUntil, expired: d.validUntil < today.description, recordedBy: d.recordedBy)
            },
            hasDocuments: !v.documents.isEmpty,
            outcomes: req.options(VerificationOutcome.self, selected: forms.verification.values["outcome"]) { $0.labelKey },
            documentTypes: req.options(TravelDocumentType.self, selected: forms.document.values["type"]) { $0.labelKey },
            today: today.description, forms: forms,
            returnSteps: v.returnSteps.map { s in
                ReturnStepRow(step: req.t("return_step.\(s.step)"), status: req.t(s.stepStatus.labelKey),
                              statusClass: OutcomePageModel.stepClass(s.stepStatus), on: s.statusOn ?? "")
            },
            hasReturnSteps: !v.returnSteps.isEmpty), status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.uuidParameter())
    }

    @Sendable func verify(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let input = VerificationInput(outcome: f["outcome"], verifiedOn: f["verifiedOn"], note: f["note"])
        do {
            _ = try await ConsularService(db: req.db, ctx: req.badil).verify(id, input, by: try req.actor)
            return req.redirect("/consular/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            var forms = Forms(verification: FormState(values: f))
            forms.verification.addPlacement(issues, req, labels: Self.labels(req), idPrefix: "verification-")
            return try await page(req, id: id, forms: forms, status: .unprocessableEntity)
        }
    }

    @Sendable func recordDocument(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let input = TravelDocumentInput(type: f["type"], number: f["number"], issuedOn: f["issuedOn"], validUntil: f["validUntil"])
        do {
            _ = try await ConsularService(db: req.db, ctx: req.badil).recordDocument(id, input, by: try req.actor)
            return req.redirect("/consular/persons/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            var forms = Forms(document: FormState(values: f))
            forms.document.addPlacement(issues, req, labels: Self.labels(req), idPrefix: "document-")
            return try await page(req, id: id, forms: forms, status: .unprocessableEntity)
        }
    }

    static func labels(_ req: Request) -> [String: String] {
        ["outcome": req.t("consular.outcome"), "verifiedOn": req.t("consular.verified_on"), "note": req.t("consular.note"),
         "type": req.t("consular.document_type"), "number": req.t("consular.document_number"), "issuedOn": req.t("consular.issued_on"),
         "validUntil": req.t("consular.valid_until")]
    }
}
