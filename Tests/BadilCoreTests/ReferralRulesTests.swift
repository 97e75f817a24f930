import Foundation
import Testing
@testable import BadilCore

@Suite("Referral status")
struct ReferralTransitionTests {
    static let deadline: Int64 = 1_000

    func run(_ from: ReferralStatus, _ action: ReferralAction, now: Int64 = 0, reason: String? = nil, decline: DeclineReason? = nil,
             handedOver: Bool = false) -> String {
        do {
            return try ReferralRules.transition(from: from, action: action, now: now, deadline: Self.deadline, reason: reason,
                                                declineReason: decline, handedOver: handedOver).rawValue
        } catch DomainError.conflict(let key) { return "conflict:\(key)" }
        catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" }.joined(separator: ",") }
        catch { return "\(error)" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let from: ReferralStatus
        let action: ReferralAction
        var now: Int64 = 0
        var reason: String?
        var decline: DeclineReason?
        var handedOver = false
        let expected: String
        var testDescription: String { name }
    }

    @Test("Table", arguments: [
        Case(name: "accept before the deadline", from: .pending, action: .accept, now: 999, expected: "accepted"),
        Case(name: "accept at the deadline", from: .pending, action: .accept, now: 1_000, expected: "conflict:referral_expired"),
        Case(name: "accept after the deadline", from: .pending, action: .accept, now: 5_000, expected: "conflict:referral_expired"),
        Case(name: "decline, no capacity", from: .pending, action: .decline, decline: .noCapacity, expected: "declined"),
        Case(name: "decline, security, with a note", from: .pending, action: .decline, reason: "Known to staff.", decline: .security,
             expected: "declined"),
        Case(name: "decline without a reason", from: .pending, action: .decline, expected: "declineReason:required"),
        Case(name: "decline, other, without a text", from: .pending, action: .decline, decline: .other, expected: "reason:required"),
        Case(name: "decline, other, blank text", from: .pending, action: .decline, reason: "  ", decline: .other, expected: "reason:required"),
        Case(name: "decline, other, with a text", from: .pending, action: .decline, reason: "The host family moved.", decline: .other,
             expected: "declined"),
        Case(name: "decline, text too long", from: .pending, action: .decline, reason: String(repeating: "x", count: 1001), decline: .other,
             expected: "reason:too_long"),
        Case(name: "decline after the deadline", from: .pending, action: .decline, now: 1_000, decline: .unsuitable,
             expected: "conflict:referral_expired"),
        Case(name: "expire at the deadline", from: .pending, action: .expire, now: 1_000, expected: "expired"),
        Case(name: "expire before the deadline", from: .pending, action: .expire, now: 999, expected: "conflict:referral_not_expired"),
        Case(name: "cancel with a reason", from: .pending, action: .cancel, reason: "Released to family.", expected: "cancelled"),
        Case(name: "cancel without a reason", from: .pending, action: .cancel, expected: "reason:required"),
        Case(name: "cancel, reason too long", from: .pending, action: .cancel, reason: String(repeating: "x", count: 1001),
             expected: "reason:too_long"),
        Case(name: "cancel after the deadline", from: .pending, action: .cancel, now: 5_000, reason: "r", expected: "cancelled"),
        Case(name: "revoke before acceptance", from: .pending, action: .revoke, reason: "r", expected: "conflict:referral_transition_invalid"),
        Case(name: "schedule before acceptance", from: .pending, action: .schedule, expected: "conflict:referral_not_accepted"),
        Case(name: "revoke an acceptance", from: .accepted, action: .revoke, reason: "Bed needed for a medical case.", expected: "cancelled"),
        Case(name: "revoke without a reason", from: .accepted, action: .revoke, expected: "reason:required"),
        Case(name: "schedule", from: .accepted, action: .schedule, now: 5_000, expected: "in_transfer"),
        Case(name: "accept twice", from: .accepted, action: .accept, expected: "conflict:referral_already_decided"),
        Case(name: "decline once accepted", from: .accepted, action: .decline, decline: .security, expected: "conflict:referral_already_decided"),
        Case(name: "cancel once accepted (revoke instead)", from: .accepted, action: .cancel, reason: "r",
             expected: "conflict:referral_already_decided"),
        Case(name: "expire once accepted", from: .accepted, action: .expire, now: 5_000, expected: "conflict:referral_already_decided"),
        Case(name: "hand over before scheduling", from: .accepted, action: .handOver, expected: "conflict:not_on_transfer"),
        Case(name: "arrive before scheduling", from: .accepted, action: .arrive, expected: "conflict:not_on_transfer"),
        Case(name: "no-show before scheduling", from: .accepted, action: .noShow, reason: "r", expected: "conflict:not_on_transfer"),
        Case(name: "hand over", from: .inTransfer, action: .handOver, expected: "in_transfer"),
        Case(name: "hand over twice", from: .inTransfer, action: .handOver, handedOver: true, expected: "conflict:already_handed_over"),
        Case(name: "arrive without hand-over", from: .inTransfer, action: .arrive, expected: "conflict:handover_required"),
        Case(name: "arrive after hand-over", from: .inTransfer, action: .arrive, handedOver: true, expected: "arrived"),
        Case(name: "no-show", from: .inTransfer, action: .noShow, reason: "Not at the gate at departure.", expected: "no_show"),
        Case(name: "no-show without a reason", from: .inTransfer, action: .noShow, expected: "reason:required"),
        Case(name: "left the vehicle on the way", from: .inTransfer, action: .noShow, reason: "Left at a checkpoint.", handedOver: true,
             expected: "no_show"),
        Case(name: "refuse", from: .inTransfer, action: .refuse, reason: "Wants to stay with a cousin in the centre.", expected: "refused"),
        Case(name: "refuse without a reason", from: .inTransfer, action: .refuse, expected: "reason:required"),
        Case(name: "revoke on a planned transfer", from: .inTransfer, action: .revoke, reason: "r", expected: "cancelled"),
        Case(name: "revoke after hand-over", from: .inTransfer, action: .revoke, reason: "r", handedOver: true,
             expected: "conflict:already_handed_over"),
        Case(name: "take off a transfer", from: .inTransfer, action: .unschedule, expected: "accepted"),
        Case(name: "take off after hand-over", from: .inTransfer, action: .unschedule, handedOver: true, expected: "conflict:already_handed_over"),
        Case(name: "schedule twice", from: .inTransfer, action: .schedule, expected: "conflict:referral_transition_invalid"),
        Case(name: "accept on a transfer", from: .inTransfer, action: .accept, expected: "conflict:referral_already_decided"),
        Case(name: "accept an expired referral", from: .expired, action: .accept, expected: "conflict:referral_expired"),
        Case(name: "decline an expired referral", from: .expired, action: .decline, decline: .noCapacity, expected: "conflict:referral_expired"),
        Case(name: "cancel an expired referral", from: .expired, action: .cancel, reason: "r", expected: "conflict:referral_already_decided"),
        Case(name: "accept a declined referral", from: .declined, action: .accept, expected: "conflict:referral_already_decided"),
        Case(name: "expire a cancelled referral", from: .cancelled, action: .expire, now: 5_000, expected: "conflict:referral_already_decided"),
        Case(name: "arrive twice", from: .arrived, action: .arrive, handedOver: true, expected: "conflict:referral_transition_invalid"),
        Case(name: "revoke after arrival", from: .arrived, action: .revoke, reason: "r", expected: "conflict:referral_transition_invalid"),
        Case(name: "arrive after a no-show", from: .noShow, action: .arrive, handedOver: true, expected: "conflict:referral_transition_invalid"),
        Case(name: "schedule a refusal", from: .refused, action: .schedule, expected: "conflict:referral_transition_invalid"),
    ])
    func table(_ c: Case) {
        #expect(run(c.from, c.action, now: c.now, reason: c.reason, decline: c.decline, handedOver: c.handedOver) == c.expected)
    }

    func allowed(now: Int64, handedOver: Bool, from statuses: [ReferralStatus] = ReferralStatus.allCases) -> [String] {
        var moves: [String] = []
        for from in statuses {
            for action in ReferralAction.allCases {
                let result = run(from, action, now: now, reason: "r", decline: .other, handedOver: handedOver)
                if !result.hasPrefix("conflict:") { moves.append("\(from.rawValue) \(action.rawValue)") }
            }
        }
        return moves
    }

    @Test("Only the listed moves are allowed")
    func matrix() {
        #expect(allowed(now: 0, handedOver: false) == [
            "pending accept", "pending decline", "pending cancel", "accepted revoke", "accepted schedule",
            "in_transfer revoke", "in_transfer unschedule", "in_transfer hand_over", "in_transfer no_show", "in_transfer refuse",
        ])
        #expect(allowed(now: Self.deadline, handedOver: false, from: [.pending, .accepted]) == [
            "pending expire", "pending cancel", "accepted revoke", "accepted schedule",
        ])
        #expect(allowed(now: 0, handedOver: true, from: [.inTransfer]) == ["in_transfer arrive", "in_transfer no_show", "in_transfer refuse"])
        #expect(ReferralStatus.allCases.filter(\.isFinal).allSatisfy { allowed(now: 0, handedOver: true, from: [$0]).isEmpty })
    }

    @Test func finalStatuses() {
        #expect(ReferralStatus.allCases.filter { !$0.isFinal } == [.pending, .accepted, .inTransfer])
    }
}

