import Foundation
import Vapor
import BadilCore

/// The incident form of a person's page.
struct IncidentPages {
    func register(_ app: Application) {
        app.on(.POST, "persons", ":id", "incidents", access: .permission(.caseManage), use: record)
    }

    @Sendable func record(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        do {
            let rawLocation = (f["locationId"] ?? "").trimmingCharacters(in: .whitespaces)
            let location = UUID(uuidString: rawLocation)
            if !rawLocation.isEmpty && location == nil { throw DomainError.invalid([FieldIssue("locationId", "not_found_ref")]) }
            let notes = (f["notes"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let input = IncidentInput(kind: f["kind"], occurredOn: f["occurredOn"], locationId: location, notes: notes.isEmpty ? nil : notes)
            _ = try await IncidentService(db: req.db, ctx: req.badil).record(personID: id, input, by: try req.actor)
            return req.redirect(to: "/persons/\(id.uuidString)?notice=saved#incidents-h", redirectType: .normal)
        } catch DomainError.invalid(let issues) {
            form.add(issues, req)
            return try await RegistrationPages().personPage(req, id: id, incidentForm: form, status: .unprocessableEntity)
        }
    }
}
