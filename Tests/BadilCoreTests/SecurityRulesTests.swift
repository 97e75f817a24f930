import Foundation
import Testing
@testable import BadilCore

@Suite("Password policy")
struct PasswordPolicyTests {
    let policy = PasswordPolicy(breached: ["passwordpassword", "123456789012", "qwertyuiopasdf"])

    @Test("Table", arguments: [
        ("short", "shortpass", nil as String?, ["password_too_short"]),
        ("eleven", "abcdefghijk", nil, ["password_too_short"]),
        ("twelve ok", "tide-lamp-94x", nil, []),
        ("breached, any case", "PasswordPassword", nil, ["password_breached"]),
        ("breached digits", "123456789012", nil, ["password_breached"]),
        ("contains username", "aisha.m-2026-secure", "aisha.m", ["password_contains_username"]),
        ("arabic counts characters", "كلمة سر طويلة جدا", nil, []),
        ("too long", String(repeating: "ab", count: 65), nil, ["password_too_long"]),
        ("128 is fine", String(repeating: "abcd", count: 32), nil, []),
        ("repetitive", "aaaaaaaaaaaaaaaa", nil, ["password_breached"]),
    ])
    func table(_ name: String, _ password: String, _ username: String?, _ expected: [String]) {
        #expect(policy.problems(password: password, username: username) == expected, "\(name)")
    }
}

@Suite("Login throttling")
struct LoginThrottleTests {
    let throttle = LoginThrottle(window: 900, maxFailuresPerAccount: 5, maxFailuresPerAddress: 20)
    let now = Date(timeIntervalSince1970: 1_000_000)

    func ago(_ seconds: [Double]) -> [Date] { seconds.map { now.addingTimeInterval(-$0) } }

    @Test func fourFailuresAllowed() {
        #expect(throttle.decide(accountFailures: ago([10, 20, 30, 40]), addressFailures: [], now: now) == .allowed)
    }

    @Test func fiveFailuresLockUntilOldestLeavesWindow() {
        let d = throttle.decide(accountFailures: ago([10, 20, 30, 40, 100]), addressFailures: [], now: now)
        #expect(d == .throttled(retryAfter: 800))
    }

    @Test func oldFailuresDoNotCount() {
        #expect(throttle.decide(accountFailures: ago([10, 20, 30, 40, 901, 2000]), addressFailures: [], now: now) == .allowed)
    }

    @Test func addressLimitIsSeparate() {
        let twenty = ago((1...20).map { Double($0) })
        #expect(throttle.decide(accountFailures: [], addressFailures: twenty, now: now) == .throttled(retryAfter: 880))
        #expect(throttle.decide(accountFailures: [], addressFailures: Array(twenty.prefix(19)), now: now) == .allowed)
    }

    @Test func lockLiftsByItself() {
        let failures = ago([10, 20, 30, 40, 50])
        #expect(throttle.decide(accountFailures: failures, addressFailures: [], now: now.addingTimeInterval(900)) == .allowed)
    }
}

@Suite("Session timeouts")
struct SessionRulesTests {
    let rules = SessionRules()
    let t0 = Date(timeIntervalSince1970: 0)

    static let cases: [(Double, Double, SessionRules.State)] = [
        (0.0, 0.0, SessionRules.State.active(needsTouch: false)),
        (120, 100, .active(needsTouch: false)),
        (200, 100, .active(needsTouch: true)),
        (1000, 100, .idleExpired),
        (12 * 3600, 12 * 3600 - 10, .absoluteExpired),
        (11 * 3600, 11 * 3600 - 61, .active(needsTouch: true)),
    ]

    @Test("Table", arguments: cases)
    func table(_ now: Double, _ lastSeen: Double, _ expected: SessionRules.State) {
        #expect(rules.state(createdAt: t0, lastSeenAt: t0.addingTimeInterval(lastSeen), now: t0.addingTimeInterval(now)) == expected)
    }
}

@Suite("Language negotiation and paging")
struct NegotiationTests {
    @Test("Accept-Language", arguments: [
        ("ar", UILanguage?.some(.ar)), ("fr-FR,fr;q=0.9,en;q=0.8", .fr), ("de-DE,en;q=0.5", .en),
        ("de, it", nil), ("en;q=0.2, ar;q=0.9", .ar), ("", nil), ("fr;q=0", nil),
    ])
    func negotiate(_ header: String, _ expected: UILanguage?) {
        #expect(UILanguage.negotiate(header) == expected)
    }

    @Test func arabicIsRightToLeft() {
        #expect(UILanguage.ar.direction == "rtl")
        #expect(UILanguage.fr.direction == "ltr")
    }

    @Test func pagingIsBounded() {
        #expect(Paging(page: nil, size: nil).size == Paging.defaultSize)
        #expect(Paging(page: -3, size: 10_000).page == 1)
        #expect(Paging(page: 1, size: 10_000).size == Paging.maxSize)
        #expect(Paging(page: 3, size: 10).offset == 20)
        #expect(Paging(page: 1, size: 10).pageCount(total: 0) == 1)
        #expect(Paging(page: 1, size: 10).pageCount(total: 21) == 3)
    }

    @Test("Usernames", arguments: [("admin", true), ("a.b-c_9", true), ("ab", false), ("Admin", false), ("عمر", false), ("a b c", false)])
    func usernames(_ name: String, _ valid: Bool) {
        #expect(UsernameRules.isValid(name) == valid)
    }

    @Test func cleaningKeepsScriptsAndDropsControls() {
        #expect(TextRules.clean("  محمد\u{0007} ") == "محمد")
        #expect(TextRules.clean("\tAbdel\u{0000}rahmane\n") == "Abdelrahmane")
    }
}

@Suite("Reference codes and coordinates")
struct ReferenceCodeTests {
    let codes = ReferenceCodes(countries: ["NER", "TCD"], languages: ["ar", "ha", "taq"], adminAreas: ["LY02", "LY0211"])

    @Test func countries() {
        var v = FieldChecker()
        #expect(codes.country(" ner ", field: "c", into: &v, required: true) == "NER")
        #expect(codes.country("XXX", field: "c", into: &v, required: true) == nil)
        #expect(codes.country(nil, field: "d", into: &v, required: true) == nil)
        #expect(v.issues.map(\.code) == ["unknown_country", "required"])
    }

    @Test func coordinates() {
        var v = FieldChecker()
        Coordinates.check(latitude: 32.9, longitude: 13.2, into: &v)
        #expect(v.issues.isEmpty)
        Coordinates.check(latitude: 91, longitude: 13.2, into: &v)
        Coordinates.check(latitude: nil, longitude: 13.2, into: &v)
        #expect(v.issues.map(\.field) == ["latitude", "latitude"])
    }
}