@Suite("Reservations")
struct ReservationTests {
    @Test("Which statuses hold beds", arguments: ReferralStatus.allCases)
    func holds(_ status: ReferralStatus) {
        let expected = [ReferralStatus.pending, .accepted, .inTransfer].contains(status)
        #expect(ReferralRules.reservationHolds(status: status) == expected)
        #expect(ReferralRules.holdsBeds(status: status, deadline: 100, now: 99) == expected)
    }

    @Test func aPendingHoldEndsAtItsDeadline() {
        #expect(ReferralRules.holdsBeds(status: .pending, deadline: 100, now: 99))
        #expect(!ReferralRules.holdsBeds(status: .pending, deadline: 100, now: 100))
        #expect(ReferralRules.holdsBeds(status: .accepted, deadline: 100, now: 5_000), "an acceptance holds until arrival")
        #expect(ReferralRules.holdsBeds(status: .inTransfer, deadline: 100, now: 5_000))
        #expect(ReferralRules.isDue(status: .pending, deadline: 100, now: 100))
        #expect(!ReferralRules.isDue(status: .pending, deadline: 100, now: 99))
        #expect(!ReferralRules.isDue(status: .accepted, deadline: 100, now: 5_000))
    }

    @Test("Hold hours", arguments: [(0, false), (1, true), (48, true), (168, true), (169, false), (-5, false)])
    func holdHours(_ hours: Int, _ valid: Bool) {
        #expect(fieldIssues { try ReferralRules.validateHold(hours: hours) } == (valid ? [] : ["holdHours:out_of_range"]))
    }

