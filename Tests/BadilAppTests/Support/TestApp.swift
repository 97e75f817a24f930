import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

/// One fresh database per test: an in-memory SQLite by default, or, when BADIL_TEST_DATABASE_URL
/// names a PostgreSQL server, a database copied from a migrated template and dropped afterwards.
enum TestDatabase {
    static var postgresAdminURL: String? {
        let url = ProcessInfo.processInfo.environment["BADIL_TEST_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    static var engine: String { postgresAdminURL == nil ? "sqlite" : "postgresql" }

    static func url(_ adminURL: String, database: String) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        return components.string ?? adminURL
    }
}

/// Creates `badil_template` once per test process and hands out copies of it. Actor methods are
/// re-entrant at every `await`, so set-up runs in one stored task and copies are made one at a time
/// (PostgreSQL refuses to copy a template while another session is connected to it).
actor PostgresTemplates {
    static let shared = PostgresTemplates()
    private var setup: Task<Application, any Error>?
    private var queue: Task<Void, Never>?

    private func admin(_ url: String) async throws -> any SQLDatabase {
        if setup == nil {
            setup = Task {
                let app = try await Application.make(.testing)
                var config = try SQLPostgresConfiguration(url: url)
                config.coreConfiguration.tls = .disable
                app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 1, sqlLogLevel: .debug), as: .psql)
                let db = app.db as! any SQLDatabase
                try await db.raw("DROP DATABASE IF EXISTS badil_template WITH (FORCE)").run()
                try await db.raw("CREATE DATABASE badil_template").run()
                let template = try await Application.make(.testing)
                do {
                    var settings = TestApp.settings(database: .postgres(TestDatabase.url(url, database: "badil_template")))
                    settings.postgresConnectionsPerEventLoop = 1
                    try await configure(template, settings: settings)
                } catch {
                    try? await template.asyncShutdown()
                    throw error
                }
                try await template.asyncShutdown()
                return app
            }
        }
        return try await setup!.value.db as! any SQLDatabase
    }

    /// Runs database-level statements one after another.
    private func serially(_ work: @escaping @Sendable () async throws -> Void) async throws {
        let previous = queue
        let task = Task<Result<Void, any Error>, Never> {
            await previous?.value
            do { try await work(); return .success(()) } catch { return .failure(error) }
        }
        queue = Task { _ = await task.value }
        try await task.value.get()
    }

    func makeDatabase(adminURL: String) async throws -> String {
        let db = try await admin(adminURL)
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await serially { try await db.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE badil_template").run() }
        return name
    }

    func dropDatabase(_ name: String, adminURL: String) async throws {
        let db = try await admin(adminURL)
        try await serially { try await db.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run() }
    }
}

enum TestApp {
    static let password = "correct horse battery staple"

    static func settings(database: BadilSettings.DatabaseChoice, clock: @escaping @Sendable () -> Date = { Date() }) -> BadilSettings {
        var settings = BadilSettings(database: database, dataDirectory: NSTemporaryDirectory(), secretKey: SecretBytes.random(32),
                                     bcryptCost: 4, tls: false, demo: false, clock: clock)
        settings.postgresConnectionsPerEventLoop = 2
        return settings
    }

    /// Runs `body` against a freshly configured application with its own empty, migrated database.
    static func run(clock: @escaping @Sendable () -> Date = { Date() },
                    _ body: (Application) async throws -> Void) async throws {
        var dropName: String?
        let choice: BadilSettings.DatabaseChoice
        if let admin = TestDatabase.postgresAdminURL {
            let name = try await PostgresTemplates.shared.makeDatabase(adminURL: admin)
            dropName = name
            choice = .postgres(TestDatabase.url(admin, database: name))
        } else {
            choice = .sqliteMemory
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings(database: choice, clock: clock))
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            if let dropName, let admin = TestDatabase.postgresAdminURL { try? await PostgresTemplates.shared.dropDatabase(dropName, adminURL: admin) }
            throw error
        }
        try await app.asyncShutdown()
        if let dropName, let admin = TestDatabase.postgresAdminURL { try await PostgresTemplates.shared.dropDatabase(dropName, adminURL: admin) }
    }
}

extension TestApp {
    /// Two application instances on one database (PostgreSQL when configured, else one SQLite file), as two
    /// servers behind a load balancer would be: the first migrates, both serve.
    static func runTwo(clock: @escaping @Sendable () -> Date = { Date() },
                       _ body: (Application, Application) async throws -> Void) async throws {
        var dropName: String?
        var file: String?
        let choice: BadilSettings.DatabaseChoice
        if let admin = TestDatabase.postgresAdminURL {
            let name = try await PostgresTemplates.shared.makeDatabase(adminURL: admin)
            dropName = name
            choice = .postgres(TestDatabase.url(admin, database: name))
        } else {
            let path = NSTemporaryDirectory() + "badil-two-\(UUID().uuidString).sqlite"
            file = path
            choice = .sqliteFile(path)
        }
        let settings = settings(database: choice, clock: clock)
        let first = try await Application.make(.testing)
        let second = try await Application.make(.testing)
        func cleanUp() async {
            try? await first.asyncShutdown()
            try? await second.asyncShutdown()
            if let dropName, let admin = TestDatabase.postgresAdminURL { try? await PostgresTemplates.shared.dropDatabase(dropName, adminURL: admin) }
            if let file { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } }
        }
        do {
            try await configure(first, settings: settings)
            try await configure(second, settings: settings)
            try await body(first, second)
        } catch {
            await cleanUp()
            throw error
        }
        await cleanUp()
    }
}

