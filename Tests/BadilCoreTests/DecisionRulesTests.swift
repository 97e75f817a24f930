import Foundation
import Testing
@testable import BadilCore

enum Drafts {
    static let today = DayDate("2026-11-29")!
    static let context = DecisionContext(isChild: false, hasCompletedScreening: true, today: today)

    static let release = DecisionDraft(outcome: .release, presumptionOfLiberty: true, legalObligations: .done, identityCheck: .done,
                                       healthCheck: .notNeeded, securityCheck: .pending, screeningId: "scr-1")

    static let detention = DecisionDraft(
        outcome: .detentionLastResort, presumptionOfLiberty: true, legalObligations: .done, identityCheck: .done, healthCheck: .done,
        securityCheck: .done, screeningId: "scr-1", caseManagement: .unavailable, legalAdvice: .partial, interpretation: .available,
        basicNeeds: .unavailable, documents: .unavailable,
        communityNotes: "No shelter place in Tripoli; the nominated address was refused by the host.",
        justification: "Identity could not be established and the person has absconded twice from community placement.",
        legalBasis: "Law 19/2010, article 10", decidingAuthority: "DCIM Tripoli", reviewDate: today.addingDays(14))
}

@Suite("Decision rules (CAP model)")
struct DecisionRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        var context: DecisionContext = Drafts.context
        let base: DecisionDraft
        let change: @Sendable (inout DecisionDraft) -> Void
        let expected: [String]
        var testDescription: String { name }

        init(_ name: String, _ base: DecisionDraft = Drafts.release, context: DecisionContext = Drafts.context, expect expected: [String],
             _ change: @escaping @Sendable (inout DecisionDraft) -> Void = { _ in }) {
            self.name = name; self.base = base; self.context = context; self.change = change; self.expected = expected
        }
    }

    static let noScreening = DecisionContext(isChild: false, hasCompletedScreening: false, today: Drafts.today)
    static let child = DecisionContext(isChild: true, hasCompletedScreening: true, today: Drafts.today)
    static let longReviews = DecisionContext(isChild: false, hasCompletedScreening: true, today: Drafts.today, maxReviewDays: 60)
    static let reporting = DecisionCondition(kind: .reporting, details: "Tajoura police station", reportingIntervalDays: 7)

    @Test("Table", arguments: [
        Case("release", expect: []),
        Case("community placement with conditions", expect: []) {
            $0.outcome = .communityPlacement; $0.conditions = [Self.reporting, DecisionCondition(kind: .nominatedAddress)]
        },
        Case("community placement without conditions", expect: []) { $0.outcome = .communityPlacement },
        Case("release with conditions", expect: []) { $0.outcome = .releaseWithConditions; $0.conditions = [Self.reporting] },
        Case("detention, complete", Drafts.detention, expect: []),
        Case("no outcome", expect: ["outcome:required"]) { $0.outcome = nil },
        Case("presumption of liberty not acknowledged", expect: ["presumptionOfLiberty:presumption_required"]) { $0.presumptionOfLiberty = false },
        Case("step 2 checks missing", expect: ["legalObligations:required", "identityCheck:required", "healthCheck:required", "securityCheck:required"]) {
            $0.legalObligations = nil; $0.identityCheck = nil; $0.healthCheck = nil; $0.securityCheck = nil
        },
        Case("no completed screening", context: noScreening, expect: ["urgencyReason:screening_required"]),
        Case("no completed screening, blank urgency", context: noScreening, expect: ["urgencyReason:screening_required"]) { $0.urgencyReason = "  " },
        Case("no completed screening, urgent", context: noScreening, expect: []) {
            $0.urgencyReason = "Medical emergency: release to hospital today."
        },
        Case("urgency reason too long", context: noScreening, expect: ["urgencyReason:too_long"]) {
            $0.urgencyReason = String(repeating: "u", count: 4001)
        },
        Case("plain release takes no conditions", expect: ["conditions:conditions_not_allowed"]) {
            $0.conditions = [DecisionCondition(kind: .undertaking)]
        },
        Case("release with conditions needs one", expect: ["conditions:conditions_required"]) { $0.outcome = .releaseWithConditions },
        Case("reporting needs an interval", expect: ["conditions.0.reportingIntervalDays:required"]) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .reporting)]
        },
        Case("reporting interval 0", expect: ["conditions.0.reportingIntervalDays:out_of_range"]) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .reporting, reportingIntervalDays: 0)]
        },
        Case("reporting interval 91", expect: ["conditions.1.reportingIntervalDays:out_of_range"]) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .supervision), DecisionCondition(kind: .reporting, reportingIntervalDays: 91)]
        },
        Case("reporting interval 1 and 90", expect: []) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .reporting, reportingIntervalDays: 1), DecisionCondition(kind: .reporting, reportingIntervalDays: 90)]
        },
        Case("interval on an undertaking", expect: ["conditions.0.reportingIntervalDays:not_applicable"]) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .undertaking, reportingIntervalDays: 7)]
        },
        Case("condition details too long", expect: ["conditions.0.details:too_long"]) {
            $0.outcome = .releaseWithConditions; $0.conditions = [DecisionCondition(kind: .intensiveCaseResolution, details: String(repeating: "d", count: 1001))]
        },
        Case("detention of a child", Drafts.detention, context: child, expect: ["outcome:child_detention_forbidden"]),
        Case("detention with nothing else", expect: [
                "caseManagement:required", "legalAdvice:required", "interpretation:required", "basicNeeds:required",
                "documents:required", "communityNotes:alternatives_not_considered", "justification:required",
                "legalBasis:required", "decidingAuthority:required", "reviewDate:required",
             ]) {
            $0.outcome = .detentionLastResort
        },
        Case("detention, alternatives not explained", Drafts.detention, expect: ["communityNotes:alternatives_not_considered"]) {
            $0.communityNotes = " "
        },
        Case("detention, notes too long", Drafts.detention, expect: ["communityNotes:too_long"]) {
            $0.communityNotes = String(repeating: "n", count: 4001)
        },
        Case("detention with conditions", Drafts.detention, expect: ["conditions:conditions_not_allowed"]) { $0.conditions = [Self.reporting] },
        Case("detention, justification too long", Drafts.detention, expect: ["justification:too_long"]) {
            $0.justification = String(repeating: "j", count: 4001)
        },
        Case("detention, review today", Drafts.detention, expect: ["reviewDate:review_date_past"]) { $0.reviewDate = Drafts.today },
        Case("detention, review yesterday", Drafts.detention, expect: ["reviewDate:review_date_past"]) {
            $0.reviewDate = Drafts.today.addingDays(-1)
        },
        Case("detention, review tomorrow", Drafts.detention, expect: []) { $0.reviewDate = Drafts.today.addingDays(1) },
        Case("detention, review in 30 days", Drafts.detention, expect: []) { $0.reviewDate = Drafts.today.addingDays(30) },
        Case("detention, review in 31 days", Drafts.detention, expect: ["reviewDate:review_date_too_far"]) {
            $0.reviewDate = Drafts.today.addingDays(31)
        },
        Case("detention, review in 31 days, 60 allowed", Drafts.detention, context: longReviews, expect: []) {
            $0.reviewDate = Drafts.today.addingDays(31)
        },
        Case("review date of a placement checked too", expect: ["reviewDate:review_date_past"]) {
            $0.outcome = .communityPlacement; $0.reviewDate = Drafts.today
        },
        Case("summary too long", expect: ["summary:too_long"]) { $0.summary = String(repeating: "s", count: 4001) },
        Case("presumption notes too long", expect: ["presumptionNotes:too_long"]) { $0.presumptionNotes = String(repeating: "p", count: 4001) },
        Case("individual factors too long", expect: ["individualFactors:too_long"]) { $0.individualFactors = String(repeating: "f", count: 4001) },
        Case("everything wrong at once", context: child, expect: [
                "presumptionOfLiberty:presumption_required", "securityCheck:required", "caseManagement:required",
                "legalAdvice:required", "interpretation:required", "basicNeeds:required", "documents:required",
                "communityNotes:alternatives_not_considered", "outcome:child_detention_forbidden", "justification:required",
                "legalBasis:required", "decidingAuthority:required", "reviewDate:required",
             ]) {
            $0.outcome = .detentionLastResort; $0.presumptionOfLiberty = false; $0.securityCheck = nil; $0.screeningId = nil
        },
    ])
    func table(_ c: Case) {
        var draft = c.base
        c.change(&draft)
        #expect(fieldIssues { try DecisionRules.validate(draft, context: c.context) } == c.expected)
    }

    @Test func validationTrimsTexts() throws {
        var draft = Drafts.detention
        draft.summary = "  Detention for 14 days.\u{0007} "
        draft.presumptionNotes = "   "
        draft.conditions = []
        let clean = try DecisionRules.validate(draft, context: Drafts.context)
        #expect(clean.summary == "Detention for 14 days.")
        #expect(clean.presumptionNotes == nil)
        #expect(clean.legalBasis == "Law 19/2010, article 10")
    }

    @Test func draftsRoundTripAsJSON() throws {
        var draft = Drafts.detention
        draft.outcome = .releaseWithConditions
        draft.conditions = [Self.reporting]
        let data = try JSONEncoder().encode(draft)
        #expect(try JSONDecoder().decode(DecisionDraft.self, from: data) == draft)
        #expect(String(decoding: data, as: UTF8.self).contains("\"release_with_conditions\""))
    }

    @Test func labelKeys() {
        #expect(DecisionOutcome.detentionLastResort.labelKey == "decision_outcome.detention_last_resort")
        #expect(ConditionKind.intensiveCaseResolution.labelKey == "condition_kind.intensive_case_resolution")
        #expect(CheckStatus.notNeeded.labelKey == "check_status.not_needed")
        #expect(Availability.partial.labelKey == "availability.partial")
        #expect(DecisionAction.return.rawValue == "return")
    }
}