    @Test func deadline() throws {
        #expect(ReferralRules.defaultHoldHours == 48)
        #expect(try ReferralRules.deadline(from: 1_000) == 1_000 + 48 * 3600)
        #expect(try ReferralRules.deadline(from: 0, holdHours: 1) == 3600)
        #expect(throws: DomainError.invalid([FieldIssue("holdHours", "out_of_range", ["min": "1", "max": "168"])])) {
            try ReferralRules.deadline(from: 0, holdHours: 200)
        }
    }
}

@Suite("Consent")
struct ConsentRulesTests {
    static let day = DayDate("2026-11-29")!
    static func record(_ purpose: ConsentPurpose = .referral, to recipient: String? = "org-shelter", given: String = "2026-11-20",
                       withdrawn: String? = nil, by giver: ConsentGiver = .person) -> ConsentRecord {
        ConsentRecord(purpose: purpose, recipientOrganizationID: recipient, givenOn: DayDate(given)!, withdrawnOn: withdrawn.flatMap(DayDate.init),
                      givenBy: giver)
    }

    @Test("Active", arguments: [
        ("given before", [record()], ConsentPurpose.referral, "org-shelter" as String?, true),
        ("given today", [record(given: "2026-11-29")], .referral, "org-shelter", true),
        ("given tomorrow", [record(given: "2026-11-30")], .referral, "org-shelter", false),
        ("withdrawn yesterday", [record(withdrawn: "2026-11-28")], .referral, "org-shelter", false),
        ("withdrawn today", [record(withdrawn: "2026-11-29")], .referral, "org-shelter", false),
        ("withdrawal recorded for tomorrow", [record(withdrawn: "2026-11-30")], .referral, "org-shelter", true),
        ("another recipient", [record(to: "org-other")], .referral, "org-shelter", false),
        ("a consent naming no recipient", [record(to: nil)], .referral, "org-shelter", false),
        ("a request naming no recipient", [record()], .referral, nil, false),
        ("neither names a recipient", [record(.tracing, to: nil)], .tracing, nil, true),
        ("another purpose", [record(.dataSharing)], .referral, "org-shelter", false),
        ("withdrawn, then given again", [record(withdrawn: "2026-11-22"), record(given: "2026-11-25")], .referral, "org-shelter", true),
        ("no record", [], .consularContact, "org-embassy", false),
    ])
    func active(_ name: String, _ records: [ConsentRecord], _ purpose: ConsentPurpose, _ recipient: String?, _ expected: Bool) {
        #expect(ConsentRules.isActive(records, purpose: purpose, recipient: recipient, on: Self.day) == expected, "\(name)")
        #expect(placementOutcome { try ConsentRules.requireActive(records, purpose: purpose, recipient: recipient, on: Self.day) }
                == (expected ? "ok" : "conflict:consent_missing"), "\(name)")
    }

    @Test("Recording", arguments: [
        ("an adult's consent", record(), false, [String]()),
        ("a child's consent by a guardian", record(by: .guardian), true, []),
        ("a child's consent by a parent", record(by: .parent), true, []),
        ("a child's own consent", record(by: .person), true, ["givenBy:guardian_consent_required"]),
        ("given in the future", record(given: "2026-11-30"), false, ["givenOn:date_in_future"]),
        ("withdrawn before given", record(given: "2026-11-20", withdrawn: "2026-11-19"), false, ["withdrawnOn:withdrawn_before_given"]),
        ("withdrawn in the future", record(withdrawn: "2026-12-01"), false, ["withdrawnOn:date_in_future"]),
        ("withdrawn the day it was given", record(given: "2026-11-20", withdrawn: "2026-11-20"), false, []),
        ("a referral names its recipient", record(to: nil), false, ["recipientOrganizationID:required"]),
        ("a blank recipient", record(to: "  "), false, ["recipientOrganizationID:required"]),
        ("tracing without a recipient", record(.tracing, to: nil), false, []),
    ])
    func recording(_ name: String, _ record: ConsentRecord, _ isChild: Bool, _ expected: [String]) {
        #expect(fieldIssues { try ConsentRules.validate(record, isChild: isChild, today: Self.day) } == expected, "\(name)")
    }

    @Test func recordsRoundTripAsJSON() throws {
        let record = Self.record(withdrawn: "2026-11-28", by: .person)
        let data = try JSONEncoder().encode(record)
        #expect(String(decoding: data, as: UTF8.self).contains("\"givenBy\":\"self\""))
        #expect(try JSONDecoder().decode(ConsentRecord.self, from: data) == record)
    }
}

