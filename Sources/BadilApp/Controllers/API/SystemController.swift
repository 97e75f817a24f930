import Fluent
import Foundation
import SQLKit
import Vapor
import BadilCore

/// Health, metrics, reference lists and the OpenAPI document.
struct SystemController {
    func register(_ app: Application, api: any RoutesBuilder) {
        app.on(.GET, "healthz", access: .public, use: health)
        app.on(.GET, "metrics", access: .public, use: metrics)
        api.on(.GET, "openapi.json", access: .public, use: openAPI)
        api.on(.GET, "reference", "countries", access: .signedIn, use: countries)
        api.on(.GET, "reference", "languages", access: .signedIn, use: languages)
        api.on(.GET, "reference", "admin-areas", access: .signedIn, use: adminAreas)
    }

    struct Health: Content { let status: String; let database: String; let databaseReachable: Bool }

    @Sendable func health(_ req: Request) async throws -> Response {
        let reachable = (try? await req.db.sql.raw("SELECT 1 AS ok").run()) != nil
        let body = Health(status: reachable ? "ok" : "degraded", database: req.application.databaseKind, databaseReachable: reachable)
        return try await body.encodeResponse(status: reachable ? .ok : .serviceUnavailable, for: req)
    }

    @Sendable func metrics(_ req: Request) async throws -> Response {
        let text = req.badil.metrics.render()
        let response = Response(status: .ok, body: .init(string: text))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return response
    }

    @Sendable func openAPI(_ req: Request) async throws -> Response {
        let response = Response(status: .ok, body: .init(data: OpenAPIDocument.json))
        response.headers.contentType = .json
        return response
    }

    private func entries(_ list: [ReferenceData.Entry], _ req: Request) -> [ReferenceEntryDTO] {
        let q = req.filterText("q")?.lowercased()
        return list.filter { e in
            guard let q else { return true }
            return e.code.lowercased() == q || e.en.lowercased().contains(q) || e.fr.lowercased().contains(q) || e.ar.contains(q)
        }.map { ReferenceEntryDTO(code: $0.code, name: $0.name(req.language), nameEn: $0.en, nameFr: $0.fr, nameAr: $0.ar) }
    }

    @Sendable func countries(_ req: Request) async throws -> [ReferenceEntryDTO] { entries(req.badil.reference.countries, req) }
    @Sendable func languages(_ req: Request) async throws -> [ReferenceEntryDTO] { entries(req.badil.reference.languages, req) }
    @Sendable func adminAreas(_ req: Request) async throws -> [ReferenceEntryDTO] { entries(req.badil.reference.adminAreas, req) }
}
