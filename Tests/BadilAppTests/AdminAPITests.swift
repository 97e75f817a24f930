import Fluent
import Foundation
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

@Suite("Organisations, users and locations through the API")
struct AdminAPITests {
    @Test("Bad input answers 400/415/422 with field messages, and nothing is written")
    func badInputChangesNothing() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let before = try await OrganizationRecord.query(on: app.db).count()
            let cases: [(String, HTTPStatus, String)] = [
                ("{not json", .badRequest, "malformed_body"),
                ("[1,2]", .badRequest, "must_be_object"),
                (#"{"name":"A","type":"donor","isAdmin":true}"#, .badRequest, "unknown_field"),
                (#"{"name":12,"type":"donor"}"#, .badRequest, "invalid_type"),
                (#"{"name":"A","type":"pirates"}"#, .unprocessableEntity, "unknown_value"),
                (#"{"name":"Embassy of Nowhere","type":"embassy"}"#, .unprocessableEntity, "required"),
                (#"{"name":"Embassy of Nowhere","type":"embassy","countryCode":"XYZ"}"#, .unprocessableEntity, "unknown_country"),
                (#"{"name":"   ","type":"donor"}"#, .unprocessableEntity, "required"),
                ("{\"name\":\"\(String(repeating: "x", count: 121))\",\"type\":\"donor\"}", .unprocessableEntity, "too_long"),
            ]
            for (body, status, code) in cases {
                let res = try await app.api(.POST, "/api/v1/organizations", token: admin, json: body)
                #expect(res.status == status, "\(body)")
                #expect(res.body.string.contains("\"\(code)\""), "\(body): \(res.body.string)")
            }
            let plain = try await app.testing().sendRequest(.POST, "/api/v1/organizations",
                headers: ["Authorization": "Bearer \(admin)", "Content-Type": "text/plain"], body: .init(string: "name=x"))
            #expect(plain.status == .unsupportedMediaType)
            let huge = try await app.api(.POST, "/api/v1/organizations", token: admin,
                                         json: #"{"name":""# + String(repeating: "x", count: 3_000_000) + #"","type":"donor"}"#)
            #expect(huge.status == .payloadTooLarge)
            #expect(try await OrganizationRecord.query(on: app.db).count() == before)
        }
    }

    @Test("Field messages follow Accept-Language")
    func translatedErrors() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let ar = try await app.api(.POST, "/api/v1/locations", token: admin, json: #"{"type":"shelter"}"#, headers: [("Accept-Language", "ar")])
            #expect(ar.status == .unprocessableEntity)
            let en = try await app.api(.POST, "/api/v1/locations", token: admin, json: #"{"type":"shelter"}"#)
            #expect(ar.body.string != en.body.string)
            #expect(en.body.string.contains("This field is required."))
            #expect(ar.body.string.contains("\"field\":\"nameEn\""))
        }
    }

    @Test("An embassy is created with its country; stale If-Match answers 412, a missing one 400")
    func organizationsAndOptimisticLocking() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let created = try await app.api(.POST, "/api/v1/organizations", token: admin, json: #"{"name":"Embassy of Niger","type":"embassy","countryCode":"ner"}"#)
            #expect(created.status == .created)
            #expect(created.headers.first(name: .eTag) == "\"1\"")
            struct Org: Decodable { let id: UUID; let countryCode: String?; let version: Int }
            let org = try JSONDecoder().decode(Org.self, from: created.body)
            #expect(org.countryCode == "NER")
            let path = "/api/v1/organizations/\(org.id.uuidString)"
            #expect(try await app.api(.PATCH, path, token: admin, json: #"{"name":"Embassy of the Republic of Niger"}"#).status == .badRequest)
            let first = try await app.api(.PATCH, path, token: admin, json: #"{"name":"Embassy of the Republic of Niger"}"#, headers: [("If-Match", "\"1\"")])
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .eTag) == "\"2\"")
            let stale = try await app.api(.PATCH, path, token: admin, json: #"{"name":"Overwritten"}"#, headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            let stored = try await OrganizationRecord.find(org.id, on: app.db)
            #expect(stored?.name == "Embassy of the Republic of Niger")
            #expect(stored?.version == 2)
            #expect(try await app.api(.GET, "/api/v1/organizations/\(UUID().uuidString)", token: admin).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/organizations/not-a-uuid", token: admin).status == .notFound)
            let wrongMethod = try await app.api(.PUT, path, token: admin, json: "{}")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers.first(name: .allow)?.contains("PATCH") == true)
            #expect(try await app.api(.GET, "/api/v1/organizations?pageSize=0", token: admin).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/organizations?page=abc", token: admin).status == .badRequest)
        }
    }

    @Test("Concurrent edits with the same version: exactly one wins")
    func concurrentEdits() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let path = "/api/v1/organizations/\(fx.ministry.id!.uuidString)"
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<8 {
                    group.addTask { try await app.api(.PATCH, path, token: admin, json: #"{"name":"Ministry v\#(i)"}"#, headers: [("If-Match", "\"1\"")]).status }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 1)
            #expect(statuses.filter { $0 == .preconditionFailed }.count == 7)
            #expect(try await OrganizationRecord.find(fx.ministry.id, on: app.db)?.version == 2)
        }
    }

    @Test("Roles without the permission get 403; users outside one's scope do not exist (404)")
    func permissionsAndScope() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let caseworker = try await app.token("caseworker")
            #expect(try await app.api(.POST, "/api/v1/users", token: caseworker, json: "{}").status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/audit-events", token: caseworker).status == .forbidden)
            let viewer = try await app.token("viewer")
            #expect(try await app.api(.GET, "/api/v1/organizations", token: viewer).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/locations", token: viewer).status == .ok)

            let supervisor = try await app.token("supervisor")
            struct Page: Decodable { struct U: Decodable { let username: String; let organizationId: UUID }; let items: [U]; let total: Int }
            let list = try JSONDecoder().decode(Page.self, from: try await app.api(.GET, "/api/v1/users?pageSize=200", token: supervisor).body)
            #expect(!list.items.isEmpty)
            #expect(list.items.allSatisfy { $0.organizationId == fx.iom.id })
            let outsider = fx.users[.socialWorker]!.id!.uuidString
            #expect(try await app.api(.GET, "/api/v1/users/\(outsider)", token: supervisor).status == .notFound)
            let dpo = try await app.token("data_protection_officer")
            #expect(try await app.api(.GET, "/api/v1/users/\(outsider)", token: dpo).status == .ok)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "user.read").count() == 1)
        }
    }

    @Test("Creating users: role must fit the organisation, password policy applies, usernames are unique")
    func userCreation() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            func create(_ username: String, _ role: String, _ org: UUID, _ password: String) async throws -> TestingHTTPResponse {
                try await app.api(.POST, "/api/v1/users", token: admin, json: """
                    {"username":"\(username)","displayName":"Someone","role":"\(role)","organizationId":"\(org.uuidString)","password":"\(password)"}
                    """)
            }
            let wrongRole = try await create("emb.case", "caseworker", fx.embassy.id!, "a long enough passphrase")
            #expect(wrongRole.status == .unprocessableEntity)
            #expect(wrongRole.body.string.contains("role_not_allowed_for_organization"))
            #expect(try await create("short.pw", "caseworker", fx.iom.id!, "short").body.string.contains("password_too_short"))
            #expect(try await create("common.pw", "caseworker", fx.iom.id!, "qwertyuiop123").body.string.contains("password_breached"))
            #expect(try await create("Bad Name", "caseworker", fx.iom.id!, "a long enough passphrase").body.string.contains("invalid_username"))
            #expect(try await create("caseworker", "caseworker", fx.iom.id!, "a long enough passphrase").body.string.contains("already_taken"))
            #expect(try await create("ghost.org", "caseworker", UUID(), "a long enough passphrase").body.string.contains("not_found_ref"))
            let ok = try await create("consul.two", "consular", fx.embassy.id!, "a long enough passphrase")
            #expect(ok.status == .created)
            #expect(!ok.body.string.contains("password"))
            #expect(!ok.body.string.contains("$2"))
        }
    }

