import Foundation
import Testing
import VaporTesting
@testable import BadilApp

@Suite("Every route declares and enforces its access")
struct RouteAccessTests {
    @Test("No route is registered without an access declaration")
    func everyRouteDeclaresAccess() async throws {
        try await TestApp.run { app in
            let missing = app.routes.all.filter { $0.access == nil }.map { "\($0.method) /\($0.path.map(\.description).joined(separator: "/"))" }
            #expect(missing.isEmpty, "routes without access: \(missing)")
            #expect(app.routes.all.count > 30)
        }
    }

    @Test("Every protected route answers 401 without credentials")
    func protectedRoutesAnswer401() async throws {
        try await TestApp.run { app in
            for route in app.routes.all {
                guard let access = route.access, case .public = access else {
                    let path = "/" + route.path.map { $0.description.hasPrefix(":") ? UUID().uuidString : $0.description }.joined(separator: "/")
                    var headers = HTTPHeaders()
                    var body: ByteBuffer?
                    if path.hasPrefix("/api/") {
                        headers.contentType = .json
                        body = route.method == .GET || route.method == .DELETE ? nil : ByteBuffer(string: "{}")
                    } else if route.method == .POST {
                        headers.contentType = .urlEncodedForm
                        body = ByteBuffer(string: "a=b")
                    }
                    let res = try await app.testing().sendRequest(route.method, path, headers: headers, body: body)
                    #expect(res.status == .unauthorized, "\(route.method) \(path) answered \(res.status)")
                    continue
                }
            }
        }
    }

    @Test("Every API route is in the OpenAPI document, and the document names no route that does not exist")
    func openAPICoversRoutes() async throws {
        try await TestApp.run { app in
            let registered = Set(app.routes.all.compactMap { route -> String? in
                let parts = route.path.map(\.description)
                guard parts.first == "api" else { return nil }
                let path = "/" + parts.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
                return "\(route.method.rawValue) \(path)"
            })
            #expect(registered == OpenAPIDocument.describedOperations)
            // Every group of schemas and operations has its own names: a name used twice would hide one of them.
            let schemaGroups: [[String: Any]] = [OpenAPIDocument.schemas, OpenAPIDocument.createSchemas, OpenAPIDocument.registrationSchemas,
                                                 OpenAPIDocument.screeningSchemas, OpenAPIDocument.placementSchemas, OpenAPIDocument.consularSchemas,
                                                 OpenAPIDocument.incidentSchemas, OpenAPIDocument.caseSchemas, OpenAPIDocument.childSchemas,
                                                 OpenAPIDocument.outcomeSchemas]
            let schemaNames = schemaGroups.flatMap(\.keys)
            #expect(schemaNames.count == Set(schemaNames).count, "\(Dictionary(grouping: schemaNames, by: { $0 }).filter { $0.value.count > 1 }.keys)")
            let pathNames = [OpenAPIDocument.coreOperations.keys, OpenAPIDocument.screeningOperations.keys, OpenAPIDocument.placementOperations.keys, OpenAPIDocument.consularOperations.keys,
                             OpenAPIDocument.incidentOperations.keys, OpenAPIDocument.caseOperations.keys, OpenAPIDocument.childOperations.keys,
                             OpenAPIDocument.outcomeOperations.keys].flatMap { $0 }
            #expect(pathNames.count == Set(pathNames).count)
            let res = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            #expect(res.status == .ok)
            let doc = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
            #expect(doc?["openapi"] as? String == "3.1.0")
            let paths = doc?["paths"] as? [String: Any] ?? [:]
            #expect(paths.keys.contains("/api/v1/users/{id}"))
            // Each operation carries its permission.
            for (_, item) in paths {
                for (_, op) in item as? [String: Any] ?? [:] { #expect((op as? [String: Any])?["x-badil-access"] != nil) }
            }
        }
    }

    @Test("Unknown routes answer 404 without internals, in the API and on the web")
    func unknownRoutes() async throws {
        try await TestApp.run { app in
            let api = try await app.testing().sendRequest(.GET, "/api/v1/nothing-here?name=Amina")
            #expect(api.status == .notFound)
            #expect(api.body.string.contains("\"not_found\""))
            #expect(!api.body.string.contains("Amina"))
            let web = try await app.testing().sendRequest(.GET, "/no/such/page")
            #expect(web.status == .notFound)
            #expect(web.body.string.contains("<html"))
            #expect(!web.body.string.lowercased().contains("abort"))
        }
    }
}