@Suite("Decision status")
struct DecisionTransitionTests {
    static let noApprovalForRelease = ApprovalPolicy(requiresApproval: [.release: false])

    func run(_ from: DecisionStatus?, _ action: DecisionAction, proposer: Bool = false, outcome: DecisionOutcome = .release,
             policy: ApprovalPolicy = .default, reason: String? = nil) -> String {
        do { return try DecisionRules.transition(from: from, action: action, actorIsProposer: proposer, outcome: outcome, policy: policy, reason: reason).rawValue }
        catch DomainError.conflict(let key) { return "conflict:\(key)" }
        catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" }.joined(separator: ",") }
        catch { return "\(error)" }
    }

    @Test("Table", arguments: [
        ("propose", nil as DecisionStatus?, DecisionAction.propose, false, DecisionOutcome.release, ApprovalPolicy.default, nil as String?, "proposed"),
        ("propose, no approval needed", nil, .propose, true, .release, noApprovalForRelease, nil, "approved"),
        ("propose, approval needed for this outcome", nil, .propose, true, .detentionLastResort, noApprovalForRelease, nil, "proposed"),
        ("resubmit", .returned, .resubmit, true, .release, .default, nil, "proposed"),
        ("resubmit, no approval needed", .returned, .resubmit, true, .release, noApprovalForRelease, nil, "approved"),
        ("approve", .proposed, .approve, false, .release, .default, nil, "approved"),
        ("approve own", .proposed, .approve, true, .release, .default, nil, "conflict:self_approval"),
        ("return with reason", .proposed, .return, false, .release, .default, "Add the reporting place.", "returned"),
        ("return without reason", .proposed, .return, false, .release, .default, nil, "reason:required"),
        ("return with blank reason", .proposed, .return, false, .release, .default, " \n ", "reason:required"),
        ("withdraw proposed", .proposed, .withdraw, true, .release, .default, nil, "withdrawn"),
        ("withdraw returned", .returned, .withdraw, true, .release, .default, nil, "withdrawn"),
        ("supersede approved", .approved, .supersede, false, .release, .default, nil, "superseded"),
        ("approve nothing", nil, .approve, false, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("propose twice", .proposed, .propose, true, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("approve returned", .returned, .approve, false, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("propose over returned", .returned, .propose, true, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("approved is final", .approved, .withdraw, true, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("approved not returned", .approved, .return, false, .release, .default, "late", "conflict:decision_transition_invalid"),
        ("supersede proposed", .proposed, .supersede, false, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("superseded is final", .superseded, .resubmit, true, .release, .default, nil, "conflict:decision_transition_invalid"),
        ("withdrawn is final", .withdrawn, .resubmit, true, .release, .default, nil, "conflict:decision_transition_invalid"),
    ])
    func table(_ name: String, _ from: DecisionStatus?, _ action: DecisionAction, _ proposer: Bool, _ outcome: DecisionOutcome,
               _ policy: ApprovalPolicy, _ reason: String?, _ expected: String) {
        #expect(run(from, action, proposer: proposer, outcome: outcome, policy: policy, reason: reason) == expected, "\(name)")
    }

    @Test("Only the listed moves are allowed")
    func matrix() {
        var allowed: [String] = []
        for from in [nil] + DecisionStatus.allCases.map(Optional.some) {
            for action in DecisionAction.allCases where !run(from, action, reason: "r").hasPrefix("conflict:decision_transition_invalid") {
                allowed.append("\(from?.rawValue ?? "none") \(action.rawValue)")
            }
        }
        #expect(allowed == ["none propose", "proposed approve", "proposed return", "proposed withdraw", "returned resubmit",
                            "returned withdraw", "approved supersede", "approved reopen"])
    }

    @Test func policy() {
        #expect(DecisionOutcome.allCases.allSatisfy { ApprovalPolicy.default.requires($0) })
        #expect(!Self.noApprovalForRelease.requires(.release))
        #expect(Self.noApprovalForRelease.requires(.communityPlacement), "an outcome not named needs approval")
        #expect(DecisionStatus.proposed.isOpen && DecisionStatus.returned.isOpen && !DecisionStatus.approved.isOpen)
    }
}

@Suite("Review of detention")
struct ReviewRulesTests {
    let today = Drafts.today

    @Test("Overdue", arguments: [
        ("2026-11-30", false, 0, true),
        ("2026-11-29", false, 0, true),
        ("2026-11-28", true, 1, false),
        ("2026-10-30", true, 30, false),
        ("2026-12-06", false, 0, true),
        ("2026-12-07", false, 0, false),
    ])
    func overdue(_ review: String, _ overdue: Bool, _ days: Int, _ soon: Bool) {
        let date = DayDate(review)!
        #expect(ReviewRules.isOverdue(reviewDate: date, today: today) == overdue)
        #expect(ReviewRules.daysOverdue(reviewDate: date, today: today) == days)
        #expect(ReviewRules.isDueSoon(reviewDate: date, today: today) == soon)
    }

    @Test("Confirming detention", arguments: [
        ("confirmed", "Still no alternative with supervision.", "2026-12-20", 30, [String]()),
        ("no justification", nil, "2026-12-20", 30, ["justification:required"]),
        ("blank justification", "   ", "2026-12-20", 30, ["justification:required"]),
        ("no next review", "Still needed.", nil, 30, ["nextReviewDate:required"]),
        ("next review today", "Still needed.", "2026-11-29", 30, ["nextReviewDate:review_date_past"]),
        ("next review too far", "Still needed.", "2026-12-30", 30, ["nextReviewDate:review_date_too_far"]),
        ("next review at the limit", "Still needed.", "2026-12-29", 30, []),
        ("shorter limit", "Still needed.", "2026-12-20", 14, ["nextReviewDate:review_date_too_far"]),
        ("nothing", nil, nil, 30, ["justification:required", "nextReviewDate:required"]),
    ])
    func confirmation(_ name: String, _ justification: String?, _ next: String?, _ max: Int, _ expected: [String]) {
        #expect(fieldIssues {
            try ReviewRules.validateConfirmation(justification: justification, nextReviewDate: next.flatMap(DayDate.init), today: today, maxReviewDays: max)
        } == expected, "\(name)")
    }

    @Test func tooFarNamesTheLimit() {
        var v = FieldChecker()
        ReviewRules.checkReviewDate(today.addingDays(45), field: "reviewDate", today: today, maxDays: 30, into: &v)
        #expect(v.issues == [FieldIssue("reviewDate", "review_date_too_far", ["max": "30"])])
        #expect(ReviewOutcome.newDecision.labelKey == "review_outcome.new_decision")
    }
}

@Suite("Day arithmetic")
struct DayArithmeticTests {
    @Test("Adding days", arguments: [
        ("2026-11-29", 1, "2026-11-30"),
        ("2026-11-30", 1, "2026-12-01"),
        ("2026-12-31", 1, "2027-01-01"),
        ("2028-02-28", 1, "2028-02-29"),
        ("2027-02-28", 1, "2027-03-01"),
        ("2100-02-28", 1, "2100-03-01"),
        ("2000-02-28", 1, "2000-02-29"),
        ("2026-03-01", -1, "2026-02-28"),
        ("2026-01-01", 365, "2027-01-01"),
        ("2026-11-29", -30, "2026-10-30"),
        ("1970-01-01", 0, "1970-01-01"),
    ])
    func adding(_ from: String, _ days: Int, _ expected: String) {
        let start = DayDate(from)!
        #expect(start.addingDays(days).description == expected)
        #expect(start.days(until: DayDate(expected)!) == days)
    }

    @Test func dayNumbersAreContinuous() {
        #expect(DayDate("1970-01-01")!.dayNumber == 0)
        #expect(DayDate("2000-03-01")!.dayNumber == 11_017)
        var day = DayDate("1999-12-25")!
        for _ in 0..<(366 * 5) {
            let next = day.addingDays(1)
            #expect(next > day && next.dayNumber == day.dayNumber + 1 && DayDate(dayNumber: next.dayNumber) == next)
            day = next
        }
    }

    @Test func clampedToTheCalendar() {
        #expect(DayDate.distantFuture.addingDays(10) == .distantFuture)
        #expect(DayDate("0001-01-01")!.addingDays(-10) == DayDate("0001-01-01"))
    }
}

@Suite("Compliance with reporting")
struct ComplianceRulesTests {
    let start = DayDate("2026-11-01")!
    let today = Drafts.today

    func schedule(_ records: [(String, CheckInRecordKind)], start: String = "2026-11-01", interval: Int = 7, grace: Int = 2, end: String? = nil) -> [String] {
        ComplianceRules.schedule(start: DayDate(start)!, intervalDays: interval, graceDays: grace,
                                 checkIns: records.map { CheckInRecord(date: DayDate($0.0)!, kind: $0.1) }, until: today,
                                 end: end.flatMap(DayDate.init))
            .map { "\($0.due) \($0.status.rawValue)" + ($0.checkedOn.map { " \($0)" } ?? "") }
    }

    @Test func onTimeLateMissedPendingUpcoming() {
        #expect(schedule([("2026-11-08", .reported), ("2026-11-16", .reported)]) == [
            "2026-11-08 on_time 2026-11-08", "2026-11-15 late 2026-11-16", "2026-11-22 missed",
            "2026-11-29 pending", "2026-12-06 upcoming",
        ])
    }