/// Organisations and one account per role, all with `TestApp.password`.
struct Fixtures {
    let iom: OrganizationRecord
    let ministry: OrganizationRecord
    let embassy: OrganizationRecord
    let users: [Role: UserRecord]

    static func make(_ app: Application) async throws -> Fixtures {
        let ctx = app.badil
        let iom = try await AccountSetup.organization(named: "IOM Test Mission", type: .iom, on: app.db, ctx: ctx)
        let ministry = try await AccountSetup.organization(named: "Ministry of Social Affairs (test)", type: .ministry, on: app.db, ctx: ctx)
        let dcim = try await AccountSetup.organization(named: "Detention authority (test)", type: .detentionAuthority, on: app.db, ctx: ctx)
        let coast = try await AccountSetup.organization(named: "Coast guard (test)", type: .coastGuard, on: app.db, ctx: ctx)
        let embassy = try await AccountSetup.organization(named: "Embassy of Chad (test)", type: .embassy, country: "TCD", on: app.db, ctx: ctx)
        let ngo = try await AccountSetup.organization(named: "Shelter NGO (test)", type: .ngoOperator, on: app.db, ctx: ctx)
        let donor = try await AccountSetup.organization(named: "Donor (test)", type: .donor, on: app.db, ctx: ctx)
        let home: [Role: OrganizationRecord] = [
            .admin: iom, .supervisor: iom, .caseworker: iom, .socialWorker: ministry, .detentionOfficer: dcim,
            .coastGuard: coast, .consular: embassy, .facilityOperator: ngo, .trainer: iom, .dataProtectionOfficer: iom, .viewer: donor,
        ]
        var users: [Role: UserRecord] = [:]
        for role in Role.allCases {
            users[role] = try await AccountSetup.user(username: role.rawValue, displayName: "Test \(role.rawValue)", role: role,
                                                      organization: home[role]!, password: TestApp.password, on: app.db, ctx: ctx)
        }
        return Fixtures(iom: iom, ministry: ministry, embassy: embassy, users: users)
    }
}

extension Application {
    /// A bearer token for a user, through the real API.
    func token(_ username: String, password: String = TestApp.password) async throws -> String {
        struct T: Decodable { let token: String }
        let res = try await testing().sendRequest(.POST, "/api/v1/auth/token", headers: ["Content-Type": "application/json"],
                                                  body: .init(string: #"{"username":"\#(username)","password":"\#(password)"}"#))
        #expect(res.status == .created, "token for \(username): \(res.status)")
        return try JSONDecoder().decode(T.self, from: res.body).token
    }

    func api(_ method: HTTPMethod, _ path: String, token: String?, json: String? = nil,
             headers extra: [(String, String)] = []) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        if json != nil { headers.contentType = .json }
        for (k, v) in extra { headers.replaceOrAdd(name: k, value: v) }
        return try await testing().sendRequest(method, path, headers: headers, body: json.map { .init(string: $0) })
    }
}

/// A browser: keeps cookies, reads the CSRF token from forms.
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf = ""

    init(_ app: Application) { self.app = app }

    private var cookieHeader: HTTPHeaders {
        var h = HTTPHeaders()
        if !cookies.isEmpty { h.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        return h
    }

    private func absorb(_ res: TestingHTTPResponse) {
        for header in res.headers[.setCookie] {
            let pair = header.split(separator: ";").first.map(String.init) ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count >= 1 else { continue }
            let value = parts.count == 2 ? parts[1] : ""
            if value.isEmpty || header.contains("Expires=Thu, 01 Jan 1970") { cookies.removeValue(forKey: parts[0]) } else { cookies[parts[0]] = value }
        }
        let body = res.body.string
        if let range = body.range(of: #"name="_csrf" value="([^"]*)""#, options: .regularExpression) {
            let match = String(body[range])
            csrf = String(match.dropFirst(#"name="_csrf" value=""#.count).dropLast())
        }
    }

    @discardableResult
    func get(_ path: String, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = cookieHeader
        h.add(contentsOf: extra)
        let res = try await app.testing().sendRequest(.GET, path, headers: h)
        absorb(res)
        return res
    }

    @discardableResult
    func post(_ path: String, _ fields: [String: String], csrf token: String? = nil, headers extra: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var h = cookieHeader
        h.contentType = .urlEncodedForm
        h.add(contentsOf: extra)
        var all = fields
        all["_csrf"] = token ?? csrf
        let body = all.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&")
        let res = try await app.testing().sendRequest(.POST, path, headers: h, body: .init(string: body))
        absorb(res)
        return res
    }

    func signIn(_ username: String, password: String = TestApp.password) async throws -> TestingHTTPResponse {
        try await get("/login")
        return try await post("/login", ["username": username, "password": password])
    }
}
