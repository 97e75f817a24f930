import Testing
@testable import BadilCore

@Suite("Consular rules")
struct ConsularRulesTests {
    @Test("Protection flag from screening indicators", arguments: [
        ([Indicator](), false),
        ([.asylumNeed], true),
        ([.stateless], true),
        ([.traffickingSurvivor], true),
        ([.tortureSurvivor], true),
        ([.child, .pregnant, .seriousMedicalCondition], false),
        ([.gbvSurvivor, .trauma, .sogiRisk], false),
        ([.disability, .asylumNeed], true),
    ])
    func protectionFlag(indicators: [Indicator], flagged: Bool) {
        #expect(ConsularRules.protectionFlag(indicators: indicators) == flagged)
    }

    @Test("The protection list is exactly the four documented indicators")
    func protectionList() {
        #expect(ConsularRules.protectionIndicators == [.asylumNeed, .stateless, .traffickingSurvivor, .tortureSurvivor])
    }

    static let today = DayDate("2026-03-10")!

    @Test("Verification: outcome required and known, date defaults to today, never in the future", arguments: [
        ("confirmed" as String?, nil as String?, nil as String?),
        ("needs_interview", "2026-03-01", nil),
        (nil, nil, "outcome:required"),
        ("maybe", nil, "outcome:unknown_value"),
        ("confirmed", "2026-03-11", "verifiedOn:date_in_future"),
        ("confirmed", "10/03/2026", "verifiedOn:invalid_date"),
    ])
    func verification(outcome: String?, day: String?, issue: String?) throws {
        do {
            let d = try ConsularRules.verification(outcome: outcome, verifiedOn: day, note: "  seen  ", today: Self.today)
            #expect(issue == nil)
            #expect(d.verifiedOn == (day.flatMap(DayDate.init) ?? Self.today))
            #expect(d.note == "seen")
        } catch DomainError.invalid(let issues) {
            #expect(issues.map { "\($0.field):\($0.code)" } == [issue].compactMap { $0 })
        }
    }

    @Test("Travel document: type, number and both dates required; valid after issue; not issued in the future", arguments: [
        ("passport", "A123", "2026-01-01", "2031-01-01" as String?, nil as String?),
        ("emergency_travel_document", "ETD-9", "2026-03-10", "2026-04-10", nil),
        ("visa", "A123", "2026-01-01", "2031-01-01", "type:unknown_value"),
        ("passport", " ", "2026-01-01", "2031-01-01", "number:required"),
        ("passport", "A123", "2026-03-11", "2031-01-01", "issuedOn:date_in_future"),
        ("passport", "A123", "2026-01-01", "2026-01-01", "validUntil:valid_until_before_issue"),
        ("passport", "A123", "2026-01-01", nil, "validUntil:required"),
    ])
    func travelDocument(type: String, number: String, issued: String, until: String?, issue: String?) throws {
        do {
            let d = try ConsularRules.travelDocument(type: type, number: number, issuedOn: issued, validUntil: until, today: Self.today)
            #expect(issue == nil)
            #expect(d.number == number)
        } catch DomainError.invalid(let issues) {
            #expect(issues.map { "\($0.field):\($0.code)" } == [issue].compactMap { $0 })
        }
    }
}