    @Test("Deactivating a user or changing their role ends their sessions and tokens; admins cannot lock themselves out")
    func deactivation() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let victim = try await app.token("caseworker")
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            let id = fx.users[.caseworker]!.id!.uuidString
            let res = try await app.api(.PATCH, "/api/v1/users/\(id)", token: admin, json: #"{"active":false}"#, headers: [("If-Match", "1")])
            #expect(res.status == .ok)
            #expect(try await app.api(.GET, "/api/v1/me", token: victim).status == .unauthorized)
            #expect(try await browser.get("/").status == .unauthorized)
            #expect(try await Browser(app).signIn("caseworker").status == .unauthorized)

            let selfID = fx.users[.admin]!.id!.uuidString
            let selfOff = try await app.api(.PATCH, "/api/v1/users/\(selfID)", token: admin, json: #"{"active":false}"#, headers: [("If-Match", "1")])
            #expect(selfOff.status == .unprocessableEntity)
            let mass = try await app.api(.PATCH, "/api/v1/users/\(id)", token: admin, json: #"{"password":"new long password here"}"#, headers: [("If-Match", "2")])
            #expect(mass.status == .badRequest, "password is not a field of a user change")
            let audit = try await AuditEventRecord.query(on: app.db).filter(\.$action == "user.updated").all()
            #expect(audit.contains { $0.fields == "active" })
        }
    }

    @Test("Locations: P-codes and coordinates are checked; lists filter by type")
    func locations() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let bad = try await app.api(.POST, "/api/v1/locations", token: admin,
                                        json: #"{"type":"shelter","nameEn":"Test shelter","pcode":"LY9999","latitude":32.9}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("unknown_pcode"))
            #expect(bad.body.string.contains("\"field\":\"longitude\""))
            let ok = try await app.api(.POST, "/api/v1/locations", token: admin,
                                       json: #"{"type":"shelter","nameEn":"Test shelter","nameAr":"مأوى تجريبي","pcode":"LY0211","latitude":32.9,"longitude":13.2}"#)
            #expect(ok.status == .created)
            #expect(ok.body.string.contains("\"nameFr\":\"Test shelter\""), "French falls back to English")
            _ = try await app.api(.POST, "/api/v1/locations", token: admin, json: #"{"type":"detention_centre","nameEn":"Test centre"}"#)
            let shelters = try await app.api(.GET, "/api/v1/locations?type=shelter", token: admin)
            #expect(shelters.body.string.contains("Test shelter"))
            #expect(!shelters.body.string.contains("Test centre"))
            #expect(try await app.api(.GET, "/api/v1/locations?type=castle", token: admin).status == .badRequest)
            let areas = try await app.api(.GET, "/api/v1/reference/admin-areas?q=LY0211", token: admin)
            #expect(areas.body.string.contains("Tripoli"))
        }
    }
}
