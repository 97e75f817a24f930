import Fluent
import Foundation
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

@Suite("Web interface")
struct WebTests {
    static let pages = ["/", "/account", "/admin/organizations", "/admin/organizations/new", "/admin/users", "/admin/users/new",
                        "/admin/locations", "/admin/locations/new", "/admin/audit"]

    @Test("Every page renders in English, French and Arabic, right to left in Arabic, under 100 KB, with labelled fields")
    func pagesInThreeLanguages() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("admin")
            for path in Self.pages {
                for lang in UILanguage.allCases {
                    let res = try await browser.get("\(path)?lang=\(lang.rawValue)")
                    #expect(res.status == .ok, "\(path) \(lang)")
                    let html = res.body.string
                    #expect(html.contains("<html lang=\"\(lang.rawValue)\" dir=\"\(lang.direction)\">"), "\(path) \(lang)")
                    #expect(res.body.readableBytes < 100_000, "\(path) is \(res.body.readableBytes) bytes")
                    #expect(!html.contains("<script"), "no inline or external script")
                    #expect(!html.contains("http://") && !html.contains("https://"), "no external assets in \(path)")
                    // Every visible input has a label pointing at it.
                    for id in Self.inputIDs(html) { #expect(html.contains("for=\"\(id)\""), "\(path): field \(id) has no label") }
                }
            }
            let ar = try await browser.get("/admin/locations?lang=ar")
            #expect(ar.body.string.contains("مركز احتجاز"))
            #expect(ar.body.string.contains("قاعدة") || ar.body.string.contains("مركز"))
        }
    }

    static func inputIDs(_ html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"<(input|select|textarea) id="([^"]+)"(?![^>]*type="(hidden|checkbox)")"#)
        let range = NSRange(html.startIndex..., in: html)
        return pattern.matches(in: html, range: range).compactMap { Range($0.range(at: 2), in: html).map { String(html[$0]) } }
    }

    @Test("The language choice is remembered; Accept-Language is used without one")
    func languageChoice() async throws {
        try await TestApp.run { app in
            let browser = Browser(app)
            let fr = try await browser.get("/login?lang=fr")
            #expect(fr.body.string.contains("lang=\"fr\""))
            #expect(try await browser.get("/login").body.string.contains("lang=\"fr\""))
            var h = HTTPHeaders(); h.add(name: .acceptLanguage, value: "ar,en;q=0.5")
            #expect(try await Browser(app).get("/login", headers: h).body.string.contains("dir=\"rtl\""))
        }
    }

    @Test("Security headers on pages, API answers, errors and files; no server version")
    func securityHeaders() async throws {
        try await TestApp.run { app in
            for path in ["/login", "/api/v1/openapi.json", "/healthz", "/nowhere", "/api/v1/me", "/css/badil.css"] {
                let res = try await app.testing().sendRequest(.GET, path)
                let csp = res.headers.first(name: "Content-Security-Policy") ?? ""
                #expect(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path)")
                #expect(res.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(res.headers.first(name: "Referrer-Policy") == "no-referrer", "\(path)")
                #expect(res.headers.first(name: .server) == nil, "\(path)")
                #expect(res.headers.first(name: "Strict-Transport-Security") == nil, "no HSTS over plain HTTP")
            }
        }
    }

    @Test("A refused form keeps what was typed and shows the error beside the field, translated")
    func refusedFormKeepsInput() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("admin")
            _ = try await browser.get("/admin/locations/new?lang=fr")
            let res = try await browser.post("/admin/locations", ["type": "shelter", "nameEn": "Zliten family shelter", "pcode": "LY0211",
                                                                  "latitude": "abc", "longitude": "14.5", "active": "on"])
            #expect(res.status == .unprocessableEntity)
            let html = res.body.string
            #expect(html.contains("value=\"Zliten family shelter\""))
            #expect(html.contains("value=\"abc\""))
            #expect(html.contains("class=\"field-error\" id=\"latitude-error\""))
            #expect(html.contains("Saisissez un nombre") || html.contains("nombre"))
            #expect(try await LocationRecord.query(on: app.db).filter(\.$nameEn == "Zliten family shelter").count() == 0)
            let ok = try await browser.post("/admin/locations", ["type": "shelter", "nameEn": "Zliten family shelter", "pcode": "LY0211",
                                                                 "latitude": "32,47", "longitude": "14.57", "active": "on"])
            #expect(ok.status == .seeOther)
            #expect(try await LocationRecord.query(on: app.db).filter(\.$nameEn == "Zliten family shelter").first()?.latitude == 32.47)
        }
    }

    @Test("An adult, who has no care status, shows no empty red care badge on the person list, arrival and record pages")
    func noEmptyCareBadge() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register("""
                {"nameLatin":"Musa Adamu","sex":"male","claimedAge":30,"nationality":"NER"},
                {"nameLatin":"Bilal Yusuf","sex":"male","claimedAge":15,"nationality":"NER"}
                """))
            let adult = batch.people[0].person.id
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            let empty = "<span class=\"badge badge-urgent\"></span>"
            for path in ["/persons", "/persons/\(adult.uuidString)", "/arrivals/\(r.arrivalID.uuidString)"] {
                let res = try await browser.get(path)
                #expect(res.status == .ok, "\(path)")
                #expect(!res.body.string.contains(empty), "\(path) shows an empty care badge")
            }
            // A child registered alone still shows its care status.
            let list = try await browser.get("/persons").body.string
            #expect(list.contains("<span class=\"badge badge-urgent\">Unaccompanied</span>"), "child care badge")
        }
    }

    @Test("Navigation shows only what the role may use")
    func navigationByRole() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let viewer = Browser(app)
            _ = try await viewer.signIn("viewer")
            let home = try await viewer.get("/").body.string
            #expect(home.contains("href=\"/admin/locations\""))
            #expect(!home.contains("href=\"/admin/users\""))
            #expect(!home.contains("href=\"/admin/audit\""))
            #expect(try await viewer.get("/admin/users").status == .forbidden)
            let admin = Browser(app)
            _ = try await admin.signIn("admin")
            #expect(try await admin.get("/").body.string.contains("href=\"/admin/audit\""))
        }
    }

    @Test("A stale web edit is refused and says so")
    func staleWebEdit() async throws {
        try await TestApp.run { app in
            let fx = try await Fixtures.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("admin")
            let path = "/admin/organizations/\(fx.ministry.id!.uuidString)"
            _ = try await browser.get(path)
            #expect(try await browser.post(path, ["name": "Ministry A", "type": "ministry", "version": "1", "active": "on"]).status == .seeOther)
            _ = try await browser.get(path)
            let stale = try await browser.post(path, ["name": "Ministry B", "type": "ministry", "version": "1", "active": "on"])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.body.string.contains("Someone else changed this record"))
            #expect(try await OrganizationRecord.find(fx.ministry.id, on: app.db)?.name == "Ministry A")
        }
    }

    @Test("Health and metrics: database kind, route templates, no identifiers or personal data")
    func healthAndMetrics() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let health = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(health.status == .ok)
            #expect(health.body.string.contains("\"database\":\"\(TestDatabase.engine)\""))
            let admin = try await app.token("admin")
            let id = UUID().uuidString
            _ = try await app.api(.GET, "/api/v1/users/\(id)?q=Fatima", token: admin)
            let metrics = try await app.testing().sendRequest(.GET, "/metrics").body.string
            #expect(metrics.contains("badil_http_requests_total{method=\"GET\",route=\"/api/v1/users/:id\",status=\"4xx\"} 1"))
            #expect(!metrics.contains(id))
            #expect(!metrics.contains("Fatima"))
        }
    }
}