    @Test func earlyAndExcused() {
        #expect(schedule([("2026-11-03", .reported), ("2026-11-15", .excused), ("2026-11-20", .reported), ("2026-11-27", .reported)]) == [
            "2026-11-08 on_time 2026-11-03", "2026-11-15 excused 2026-11-15", "2026-11-22 on_time 2026-11-20",
            "2026-11-29 on_time 2026-11-27", "2026-12-06 upcoming",
        ])
    }

    @Test func aCheckInAfterTheGraceDaysCountsForTheNextDueDate() {
        #expect(schedule([("2026-11-11", .reported)], end: "2026-11-15") == ["2026-11-08 missed", "2026-11-15 on_time 2026-11-11"])
    }

    @Test func oneRecordMeetsOneDueDate() {
        // Two visits in the first week: the second does not cover the second week (it is not after the first due date).
        #expect(schedule([("2026-11-06", .reported), ("2026-11-08", .reported)], end: "2026-11-15") == [
            "2026-11-08 on_time 2026-11-06", "2026-11-15 missed",
        ])
        // A late check-in serves the week it is late for, not the next one.
        #expect(schedule([("2026-11-10", .reported)], end: "2026-11-15") == ["2026-11-08 late 2026-11-10", "2026-11-15 missed"])
    }

    @Test func recordsBeforeTheStartDoNotCount() {
        #expect(schedule([("2026-10-30", .reported)], end: "2026-11-08") == ["2026-11-08 missed"])
    }

    @Test func notStartedYet() {
        #expect(schedule([], start: "2026-11-25") == ["2026-12-02 upcoming"])
        #expect(schedule([("2026-11-28", .reported)], start: "2026-11-25") == ["2026-12-02 on_time 2026-11-28"])
    }

    @Test func dailyReportingWithoutGrace() {
        #expect(schedule([("2026-11-27", .reported), ("2026-11-29", .reported)], start: "2026-11-26", interval: 1, grace: 0) == [
            "2026-11-27 on_time 2026-11-27", "2026-11-28 missed", "2026-11-29 on_time 2026-11-29", "2026-11-30 upcoming",
        ])
    }

    @Test func noIntervalNoSchedule() {
        #expect(schedule([], interval: 0).isEmpty)
    }

    @Test func endedConditionsHaveNoUpcoming() {
        #expect(schedule([("2026-11-08", .reported), ("2026-11-15", .reported)], end: "2026-11-20") == [
            "2026-11-08 on_time 2026-11-08", "2026-11-15 on_time 2026-11-15",
        ])
    }

    @Test("Classify", arguments: [
        ("2026-11-01", 2, CheckInStatus.onTime),
        ("2026-11-08", 2, .onTime),
        ("2026-11-09", 2, .late),
        ("2026-11-10", 2, .late),
        ("2026-11-11", 2, .missed),
        ("2026-11-09", 0, .missed),
    ])
    func classify(_ checked: String, _ grace: Int, _ expected: CheckInStatus) {
        #expect(ComplianceRules.classify(checkedOn: DayDate(checked)!, due: DayDate("2026-11-08")!, graceDays: grace) == expected)
    }

    @Test func alerts() {
        let missed = ComplianceRules.schedule(start: start, intervalDays: 7, checkIns: [], until: today)
        #expect(ComplianceRules.needsAlert(missed))
        let kept = ComplianceRules.schedule(start: start, intervalDays: 7, checkIns: ["2026-11-08", "2026-11-15", "2026-11-22"].map { CheckInRecord(date: DayDate($0)!) },
                                            until: today)
        #expect(!ComplianceRules.needsAlert(kept), "due today is pending, not missed")
        #expect(kept.last?.status == .upcoming)
    }
}

