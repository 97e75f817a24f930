/// The steps of a voluntary humanitarian return (DOMAIN.md §3 step 7), in the order they happen.
public enum ReturnStep: String, CaseIterable, Codable, Sendable, Comparable {
    case counselling
    case informedConsent = "informed_consent"
    /// Done by the embassy (consular portal): confirmed, not confirmed, needs an interview.
    case nationalityVerification = "nationality_verification"
    /// Issued or recorded by the embassy (consular portal).
    case travelDocument = "travel_document"
    case exitVisa = "exit_visa"
    case fitToTravel = "fit_to_travel"
    case departure
    case reintegrationReferral = "reintegration_referral"

    public var labelKey: String { "return_step.\(rawValue)" }
    public var position: Int { Self.allCases.firstIndex(of: self)! }
    /// Steps the embassy advances from the consular portal; the only part of a pathway an embassy ever sees.
    public var isEmbassyStep: Bool { self == .nationalityVerification || self == .travelDocument }
    /// Steps that cannot be skipped: a return always needs counselling, the person's informed consent and a departure.
    public var canBeNotApplicable: Bool { ![.counselling, .informedConsent, .departure].contains(self) }

    public static func < (a: ReturnStep, b: ReturnStep) -> Bool { a.position < b.position }
}

public enum ReturnStepStatus: String, CaseIterable, Codable, Sendable {
    case pending
    case inProgress = "in_progress"
    case done
    case notApplicable = "not_applicable"
    case failed

    public var labelKey: String { "return_step_status.\(rawValue)" }
    /// Done or skipped: does not hold back the departure.
    public var isSettled: Bool { self == .done || self == .notApplicable }
}

/// Where a return pathway stands.
public enum ReturnPathwayStatus: String, CaseIterable, Codable, Sendable {
    case active
    /// Every step is done or not applicable.
    case completed
    case withdrawn

    public var labelKey: String { "return_pathway_status.\(rawValue)" }
}

/// A step change as entered.
public struct ReturnStepFacts: Sendable, Equatable {
    public var status: String?
    public var on: String?
    public var note: String?
    public init(status: String?, on: String? = nil, note: String? = nil) { self.status = status; self.on = on; self.note = note }
}

/// A step change that passed the rules. `on` is set for every status but pending.
public struct CheckedReturnStep: Sendable, Equatable {
    public let step: ReturnStep
    public let status: ReturnStepStatus
    public let on: DayDate?
    public let note: String?
}

/// What the person's situation says about starting a return.
public struct ReturnStartFacts: Sendable, Equatable {
    /// `persons.protection_flag`: asylum need, statelessness, trafficking or torture (ConsularRules.protectionIndicators).
    public var protectionFlag: Bool
    public var isChild: Bool
    /// A best-interests determination of the child decided voluntary return.
    public var bidDecidesReturn: Bool
    public var overrideReason: String?
    /// The actor may approve closures (a supervisor): only they may override.
    public var actorIsSupervisor: Bool

    public init(protectionFlag: Bool, isChild: Bool, bidDecidesReturn: Bool = false, overrideReason: String? = nil, actorIsSupervisor: Bool) {
        self.protectionFlag = protectionFlag; self.isChild = isChild; self.bidDecidesReturn = bidDecidesReturn
        self.overrideReason = overrideReason; self.actorIsSupervisor = actorIsSupervisor
    }
}

public enum ReturnPathwayRules {
    public static let maxNoteLength = 1000
    public static let maxReasonLength = 2000

    /// Non-refoulement: a person with a protection flag starts a return only on a supervisor's recorded reason
    /// (`protection_flag` on `overrideReason` otherwise); a child only when a best-interests determination decided
    /// voluntary return, or on a supervisor's reason (`child_bid_required`). A reason given by someone who is not a
    /// supervisor is refused (`override_supervisor_only`). Returns the override reason kept with the pathway.
    public static func start(_ f: ReturnStartFacts) throws -> String? {
        var v = FieldChecker()
        let reason = v.optionalText("overrideReason", f.overrideReason, max: maxReasonLength)
        let needsOverride = f.protectionFlag || (f.isChild && !f.bidDecidesReturn)
        if needsOverride {
            if reason == nil { v.add("overrideReason", f.protectionFlag ? "protection_flag" : "child_bid_required") }
            else if !f.actorIsSupervisor { v.add("overrideReason", "override_supervisor_only") }
        } else if reason != nil && !f.actorIsSupervisor {
            v.add("overrideReason", "override_supervisor_only")
        }
        try v.finish()
        return needsOverride ? reason : nil
    }

    /// Checks a change of one step against the others: a known step (`unknown_value` on `step`) and status; a date
    /// 'YYYY-MM-DD' (default `today`) not in the future, none for pending; a note of at most 1000 characters.
    /// Counselling, informed consent and departure cannot be not applicable (`step_required`); the embassy is asked to
    /// verify the nationality only after informed consent is done (`informed_consent_required`); the departure is done
    /// only when every earlier step is done or not applicable (`earlier_steps_open`, with the count).
    public static func update(step rawStep: String?, _ f: ReturnStepFacts, current: [ReturnStep: ReturnStepStatus], today: DayDate) throws -> CheckedReturnStep {
        var v = FieldChecker()
        let step = v.choice("step", rawStep, required: true, as: ReturnStep.self)
        let status = v.choice("status", f.status, required: true, as: ReturnStepStatus.self)
        let day = day(&v, "on", f.on, today: today)
        let note = v.optionalText("note", f.note, max: maxNoteLength)
        if let step, let status {
            if status == .notApplicable && !step.canBeNotApplicable { v.add("status", "step_required") }
            if step == .nationalityVerification && status != .pending && status != .notApplicable && current[.informedConsent] != .done {
                v.add("status", "informed_consent_required")
            }
            if step == .departure && status == .done {
                let open = ReturnStep.allCases.filter { $0 < .departure && !(current[$0] ?? .pending).isSettled }
                if !open.isEmpty { v.add("status", "earlier_steps_open", ["count": String(open.count)]) }
            }
        }
        try v.finish()
        return CheckedReturnStep(step: step!, status: status!, on: status == .pending ? nil : day, note: note)
    }

    /// The pathway's status once its steps are as given (a withdrawn pathway stays withdrawn).
    public static func status(_ steps: [ReturnStep: ReturnStepStatus], was: ReturnPathwayStatus) -> ReturnPathwayStatus {
        if was == .withdrawn { return .withdrawn }
        return ReturnStep.allCases.allSatisfy { (steps[$0] ?? .pending).isSettled } ? .completed : .active
    }

    /// What the embassy's verification means for the nationality step.
    public static func stepStatus(for outcome: VerificationOutcome) -> ReturnStepStatus {
        switch outcome {
        case .confirmed: return .done
        case .notConfirmed: return .failed
        case .needsInterview: return .inProgress
        }
    }

    /// A withdrawal needs a reason.
    public static func withdrawal(reason: String?) throws -> String {
        var v = FieldChecker()
        let text = v.requireText("reason", reason, max: maxReasonLength)
        try v.finish()
        return text!
    }

    /// An optional 'YYYY-MM-DD' day, `today` when empty, never in the future (`invalid_date`, `date_in_future`).
    static func day(_ v: inout FieldChecker, _ field: String, _ raw: String?, today: DayDate) -> DayDate? {
        let text = raw.map(TextRules.clean) ?? ""
        if text.isEmpty { return today }
        guard text.count == 10, let d = DayDate(text) else { v.add(field, "invalid_date"); return nil }
        if d > today { v.add(field, "date_in_future"); return nil }
        return d
    }
}