@Suite("Translations")
struct TranslationTests {
    static func flatKeys(_ lang: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "Resources/Localization/\(lang).json"))
        var flat: [String: String] = [:]
        Localizer.flatten(try JSONSerialization.jsonObject(with: data), prefix: "", into: &flat)
        return flat
    }

    @Test("English, French and Arabic have the same keys, none empty, same placeholders")
    func sameKeys() throws {
        let en = try Self.flatKeys("en"), fr = try Self.flatKeys("fr"), ar = try Self.flatKeys("ar")
        #expect(Set(en.keys) == Set(fr.keys))
        #expect(Set(en.keys) == Set(ar.keys))
        let placeholder = try NSRegularExpression(pattern: #"\{[a-z0-9]+\}"#)
        func marks(_ s: String) -> Set<String> {
            Set(placeholder.matches(in: s, range: NSRange(s.startIndex..., in: s)).compactMap { Range($0.range, in: s).map { String(s[$0]) } })
        }
        for (key, text) in en {
            #expect(!(fr[key] ?? "").isEmpty && !(ar[key] ?? "").isEmpty, "\(key)")
            #expect(marks(text) == marks(fr[key] ?? ""), "fr \(key)")
            #expect(marks(text) == marks(ar[key] ?? ""), "ar \(key)")
        }
    }

    @Test("Templates and code use only keys that exist")
    func usedKeysExist() throws {
        let en = try Self.flatKeys("en")
        var used = Set<String>()
        let tag = try NSRegularExpression(pattern: #"#tf?\("([a-z0-9_.]+)""#)
        let files = FileManager.default.enumerator(atPath: "Resources/Views")!.compactMap { $0 as? String }.filter { $0.hasSuffix(".leaf") }
        #expect(files.count >= 10)
        for file in files {
            let text = try String(contentsOfFile: "Resources/Views/\(file)", encoding: .utf8)
            for m in tag.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        for role in Role.allCases { used.insert(role.labelKey) }
        for t in OrganizationType.allCases { used.insert(t.labelKey) }
        for t in LocationType.allCases { used.insert(t.labelKey) }
        for s in RecordScope.allCases { used.insert("scope.\(s.rawValue)") }
        for item in Navigation.items { used.insert(item.key); used.insert(item.key + "_hint") }
        for x in Sex.allCases { used.insert(x.labelKey) }
        for x in ArrivalKind.allCases { used.insert(x.labelKey); used.insert("stay_reason.\(x.rawValue)") }
        for x in Relationship.allCases { used.insert(x.labelKey) }
        for x in UrgentNeed.allCases { used.insert(x.labelKey) }
        for x in AgeAssessmentMethod.allCases { used.insert(x.labelKey) }
        for x in CareStatus.allCases { used.insert(x.labelKey) }
        for code in MatchReason.allCodes { used.insert("match.\(code)") }
        for s in ["proposed", "same", "different"] { used.insert("pair_status.\(s)") }
        for s in ["registration", "sweep"] { used.insert("pair_source.\(s)") }
        for s in ["child", "adult"] { used.insert("age_group.\(s)") }
        for s in [NationalityRules.undetermined, NationalityRules.stateless] { used.insert("nationality.\(s)") }
        // Literal keys in Swift code: t("..."), titleKey: "...", message: "...".
        let literal = try NSRegularExpression(pattern: #"(?:\bt\(|titleKey: |message: |\.t\()"([a-z_]+\.[a-z_.]+)""#)
        let sources = FileManager.default.enumerator(atPath: "Sources/BadilApp")!.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        for file in sources {
            let text = try String(contentsOfFile: "Sources/BadilApp/\(file)", encoding: .utf8)
            for m in literal.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                used.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        let missing = used.subtracting(en.keys).sorted()
        #expect(missing.isEmpty, "missing keys: \(missing)")
    }
}
