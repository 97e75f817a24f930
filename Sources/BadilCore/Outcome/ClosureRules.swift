/// Why a case is closed.
public enum ClosureReason: String, CaseIterable, Codable, Sendable {
    case returned
    case resettled
    case evacuated
    case reunifiedWithFamily = "reunified_with_family"
    case regularised
    case movedOn = "moved_on"
    case lostContact = "lost_contact"
    case deceased
    case transferredToOtherAgency = "transferred_to_other_agency"
    /// Needs a description.
    case other

    public var labelKey: String { "closure_reason.\(rawValue)" }
}

/// What happened to a case in its closure history.
public enum ClosureAction: String, CaseIterable, Codable, Sendable {
    case requested
    case approved
    case rejected
    case reopened

    public var labelKey: String { "closure_action.\(rawValue)" }
}

/// A closure request as entered, with the facts it is checked against.
public struct ClosureRequestFacts: Sendable, Equatable {
    public var reason: String?
    public var reasonText: String?
    public var overrideReason: String?
    public var status: CaseStatus
    /// Open mandatory tasks on the case.
    public var openMandatoryTasks: Int
    /// The departure step of the person's return pathway is done (a case closes as `returned` only then).
    public var departed: Bool

    public init(reason: String?, reasonText: String? = nil, overrideReason: String? = nil, status: CaseStatus = .open, openMandatoryTasks: Int = 0,
                departed: Bool = false) {
        self.reason = reason; self.reasonText = reasonText; self.overrideReason = overrideReason; self.status = status
        self.openMandatoryTasks = openMandatoryTasks; self.departed = departed
    }
}

public struct CheckedClosureRequest: Sendable, Equatable {
    public let reason: ClosureReason
    public let reasonText: String?
    public let overrideReason: String?
}

public enum ClosureRules {
    public static let maxTextLength = 2000

    /// Only an open case can be asked to close (`closure_pending` / `case_closed` conflicts). A known reason (`other`
    /// needs `reasonText`); with open mandatory tasks, an override reason (`open_mandatory_tasks` with the count on
    /// `overrideReason`). An override given with no open task is not kept.
    public static func request(_ f: ClosureRequestFacts) throws -> CheckedClosureRequest {
        try requireStatus(f.status, .open)
        var v = FieldChecker()
        let reason = v.choice("reason", f.reason, required: true, as: ClosureReason.self)
        var text: String?
        if reason == .other { text = v.requireText("reasonText", f.reasonText, max: maxTextLength) }
        else { text = v.optionalText("reasonText", f.reasonText, max: maxTextLength) }
        let override = v.optionalText("overrideReason", f.overrideReason, max: maxTextLength)
        if reason == .returned && !f.departed { v.add("reason", "return_not_departed") }
        if f.openMandatoryTasks > 0 && override == nil {
            v.add("overrideReason", "open_mandatory_tasks", ["count": String(f.openMandatoryTasks)])
        }
        try v.finish()
        return CheckedClosureRequest(reason: reason!, reasonText: text, overrideReason: f.openMandatoryTasks > 0 ? override : nil)
    }

    /// A supervisor approves or rejects a pending request, never their own (`closure_self_approval`); a rejection
    /// needs a reason. Returns the case status after the decision and the trimmed reason.
    public static func decide(approve: Bool, status: CaseStatus, actorIsRequester: Bool, reason: String?) throws -> (CaseStatus, String?) {
        try requireStatus(status, .closurePending)
        if actorIsRequester { throw DomainError.conflict("closure_self_approval") }
        var v = FieldChecker()
        let text = approve ? v.optionalText("reason", reason, max: maxTextLength) : v.requireText("reason", reason, max: maxTextLength)
        try v.finish()
        return (approve ? .closed : .open, text)
    }

    /// A closed case opens again with a reason.
    public static func reopen(status: CaseStatus, reason: String?) throws -> String {
        guard status == .closed else { throw DomainError.conflict("case_not_closed") }
        var v = FieldChecker()
        let text = v.requireText("reason", reason, max: maxTextLength)
        try v.finish()
        return text!
    }

    /// The conflict for an action on a case in another status than `needed`.
    static func requireStatus(_ status: CaseStatus, _ needed: CaseStatus) throws {
        guard status != needed else { return }
        switch status {
        case .closed: throw DomainError.conflict("case_closed")
        case .closurePending: throw DomainError.conflict("closure_pending")
        case .open: throw DomainError.conflict("closure_not_pending")
        }
    }
}
