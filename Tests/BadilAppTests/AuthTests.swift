import Fluent
import Foundation
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

@Suite("Sign-in, sessions, CSRF, tokens")
struct AuthTests {
    @Test("Signing in sets a hardened session cookie whose raw value is never stored; signing out ends it")
    func webSessionLifecycle() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            let res = try await browser.signIn("caseworker")
            #expect(res.status == .seeOther)
            let cookie = res.headers[.setCookie].first { $0.hasPrefix("badil_session=") } ?? ""
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(!cookie.contains("Secure"), "plain HTTP in tests")
            let raw = try #require(browser.cookies["badil_session"])
            let stored = try await BrowserSessionRecord.query(on: app.db).all().map(\.tokenHash)
            #expect(!stored.contains(raw))
            #expect(stored.contains(Digest.sha256Hex(raw)))

            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Test caseworker"))
            #expect(home.headers.first(name: .cacheControl) == "no-store")

            let out = try await browser.post("/logout", [:])
            #expect(out.status == .seeOther)
            #expect(try await BrowserSessionRecord.query(on: app.db).count() == 0)
            browser.cookies["badil_session"] = raw
            #expect(try await browser.get("/").status == .unauthorized)
        }
    }

    @Test("A new session id at every sign-in")
    func newSessionIDAtLogin() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("supervisor")
            let first = try #require(browser.cookies["badil_session"])
            _ = try await browser.get("/account")
            _ = try await browser.post("/login", ["username": "supervisor", "password": TestApp.password])
            let second = try #require(browser.cookies["badil_session"])
            #expect(first != second)
            #expect(try await BrowserSessionRecord.query(on: app.db).filter(\.$tokenHash == Digest.sha256Hex(first)).count() == 0)
        }
    }

    @Test("Wrong password and unknown user get the same generic answer, and both are audited")
    func genericFailure() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let a = try await Browser(app).signIn("caseworker", password: "not the password at all")
            let b = try await Browser(app).signIn("nobody-here", password: "not the password at all")
            #expect(a.status == .unauthorized)
            #expect(b.status == .unauthorized)
            let message = "The username or password is not correct."
            #expect(a.body.string.contains(message) && b.body.string.contains(message))
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "auth.login_failed").count() == 2)
        }
    }

    @Test("Five failures lock the account for a while (429 + Retry-After), even with the right password")
    func throttling() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            for _ in 0..<5 {
                let r = try await app.api(.POST, "/api/v1/auth/token", token: nil, json: #"{"username":"caseworker","password":"wrong wrong wrong"}"#)
                #expect(r.status == .unauthorized)
            }
            let locked = try await app.api(.POST, "/api/v1/auth/token", token: nil, json: #"{"username":"caseworker","password":"\#(TestApp.password)"}"#)
            #expect(locked.status == .tooManyRequests)
            let retry = Int(locked.headers.first(name: .retryAfter) ?? "") ?? 0
            #expect(retry > 0 && retry <= 900)
            let web = try await Browser(app).signIn("caseworker")
            #expect(web.status == .tooManyRequests)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "auth.login_throttled").count() >= 1)
            // Another account is not affected.
            #expect(try await Browser(app).signIn("supervisor").status == .seeOther)
        }
    }

    @Test("The lock lifts by itself after the window")
    func lockLifts() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            _ = try await Fixtures.make(app)
            for _ in 0..<5 { _ = try await Browser(app).signIn("trainer", password: "wrong wrong wrong") }
            #expect(try await Browser(app).signIn("trainer").status == .tooManyRequests)
            clock.advance(16 * 60)
            #expect(try await Browser(app).signIn("trainer").status == .seeOther)
        }
    }

    @Test("Sessions expire after 15 idle minutes and after 12 hours in all")
    func sessionTimeouts() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("supervisor")
            clock.advance(14 * 60)
            #expect(try await browser.get("/").status == .ok)
            clock.advance(14 * 60)
            #expect(try await browser.get("/").status == .ok, "activity keeps the session alive")
            clock.advance(16 * 60)
            #expect(try await browser.get("/").status == .unauthorized)

            _ = try await browser.signIn("supervisor")
            for _ in 0..<60 { clock.advance(12 * 60); _ = try await browser.get("/account") }
            #expect(try await browser.get("/").status == .unauthorized, "absolute limit")
        }
    }

    @Test("State-changing web requests need the CSRF token and a same-origin request")
    func csrf() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("admin")
            let noToken = try await browser.post("/admin/organizations", ["name": "Forged org", "type": "donor"], csrf: "forged")
            #expect(noToken.status == .forbidden)
            var cross = HTTPHeaders(); cross.add(name: "Sec-Fetch-Site", value: "cross-site")
            _ = try await browser.get("/admin/organizations/new")
            let crossSite = try await browser.post("/admin/organizations", ["name": "Forged org", "type": "donor"], headers: cross)
            #expect(crossSite.status == .forbidden)
            var origin = HTTPHeaders(); origin.add(name: .origin, value: "https://evil.example"); origin.add(name: .host, value: "127.0.0.1:8080")
            let badOrigin = try await browser.post("/admin/organizations", ["name": "Forged org", "type": "donor"], headers: origin)
            #expect(badOrigin.status == .forbidden)
            #expect(try await OrganizationRecord.query(on: app.db).filter(\.$name == "Forged org").count() == 0)
            // Browsers send `Origin: null` under Referrer-Policy no-referrer: the token and Sec-Fetch-Site decide.
            var sameOrigin = HTTPHeaders(); sameOrigin.add(name: .origin, value: "null"); sameOrigin.add(name: "Sec-Fetch-Site", value: "same-origin")
            let ok = try await browser.post("/admin/organizations", ["name": "Real org", "type": "donor", "active": "on"], headers: sameOrigin)
            #expect(ok.status == .seeOther)
            // Login itself needs the pre-login token.
            let loginForged = try await Browser(app).post("/login", ["username": "admin", "password": TestApp.password], csrf: "x")
            #expect(loginForged.status == .forbidden)
        }
    }

    @Test("API tokens: issued once, stored hashed, bound to a purpose, revocable, and refused after expiry")
    func apiTokens() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            _ = try await Fixtures.make(app)
            let token = try await app.token("supervisor")
            #expect(try await APITokenRecord.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            let me = try await app.api(.GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(me.body.string.contains("\"scope\":\"organization\""))
            #expect(try await app.api(.GET, "/api/v1/me", token: "not-a-token").status == .unauthorized)
            #expect(try await app.api(.DELETE, "/api/v1/auth/token", token: token).status == .noContent)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .unauthorized)

            let short = try await app.token("supervisor")
            clock.advance(TokenPurpose.api.lifetime + 1)
            #expect(try await app.api(.GET, "/api/v1/me", token: short).status == .unauthorized)
            let bad = try await app.api(.POST, "/api/v1/auth/token", token: nil, json: #"{"username":"supervisor","password":"x","purpose":"forever"}"#)
            #expect(bad.status == .unprocessableEntity)
        }
    }

    @Test("Passwords longer than bcrypt's 72 bytes keep all their strength (pre-hash with a pepper)")
    func longPasswords() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let base = String(repeating: "طويلة ", count: 14)   // over 72 bytes in UTF-8
            let admin = try await app.token("admin")
            let created = try await app.api(.POST, "/api/v1/users", token: admin, json: """
                {"username":"long.pass","displayName":"Long","role":"caseworker","organizationId":"\(fx.iom.id!.uuidString)","password":"\(base)A"}
                """)
            #expect(created.status == .created)
            let hash = try #require(try await UserRecord.query(on: app.db).filter(\.$username == "long.pass").first()).passwordHash
            #expect(hash.hasPrefix("$2"))
            #expect(try await Browser(app).signIn("long.pass", password: base + "A").status == .seeOther)
            #expect(try await Browser(app).signIn("long.pass", password: base + "B").status == .unauthorized)
        }
    }

    @Test("Changing one's password ends every session and token")
    func passwordChangeEndsSessions() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let token = try await app.token("caseworker")
            let other = Browser(app)
            _ = try await other.signIn("caseworker")
            let weak = try await app.api(.POST, "/api/v1/me/password", token: token, json: #"{"currentPassword":"\#(TestApp.password)","newPassword":"password1234"}"#)
            #expect(weak.status == .unprocessableEntity)
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            _ = try await browser.get("/account")
            let res = try await browser.post("/account/password", ["currentPassword": TestApp.password, "newPassword": "a new and long passphrase"])
            #expect(res.status == .seeOther)
            #expect(try await other.get("/").status == .unauthorized)
            #expect(try await app.api(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await Browser(app).signIn("caseworker", password: "a new and long passphrase").status == .seeOther)
        }
    }
}

/// A clock tests can move forward.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.lock(); defer { lock.unlock() }; return current }
    func advance(_ seconds: TimeInterval) { lock.lock(); current += seconds; lock.unlock() }
}
