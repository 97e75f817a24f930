import Testing
@testable import BadilCore

@Suite("Incident rules")
struct IncidentRulesTests {
    static let today = DayDate("2026-03-10")!
    static let centre = IncidentLocation.known(id: "centre", type: .detentionCentre, active: true)
    static let shelter = IncidentLocation.known(id: "shelter", type: .shelter, active: true)

    static func issues(_ f: IncidentFacts) -> [String] {
        do { _ = try IncidentRules.validate(f, today: today); return [] }
        catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" } }
        catch { return ["other"] }
    }

    @Test("Labels are incident_kind.<raw>")
    func labels() {
        #expect(IncidentKind.allCases.map(\.rawValue) == ["absconded", "re_detained", "medical_emergency", "protection_incident"])
        #expect(IncidentKind.reDetained.labelKey == "incident_kind.re_detained")
    }

    @Test("Validation table", arguments: [
        (IncidentFacts(kind: "absconded", occurredOn: "2026-03-10"), [String]()),
        (IncidentFacts(kind: "medical_emergency", occurredOn: "2026-01-01", notes: "   "), []),
        (IncidentFacts(kind: "protection_incident", occurredOn: "2026-03-09", location: shelter), []),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10", location: centre), []),
        (IncidentFacts(kind: nil, occurredOn: "2026-03-10"), ["kind:required"]),
        (IncidentFacts(kind: "escaped", occurredOn: "2026-03-10"), ["kind:unknown_value"]),
        (IncidentFacts(kind: "absconded", occurredOn: nil), ["occurredOn:required"]),
        (IncidentFacts(kind: "absconded", occurredOn: "10/03/2026"), ["occurredOn:invalid_date"]),
        (IncidentFacts(kind: "absconded", occurredOn: "2026-3-1"), ["occurredOn:invalid_date"]),
        (IncidentFacts(kind: "absconded", occurredOn: "2026-02-30"), ["occurredOn:invalid_date"]),
        (IncidentFacts(kind: "absconded", occurredOn: "2026-03-11"), ["occurredOn:date_in_future"]),
        (IncidentFacts(kind: "absconded", occurredOn: "2026-03-01", currentStayStartedOn: DayDate("2026-03-05")), ["occurredOn:before_current_stay"]),
        (IncidentFacts(kind: "medical_emergency", occurredOn: "2026-03-01", currentStayStartedOn: DayDate("2026-03-05")), []),
        (IncidentFacts(kind: "medical_emergency", occurredOn: "2026-03-01", notes: String(repeating: "x", count: 2001)), ["notes:too_long"]),
        (IncidentFacts(kind: "medical_emergency", occurredOn: "2026-03-01", notes: String(repeating: "x", count: 2000)), []),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10"), ["locationId:required"]),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10", location: shelter), ["locationId:not_detention_location"]),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10", location: .unknown), ["locationId:not_found_ref"]),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10", location: .known(id: "c", type: .detentionCentre, active: false)),
         ["locationId:location_inactive"]),
        (IncidentFacts(kind: "re_detained", occurredOn: "2026-03-10", location: centre, currentLocationID: "centre"), ["locationId:already_there"]),
        (IncidentFacts(kind: "absconded", occurredOn: "2026-03-12", notes: String(repeating: "x", count: 2001)),
         ["occurredOn:date_in_future", "notes:too_long"]),
    ])
    func table(facts: IncidentFacts, expected: [String]) {
        #expect(Self.issues(facts) == expected)
    }

    @Test("A checked incident keeps the day, the location and trimmed notes")
    func checked() throws {
        let c = try IncidentRules.validate(IncidentFacts(kind: "re_detained", occurredOn: " 2026-03-08 ", location: Self.centre, notes: "  seen by police "),
                                           today: Self.today)
        #expect(c == CheckedIncident(kind: .reDetained, occurredOn: DayDate("2026-03-08")!, locationID: "centre", notes: "seen by police"))
    }
}