@Suite("Translations of screening and decision keys")
struct ScreeningDecisionTranslationTests {
    static func flat(_ lang: String) throws -> [String: String] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/Localization/\(lang).json")
        var out: [String: String] = [:]
        func walk(_ any: Any, _ prefix: String) {
            if let d = any as? [String: Any] { for (k, v) in d { walk(v, prefix.isEmpty ? k : "\(prefix).\(k)") } }
            else if let s = any as? String { out[prefix] = s }
        }
        walk(try JSONSerialization.jsonObject(with: Data(contentsOf: url)), "")
        return out
    }

    /// Every code the screening, priority, decision, review and compliance rules can emit.
    static let errorCodes = [
        "required", "too_long", "out_of_range", "invalid_date", "date_in_future",
        "unknown_question", "answer_wrong_type", "unknown_option", "consent_required",
        "instrument_section_missing", "instrument_section_duplicate", "instrument_duplicate_key", "instrument_key_prefix",
        "instrument_label_missing", "instrument_options_required", "instrument_options_not_allowed", "instrument_range_required",
        "instrument_invalid_pattern", "instrument_invalid_condition", "instrument_consent_missing", "instrument_version_invalid",
        "child_detention_forbidden", "review_date_past", "review_date_too_far", "conditions_required", "conditions_not_allowed",
        "screening_required", "presumption_required", "alternatives_not_considered", "not_applicable",
        "self_approval", "decision_transition_invalid",
    ]

    static var labelKeys: [String] {
        ScreeningSection.allCases.map(\.labelKey) + AnswerType.allCases.map(\.labelKey) + Severity.allCases.map(\.labelKey)
            + Indicator.allCases.map(\.labelKey) + RiskLevel.allCases.map(\.labelKey) + InterventionLevel.allCases.map(\.labelKey)
            + AssessmentReferral.allCases.map(\.labelKey) + ScreeningStatus.allCases.map(\.labelKey)
            + ScreeningSection.allCases.map { "level_reason.\($0.rawValue)" } + ["level_reason.none"]
            + PriorityReason.allCases.map(\.labelKey) + DecisionOutcome.allCases.map(\.labelKey) + ConditionKind.allCases.map(\.labelKey)
            + CheckStatus.allCases.map(\.labelKey) + Availability.allCases.map(\.labelKey) + DecisionStatus.allCases.map(\.labelKey)
            + DecisionAction.allCases.map(\.labelKey) + ReviewOutcome.allCases.map(\.labelKey) + CheckInStatus.allCases.map(\.labelKey)
            + CheckInRecordKind.allCases.map(\.labelKey)
    }

    @Test("Every key exists in English, French and Arabic", arguments: ["en", "fr", "ar"])
    func keysExist(_ lang: String) throws {
        let table = try Self.flat(lang)
        let missing = (Self.errorCodes.map { "error.\($0)" } + Self.labelKeys).filter { (table[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "\(lang) misses \(missing)")
    }

    @Test func placeholdersMatchTheParams() throws {
        let en = try Self.flat("en")
        #expect(en["error.answer_wrong_type"]!.contains("{expected}"))
        #expect(en["error.unknown_option"]!.contains("{allowed}"))
        #expect(en["error.review_date_too_far"]!.contains("{max}"))
        #expect(en["error.out_of_range"]!.contains("{min}") && en["error.out_of_range"]!.contains("{max}"))
        #expect(en["error.instrument_key_prefix"]!.contains("{prefix}"))
        #expect(en["error.instrument_invalid_pattern"]!.contains("{value}"))
    }
}
