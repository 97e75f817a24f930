import Foundation
import Vapor
import BadilCore

/// The consular portal over JSON: the embassy's list, one person, verification and travel documents.
struct ConsularAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "consular", "persons", access: .permission(.consularAct), use: list)
        api.on(.GET, "consular", "persons", ":id", access: .permission(.consularAct), use: person)
        api.on(.POST, "consular", "persons", ":id", "verifications", access: .permission(.consularAct), use: verify)
        api.on(.POST, "consular", "persons", ":id", "travel-documents", access: .permission(.consularAct), use: recordDocument)
    }

    @Sendable func list(_ req: Request) async throws -> PageDTO<ConsularPersonDTO> {
        let today = DayDate(req.badil.now)
        let result = try await ConsularService(db: req.db, ctx: req.badil).list(page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { ConsularPersonDTO($0, today: today) }
    }

    @Sendable func person(_ req: Request) async throws -> ConsularPersonDetailDTO {
        let v = try await ConsularService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return ConsularPersonDetailDTO(v, today: DayDate(req.badil.now))
    }

    @Sendable func verify(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(VerificationInput.self)
        let r = try await ConsularService(db: req.db, ctx: req.badil).verify(try req.uuidParameter(), input, by: try req.actor)
        return try await VerificationDTO(r).response(.created, for: req)
    }

    @Sendable func recordDocument(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TravelDocumentInput.self)
        let r = try await ConsularService(db: req.db, ctx: req.badil).recordDocument(try req.uuidParameter(), input, by: try req.actor)
        return try await TravelDocumentDTO(r).response(.created, for: req)
    }
}
