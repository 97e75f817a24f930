import Testing
@testable import BadilCore

@Suite("Outcome rules: return pathway, outcome referrals, closure")
struct OutcomeRulesTests {
    static let today = DayDate("2026-03-10")!

    static func codes(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] }
        catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" } }
        catch DomainError.conflict(let key) { return ["conflict:\(key)"] }
        catch { return ["other"] }
    }

    /// Every step before `step` settled (done), the rest pending.
    static func doneBefore(_ step: ReturnStep) -> [ReturnStep: ReturnStepStatus] {
        Dictionary(uniqueKeysWithValues: ReturnStep.allCases.filter { $0 < step }.map { ($0, .done) })
    }

    @Test("Steps come in the order of a return")
    func order() {
        #expect(ReturnStep.allCases.map(\.rawValue) == ["counselling", "informed_consent", "nationality_verification", "travel_document",
                                                        "exit_visa", "fit_to_travel", "departure", "reintegration_referral"])
        #expect(ReturnStep.counselling < ReturnStep.departure)
        #expect(ReturnStep.allCases.filter(\.isEmbassyStep) == [.nationalityVerification, .travelDocument])
        #expect(ReturnStep.departure.labelKey == "return_step.departure")
    }

    @Test("Step changes", arguments: [
        ("counselling", ReturnStepFacts(status: "done", on: "2026-03-01"), [ReturnStep: ReturnStepStatus](), [String]()),
        ("counselling", ReturnStepFacts(status: "in_progress"), [:], []),
        ("counselling", ReturnStepFacts(status: "not_applicable"), [:], ["status:step_required"]),
        ("departure", ReturnStepFacts(status: "not_applicable"), doneBefore(.departure), ["status:step_required"]),
        ("exit_visa", ReturnStepFacts(status: "not_applicable"), [:], []),
        ("counselling", ReturnStepFacts(status: "done", on: "2026-03-11"), [:], ["on:date_in_future"]),
        ("counselling", ReturnStepFacts(status: "done", on: "01/03/2026"), [:], ["on:invalid_date"]),
        ("counselling", ReturnStepFacts(status: "finished"), [:], ["status:unknown_value"]),
        ("counselling", ReturnStepFacts(status: nil), [:], ["status:required"]),
        ("embassy", ReturnStepFacts(status: "done"), [:], ["step:unknown_value"]),
        ("counselling", ReturnStepFacts(status: "done", note: String(repeating: "x", count: 1001)), [:], ["note:too_long"]),
        ("nationality_verification", ReturnStepFacts(status: "in_progress"), [.counselling: .done], ["status:informed_consent_required"]),
        ("nationality_verification", ReturnStepFacts(status: "in_progress"), [.counselling: .done, .informedConsent: .inProgress],
         ["status:informed_consent_required"]),
        ("nationality_verification", ReturnStepFacts(status: "in_progress"), [.counselling: .done, .informedConsent: .done], []),
        ("nationality_verification", ReturnStepFacts(status: "pending"), [:], []),
        ("departure", ReturnStepFacts(status: "done"), doneBefore(.departure), []),
        ("departure", ReturnStepFacts(status: "done"), doneBefore(.departure).merging([.exitVisa: .notApplicable]) { $1 }, []),
        ("departure", ReturnStepFacts(status: "done"), doneBefore(.departure).merging([.fitToTravel: .failed]) { $1 },
         ["status:earlier_steps_open"]),
        ("departure", ReturnStepFacts(status: "done"), [.counselling: .done], ["status:earlier_steps_open"]),
        ("departure", ReturnStepFacts(status: "in_progress"), [:], []),
    ])
    func steps(step: String, facts: ReturnStepFacts, current: [ReturnStep: ReturnStepStatus], expected: [String]) {
        #expect(Self.codes { _ = try ReturnPathwayRules.update(step: step, facts, current: current, today: Self.today) } == expected)
    }

    @Test("A departure with open earlier steps says how many are open; a checked step keeps its day, none when pending")
    func checkedStep() throws {
        do {
            _ = try ReturnPathwayRules.update(step: "departure", ReturnStepFacts(status: "done"), current: [.counselling: .done], today: Self.today)
            Issue.record("departure accepted")
        } catch DomainError.invalid(let issues) {
            #expect(issues.first?.params["count"] == "5")
        }
        let done = try ReturnPathwayRules.update(step: "counselling", ReturnStepFacts(status: "done", note: "  seen twice "), current: [:], today: Self.today)
        #expect(done == CheckedReturnStep(step: .counselling, status: .done, on: Self.today, note: "seen twice"))
        let pending = try ReturnPathwayRules.update(step: "exit_visa", ReturnStepFacts(status: "pending", on: "2026-03-01"), current: [:], today: Self.today)
        #expect(pending.on == nil)
    }

    @Test("Starting a return: protection flag and children need a supervisor's reason", arguments: [
        (ReturnStartFacts(protectionFlag: false, isChild: false, actorIsSupervisor: false), [String]()),
        (ReturnStartFacts(protectionFlag: true, isChild: false, actorIsSupervisor: false), ["overrideReason:protection_flag"]),
        (ReturnStartFacts(protectionFlag: true, isChild: false, actorIsSupervisor: true), ["overrideReason:protection_flag"]),
        (ReturnStartFacts(protectionFlag: true, isChild: false, overrideReason: "   ", actorIsSupervisor: true), ["overrideReason:protection_flag"]),
        (ReturnStartFacts(protectionFlag: true, isChild: false, overrideReason: "Asked to go home", actorIsSupervisor: false),
         ["overrideReason:override_supervisor_only"]),
        (ReturnStartFacts(protectionFlag: true, isChild: false, overrideReason: "Asylum claim withdrawn, UNHCR consulted", actorIsSupervisor: true), []),
        (ReturnStartFacts(protectionFlag: false, isChild: true, actorIsSupervisor: true), ["overrideReason:child_bid_required"]),
        (ReturnStartFacts(protectionFlag: false, isChild: true, bidDecidesReturn: true, actorIsSupervisor: false), []),
        (ReturnStartFacts(protectionFlag: false, isChild: true, overrideReason: "Parents found", actorIsSupervisor: true), []),
        (ReturnStartFacts(protectionFlag: false, isChild: false, overrideReason: "why not", actorIsSupervisor: false), ["overrideReason:override_supervisor_only"]),
    ])
    func start(facts: ReturnStartFacts, expected: [String]) {
        #expect(Self.codes { _ = try ReturnPathwayRules.start(facts) } == expected)
    }

    @Test("The pathway is completed when every step is settled; the embassy's outcomes map to step statuses")
    func pathwayStatus() {
        var all = Dictionary(uniqueKeysWithValues: ReturnStep.allCases.map { ($0, ReturnStepStatus.done) })
        #expect(ReturnPathwayRules.status(all, was: .active) == .completed)
        all[.exitVisa] = .notApplicable
        #expect(ReturnPathwayRules.status(all, was: .active) == .completed)
        all[.reintegrationReferral] = .inProgress
        #expect(ReturnPathwayRules.status(all, was: .completed) == .active)
        #expect(ReturnPathwayRules.status(all, was: .withdrawn) == .withdrawn)
        #expect(ReturnPathwayRules.stepStatus(for: .confirmed) == .done)
        #expect(ReturnPathwayRules.stepStatus(for: .notConfirmed) == .failed)
        #expect(ReturnPathwayRules.stepStatus(for: .needsInterview) == .inProgress)
        #expect(Self.codes { _ = try ReturnPathwayRules.withdrawal(reason: " ") } == ["reason:required"])
    }

    @Test("Outcome referrals", arguments: [
        (OutcomeReferralFacts(kind: "unhcr_resettlement", organization: "UNHCR Tripoli"), [String]()),
        (OutcomeReferralFacts(kind: "other", otherText: "Scholarship abroad"), []),
        (OutcomeReferralFacts(kind: "other"), ["otherText:required"]),
        (OutcomeReferralFacts(kind: "regularisation", otherText: "x"), ["otherText:not_applicable"]),
        (OutcomeReferralFacts(kind: "asylum"), ["kind:unknown_value"]),
        (OutcomeReferralFacts(kind: nil), ["kind:required"]),
        (OutcomeReferralFacts(kind: "family_reunification", referredOn: "2026-03-11"), ["referredOn:date_in_future"]),
        (OutcomeReferralFacts(kind: "family_reunification", organization: String(repeating: "o", count: 201)), ["organization:too_long"]),
    ])
    func referrals(facts: OutcomeReferralFacts, expected: [String]) {
        #expect(Self.codes { _ = try OutcomeRules.referral(facts, today: Self.today) } == expected)
    }

    @Test("Outcome referral status changes", arguments: [
        (OutcomeReferralStatus.referred, "accepted", nil as String?, [String]()),
        (.referred, "declined", nil, []),
        (.referred, "completed", nil, ["status:outcome_transition_invalid"]),
        (.accepted, "completed", "2026-03-05", []),
        (.accepted, "referred", nil, ["status:outcome_transition_invalid"]),
        (.completed, "declined", nil, ["status:outcome_transition_invalid"]),
        (.declined, "accepted", nil, ["status:outcome_transition_invalid"]),
        (.referred, "accepted", "2026-02-01", ["on:before_referral"]),
        (.referred, "accepted", "2026-03-12", ["on:date_in_future"]),
    ])
    func referralChanges(from: OutcomeReferralStatus, to: String, on: String?, expected: [String]) {
        #expect(Self.codes {
            _ = try OutcomeRules.change(from: from, to: to, on: on, note: nil, referredOn: DayDate("2026-03-01")!, today: Self.today)
        } == expected)
    }

    @Test("Closure requests", arguments: [
        (ClosureRequestFacts(reason: "returned"), ["reason:return_not_departed"]),
        (ClosureRequestFacts(reason: "returned", departed: true), [String]()),
        (ClosureRequestFacts(reason: "other"), ["reasonText:required"]),
        (ClosureRequestFacts(reason: "other", reasonText: "Joined a programme"), []),
        (ClosureRequestFacts(reason: "gone"), ["reason:unknown_value"]),
        (ClosureRequestFacts(reason: nil), ["reason:required"]),
        (ClosureRequestFacts(reason: "lost_contact", openMandatoryTasks: 2), ["overrideReason:open_mandatory_tasks"]),
        (ClosureRequestFacts(reason: "lost_contact", overrideReason: " ", openMandatoryTasks: 1), ["overrideReason:open_mandatory_tasks"]),
        (ClosureRequestFacts(reason: "lost_contact", overrideReason: "No contact for 90 days", openMandatoryTasks: 2), []),
        (ClosureRequestFacts(reason: "returned", status: .closurePending), ["conflict:closure_pending"]),
        (ClosureRequestFacts(reason: "returned", status: .closed), ["conflict:case_closed"]),
    ])
    func request(facts: ClosureRequestFacts, expected: [String]) {
        #expect(Self.codes { _ = try ClosureRules.request(facts) } == expected)
    }

    @Test("Open mandatory tasks are counted in the error; an override without open tasks is not kept")
    func requestDetails() throws {
        do {
            _ = try ClosureRules.request(ClosureRequestFacts(reason: "moved_on", openMandatoryTasks: 3))
            Issue.record("accepted")
        } catch DomainError.invalid(let issues) {
            #expect(issues == [FieldIssue("overrideReason", "open_mandatory_tasks", ["count": "3"])])
        }
        let checked = try ClosureRules.request(ClosureRequestFacts(reason: "moved_on", overrideReason: "not needed"))
        #expect(checked == CheckedClosureRequest(reason: .movedOn, reasonText: nil, overrideReason: nil))
    }

    @Test("Approval, rejection and reopening")
    func decide() throws {
        #expect(try ClosureRules.decide(approve: true, status: .closurePending, actorIsRequester: false, reason: nil).0 == .closed)
        #expect(try ClosureRules.decide(approve: false, status: .closurePending, actorIsRequester: false, reason: " Tasks open ") == (.open, "Tasks open"))
        #expect(Self.codes { _ = try ClosureRules.decide(approve: true, status: .closurePending, actorIsRequester: true, reason: nil) }
                == ["conflict:closure_self_approval"])
        #expect(Self.codes { _ = try ClosureRules.decide(approve: false, status: .closurePending, actorIsRequester: false, reason: "") }
                == ["reason:required"])
        #expect(Self.codes { _ = try ClosureRules.decide(approve: true, status: .open, actorIsRequester: false, reason: nil) }
                == ["conflict:closure_not_pending"])
        #expect(Self.codes { _ = try ClosureRules.decide(approve: true, status: .closed, actorIsRequester: false, reason: nil) }
                == ["conflict:case_closed"])
        #expect(try ClosureRules.reopen(status: .closed, reason: "Came back to the shelter") == "Came back to the shelter")
        #expect(Self.codes { _ = try ClosureRules.reopen(status: .closed, reason: nil) } == ["reason:required"])
        #expect(Self.codes { _ = try ClosureRules.reopen(status: .open, reason: "x") } == ["conflict:case_not_closed"])
    }
}