@Suite("Transfers")
struct TransferRulesTests {
    static let today = DayDate("2026-11-29")!

    static func candidate(_ id: String, _ status: ReferralStatus = .accepted, from origin: String = "dc-tariq-al-sikka",
                          onThis: Bool = false) -> TransferCandidate {
        TransferCandidate(referralID: id, status: status, originID: origin, onThisTransfer: onThis)
    }

    static let draft = TransferDraft(date: today, vehicle: "Minibus 5-12345, IOM", notes: nil)

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var draft: TransferDraft = TransferRulesTests.draft
        var referrals: [TransferCandidate] = [TransferRulesTests.candidate("r1"), TransferRulesTests.candidate("r2")]
        let expected: [String]
        var testDescription: String { name }
    }

    @Test("Planning", arguments: [
        Case(name: "two accepted referrals from one centre", expected: []),
        Case(name: "tomorrow", draft: TransferDraft(date: today.addingDays(1), vehicle: "Bus"), expected: []),
        Case(name: "yesterday", draft: TransferDraft(date: today.addingDays(-1), vehicle: "Bus"), expected: ["date:date_in_past"]),
        Case(name: "no date", draft: TransferDraft(vehicle: "Bus"), expected: ["date:required"]),
        Case(name: "no vehicle", draft: TransferDraft(date: today, vehicle: " "), expected: ["vehicle:required"]),
        Case(name: "vehicle too long", draft: TransferDraft(date: today, vehicle: String(repeating: "v", count: 201)), expected: ["vehicle:too_long"]),
        Case(name: "notes too long", draft: TransferDraft(date: today, vehicle: "Bus", notes: String(repeating: "n", count: 2001)),
             expected: ["notes:too_long"]),
        Case(name: "nobody", referrals: [], expected: ["referrals:required"]),
        Case(name: "101 people", referrals: (0...100).map { candidate("r\($0)") }, expected: ["referrals:too_many"]),
        Case(name: "a pending referral", referrals: [candidate("r1"), candidate("r2", .pending)], expected: ["referrals.1:referral_not_accepted"]),
        Case(name: "a declined referral", referrals: [candidate("r1", .declined)], expected: ["referrals.0:referral_not_accepted"]),
        Case(name: "two origins", referrals: [candidate("r1"), candidate("r2", from: "dc-zawiya"), candidate("r3")],
             expected: ["referrals.1:transfer_origin_mismatch"]),
        Case(name: "listed twice", referrals: [candidate("r1"), candidate("r1")], expected: ["referrals.1:duplicate_entry"]),
        Case(name: "already on this transfer", referrals: [candidate("r1", .inTransfer, onThis: true), candidate("r2")], expected: []),
        Case(name: "on another transfer", referrals: [candidate("r1", .inTransfer), candidate("r2")], expected: ["referrals.0:referral_not_accepted"]),
        Case(name: "everything wrong", draft: TransferDraft(), referrals: [candidate("r1", .pending), candidate("r2", .arrived, from: "dc-zawiya")],
             expected: ["date:required", "vehicle:required", "referrals.0:referral_not_accepted", "referrals.1:referral_not_accepted",
                        "referrals.1:transfer_origin_mismatch"]),
    ])
    func planning(_ c: Case) {
        #expect(fieldIssues { _ = try TransferRules.validate(c.draft, referrals: c.referrals, today: Self.today) } == c.expected)
    }

    @Test func aPlanIsTrimmed() throws {
        let plan = try TransferRules.validate(TransferDraft(date: Self.today, vehicle: "  Bus 12 ", notes: " "),
                                              referrals: [Self.candidate("r1"), Self.candidate("r2")], today: Self.today)
        #expect(plan == TransferPlan(date: Self.today, vehicle: "Bus 12", notes: nil, originID: "dc-tariq-al-sikka", referralIDs: ["r1", "r2"]))
    }

    static let manifest = [
        TransferPassenger(referralID: "waiting"),
        TransferPassenger(referralID: "handed", handedOverAt: 500),
        TransferPassenger(referralID: "arrived", status: .arrived, handedOverAt: 500),
    ]

    @Test("Hand-over and arrival", arguments: [
        (ReferralAction.handOver, "waiting", nil as String?, "in_transfer 900"),
        (.handOver, "handed", nil, "conflict:already_handed_over"),
        (.arrive, "waiting", nil, "conflict:handover_required"),
        (.arrive, "handed", nil, "arrived 500"),
        (.arrive, "someone-else", nil, "conflict:not_on_transfer"),
        (.handOver, "someone-else", nil, "conflict:not_on_transfer"),
        (.noShow, "waiting", "Not at the gate.", "no_show -"),
        (.noShow, "waiting", nil, "reason:required"),
        (.refuse, "handed", "Refused to leave the vehicle.", "refused 500"),
        (.refuse, "handed", " ", "reason:required"),
        (.arrive, "arrived", nil, "conflict:referral_transition_invalid"),
        (.accept, "waiting", nil, "conflict:referral_transition_invalid"),
        (.revoke, "waiting", "r", "conflict:referral_transition_invalid"),
    ])
    func passengers(_ action: ReferralAction, _ id: String, _ reason: String?, _ expected: String) {
        var result = ""
        let outcome = placementOutcome {
            let p = try TransferRules.record(action, referralID: id, manifest: Self.manifest, now: 900, reason: reason)
            result = "\(p.status.rawValue) \(p.handedOverAt.map(String.init) ?? "-")"
        }
        #expect((outcome == "ok" ? result : outcome) == expected, "\(action.rawValue) \(id)")
    }

    @Test func cancelling() throws {
        let planned = [TransferPassenger(referralID: "a"), TransferPassenger(referralID: "b"), TransferPassenger(referralID: "c", status: .cancelled)]
        #expect(try TransferRules.cancel(planned, reason: "Road closed.").map(\.status) == [.accepted, .accepted, .cancelled])
        #expect(placementOutcome { _ = try TransferRules.cancel(planned, reason: nil) } == "reason:required")
        #expect(placementOutcome { _ = try TransferRules.cancel(Self.manifest, reason: "r") } == "conflict:transfer_in_progress")
        #expect(try TransferRules.cancel([], reason: "Nobody left on it.") == [])
        let done = [TransferPassenger(referralID: "a", status: .arrived, handedOverAt: 1)]
        #expect(placementOutcome { _ = try TransferRules.cancel(done, reason: "r") } == "conflict:transfer_in_progress")
    }

    @Test("Status", arguments: [
        ([ReferralStatus](), false, TransferStatus.cancelled),
        ([.inTransfer, .inTransfer], false, .planned),
        ([.inTransfer, .cancelled], false, .planned),
        ([.inTransfer, .inTransfer], true, .inProgress),
        ([.inTransfer, .arrived], false, .inProgress),
        ([.inTransfer, .noShow], false, .inProgress),
        ([.arrived, .noShow, .refused], true, .completed),
        ([.arrived, .cancelled], true, .completed),
        ([.refused], false, .completed),
        ([.cancelled, .accepted], false, .cancelled),
    ])
    func status(_ people: [ReferralStatus], _ anyHandedOver: Bool, _ expected: TransferStatus) {
        #expect(TransferRules.status(of: people, anyHandedOver: anyHandedOver) == expected)
    }

    @Test func statusOfAManifest() {
        #expect(TransferRules.status(of: Self.manifest) == .inProgress)
        #expect(TransferRules.status(of: [TransferPassenger(referralID: "a")]) == .planned)
        #expect(TransferRules.status(of: [TransferPassenger(referralID: "a", handedOverAt: 1)]) == .inProgress)
    }
}
