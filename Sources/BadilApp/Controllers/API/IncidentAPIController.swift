import Foundation
import Vapor
import BadilCore

/// Incidents on a person's case over JSON.
struct IncidentAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "persons", ":id", "incidents", access: .permission(.personRead), use: incidents)
        api.on(.POST, "persons", ":id", "incidents", access: .permission(.caseManage), use: record)
    }

    @Sendable func incidents(_ req: Request) async throws -> [IncidentDTO] {
        try await IncidentService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map { IncidentDTO($0, req) }
    }

    @Sendable func record(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(IncidentInput.self)
        let v = try await IncidentService(db: req.db, ctx: req.badil).record(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await IncidentDTO(v, req).encodeResponse(status: .created, for: req)
    }
}
