import Foundation

/// Where a task comes from.
public enum CaseTaskKind: String, CaseIterable, Codable, Sendable {
    case followUp = "follow_up"
    case review
    case planStep = "plan_step"
    case visit
    /// A new placement decision is needed (after a re-detention).
    case newDecision = "new_decision"
    /// A best-interests assessment is due (after a change of a child's care).
    case bia
    /// A follow-up visit after a family reunification.
    case reunificationFollowUp = "reunification_follow_up"
    case other
    public var labelKey: String { "case_task_kind.\(rawValue)" }
}

public struct CheckedTask: Sendable, Equatable {
    public let title: String
    public let dueOn: DayDate
    public let kind: CaseTaskKind
}

public enum CaseTaskRules {
    public static let maxTitleLength = 200
    /// Days a caseworker has to seek a new decision after a re-detention.
    public static let newDecisionDays = 2

    /// A manual task: a title (`required`, `too_long`), a due date (`required`, `invalid_date`, `date_in_past`),
    /// a kind (other by default; `unknown_value`).
    public static func validate(title: String?, dueOn: String?, kind: String?, today: DayDate) throws -> CheckedTask {
        var v = FieldChecker()
        let t = v.requireText("title", title, max: maxTitleLength)
        let due = CasePlanRules.day(dueOn, field: "dueOn", required: true, into: &v)
        if let due, due < today { v.add("dueOn", "date_in_past") }
        let k = v.choice("kind", kind, required: false, as: CaseTaskKind.self)
        try v.finish()
        return CheckedTask(title: t!, dueOn: due!, kind: k ?? .other)
    }

    /// Overdue from the day after its due date, while open.
    public static func isOverdue(dueOn: DayDate, status: CaseTaskStatus, today: DayDate) -> Bool { status == .open && dueOn < today }

    /// Only an open task is completed or cancelled (`task_closed`, a conflict).
    public static func close(from: CaseTaskStatus, to: CaseTaskStatus) throws -> CaseTaskStatus {
        guard from == .open, to != .open else { throw DomainError.conflict("task_closed") }
        return to
    }
}

/// The supervisor's view of who holds which cases.
public enum CaseloadRules {
    public static let defaultNoContactDays = 14
    public static let noContactRange = 1...365

    /// The "no contact in N days" parameter: default 14, a whole number from 1 to 365 (`out_of_range`).
    public static func noContactDays(_ raw: String?) throws -> Int {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return defaultNoContactDays }
        guard let n = Int(raw), noContactRange.contains(n) else {
            throw DomainError.invalid([FieldIssue("noContactDays", "out_of_range", ["min": "1", "max": "365"])])
        }
        return n
    }

    /// The last contact is the last visit or service; without any, the day the case was opened.
    public static func lastContact(lastContactOn: DayDate?, openedOn: DayDate) -> DayDate { lastContactOn ?? openedOn }

    /// Without contact when the last contact is more than `days` days ago.
    public static func withoutContact(lastContact: DayDate, today: DayDate, days: Int) -> Bool { lastContact.days(until: today) > days }
}

/// Who may hold a case.
public enum CaseAssignmentRules {
    public static let maxTeamLength = 100

    /// What the caller found about the user named as caseworker.
    public enum Assignee: Sendable, Equatable {
        case none
        case unknown
        case known(role: Role, active: Bool, sameOrganization: Bool)
    }

    /// An assignee is an active caseworker or social worker of the supervisor's organisation (`not_found_ref`,
    /// `user_inactive`, `not_a_caseworker`, `other_organization` on `caseworkerId`); a team of at most 100 characters.
    /// Naming neither is allowed: it leaves the case unassigned.
    public static func validate(_ assignee: Assignee, team: String?) throws -> String? {
        var v = FieldChecker()
        switch assignee {
        case .none: break
        case .unknown: v.add("caseworkerId", "not_found_ref")
        case .known(let role, let active, let same):
            if !active { v.add("caseworkerId", "user_inactive") }
            else if role != .caseworker && role != .socialWorker { v.add("caseworkerId", "not_a_caseworker") }
            else if !same { v.add("caseworkerId", "other_organization") }
        }
        let t = v.optionalText("team", team, max: maxTeamLength)
        try v.finish()
        return t
    }
}
