import Foundation

/// The kinds of service a case plan names and a caseworker delivers or refers to.
public enum CaseServiceType: String, CaseIterable, Codable, Sendable {
    case medical
    /// Mental health and psychosocial support.
    case mhpss
    case legal
    case documentation
    case materialAssistance = "material_assistance"
    case education
    case other
    public var labelKey: String { "case_service_type.\(rawValue)" }
}

public enum CaseGoalStatus: String, CaseIterable, Codable, Sendable {
    case open, achieved, dropped
    public var labelKey: String { "case_goal_status.\(rawValue)" }
}

public enum CasePlanItemStatus: String, CaseIterable, Codable, Sendable {
    case planned
    case inProgress = "in_progress"
    case done
    case cancelled
    public var labelKey: String { "case_plan_status.\(rawValue)" }
    /// Done and cancelled are final.
    public var isFinal: Bool { self == .done || self == .cancelled }
}

/// How a service reached the person: delivered (by us or a provider), or a referral to a provider.
public enum CaseServiceMode: String, CaseIterable, Codable, Sendable {
    case delivered, referral
    public var labelKey: String { "case_service_mode.\(rawValue)" }
}

public enum CaseVisitKind: String, CaseIterable, Codable, Sendable {
    case home, facility, phone, office
    public var labelKey: String { "case_visit_kind.\(rawValue)" }
}

/// What the caller found about an organisation named on a record.
public enum CaseOrganization: Sendable, Equatable {
    case none
    /// An id that matches no organisation.
    case unknown
    case known(active: Bool)
}

public struct CheckedGoal: Sendable, Equatable {
    public let text: String
    public let status: CaseGoalStatus
}

public struct CasePlanItemFacts: Sendable, Equatable {
    public var serviceType: String?
    public var description: String?
    public var responsibleOrganization: CaseOrganization
    public var responsibleName: String?
    public var dueOn: String?
    public init(serviceType: String?, description: String?, responsibleOrganization: CaseOrganization = .none, responsibleName: String? = nil,
                dueOn: String? = nil) {
        self.serviceType = serviceType; self.description = description; self.responsibleOrganization = responsibleOrganization
        self.responsibleName = responsibleName; self.dueOn = dueOn
    }
}

public struct CheckedPlanItem: Sendable, Equatable {
    public let serviceType: CaseServiceType
    public let description: String
    public let responsibleName: String?
    public let dueOn: DayDate?
}

public struct CaseServiceFacts: Sendable, Equatable {
    public var mode: String?
    public var serviceType: String?
    public var on: String?
    public var provider: CaseOrganization
    public var notes: String?
    public init(mode: String?, serviceType: String?, on: String?, provider: CaseOrganization = .none, notes: String? = nil) {
        self.mode = mode; self.serviceType = serviceType; self.on = on; self.provider = provider; self.notes = notes
    }
}

public struct CheckedService: Sendable, Equatable {
    public let mode: CaseServiceMode
    public let serviceType: CaseServiceType
    public let on: DayDate
    public let notes: String?
}

public struct CaseVisitFacts: Sendable, Equatable {
    public var kind: String?
    public var visitedOn: String?
    public var findings: String?
    public var nextVisitOn: String?
    public init(kind: String?, visitedOn: String?, findings: String?, nextVisitOn: String? = nil) {
        self.kind = kind; self.visitedOn = visitedOn; self.findings = findings; self.nextVisitOn = nextVisitOn
    }
}

public struct CheckedVisit: Sendable, Equatable {
    public let kind: CaseVisitKind
    public let visitedOn: DayDate
    public let findings: String
    public let nextVisitOn: DayDate?
}

/// Case plan, services and visits (issue 6).
public enum CasePlanRules {
    public static let maxTextLength = 2000
    public static let maxNameLength = 200

    /// A goal: a text of at most 2000 characters (`required`, `too_long` on `text`) and a status (`unknown_value`), open by default.
    public static func validateGoal(text: String?, status: String?) throws -> CheckedGoal {
        var v = FieldChecker()
        let t = v.requireText("text", text, max: maxTextLength)
        let s = v.choice("status", status, required: false, as: CaseGoalStatus.self)
        try v.finish()
        return CheckedGoal(text: t!, status: s ?? .open)
    }

    /// A plan item: a service type (`required`, `unknown_value`), a description (`required`, `too_long`), who is
    /// responsible, an organisation (`not_found_ref`, `organization_inactive` on `responsibleOrganizationId`) or a name
    /// (`responsible_required` on `responsibleName` when neither), and an optional due date, a day (`invalid_date`)
    /// not before today (`date_in_past`).
    public static func validateItem(_ f: CasePlanItemFacts, today: DayDate) throws -> CheckedPlanItem {
        var v = FieldChecker()
        let type = v.choice("serviceType", f.serviceType, required: true, as: CaseServiceType.self)
        let description = v.requireText("description", f.description, max: maxTextLength)
        let name = v.optionalText("responsibleName", f.responsibleName, max: maxNameLength)
        checkOrganization(f.responsibleOrganization, field: "responsibleOrganizationId", into: &v)
        if f.responsibleOrganization == .none && name == nil && !v.issues.contains(where: { $0.field == "responsibleName" }) {
            v.add("responsibleName", "responsible_required")
        }
        let due = day(f.dueOn, field: "dueOn", required: false, into: &v)
        if let due, due < today { v.add("dueOn", "date_in_past") }
        try v.finish()
        return CheckedPlanItem(serviceType: type!, description: description!, responsibleName: name, dueOn: due)
    }

    /// The status of a plan item after a change: planned → in progress, done or cancelled; in progress → done or
    /// cancelled (or back to planned); done and cancelled are final (`plan_item_final`, a conflict).
    public static func transition(from: CasePlanItemStatus, to raw: String?) throws -> CasePlanItemStatus {
        var v = FieldChecker()
        let to = v.choice("status", raw, required: true, as: CasePlanItemStatus.self)
        try v.finish()
        if from.isFinal && to != from { throw DomainError.conflict("plan_item_final") }
        return to!
    }

    /// A goal's status change: achieved and dropped are final.
    public static func goalTransition(from: CaseGoalStatus, to raw: String?) throws -> CaseGoalStatus {
        var v = FieldChecker()
        let to = v.choice("status", raw, required: true, as: CaseGoalStatus.self)
        try v.finish()
        if from != .open && to != from { throw DomainError.conflict("plan_item_final") }
        return to!
    }

    /// A service delivered or a referral: mode (delivered by default), a type, a day not in the future (`date_in_future`);
    /// a referral names the provider organisation (`required` on `providerOrganizationId`), which must exist and be active.
    public static func validateService(_ f: CaseServiceFacts, today: DayDate) throws -> CheckedService {
        var v = FieldChecker()
        let mode = v.choice("mode", f.mode, required: false, as: CaseServiceMode.self) ?? .delivered
        let type = v.choice("serviceType", f.serviceType, required: true, as: CaseServiceType.self)
        let on = day(f.on, field: "on", required: true, into: &v)
        if let on, on > today { v.add("on", "date_in_future") }
        checkOrganization(f.provider, field: "providerOrganizationId", into: &v)
        if mode == .referral && f.provider == .none { v.add("providerOrganizationId", "required") }
        let notes = v.optionalText("notes", f.notes, max: maxTextLength)
        try v.finish()
        return CheckedService(mode: mode, serviceType: type!, on: on!, notes: notes)
    }

    /// A follow-up visit: a kind, a day not in the future, findings (`required`), and an optional next visit after
    /// the visit and not before today (`next_visit_too_early`).
    public static func validateVisit(_ f: CaseVisitFacts, today: DayDate) throws -> CheckedVisit {
        var v = FieldChecker()
        let kind = v.choice("kind", f.kind, required: true, as: CaseVisitKind.self)
        let on = day(f.visitedOn, field: "visitedOn", required: true, into: &v)
        if let on, on > today { v.add("visitedOn", "date_in_future") }
        let findings = v.requireText("findings", f.findings, max: maxTextLength)
        let next = day(f.nextVisitOn, field: "nextVisitOn", required: false, into: &v)
        if let next, next < today || (on.map { next <= $0 } ?? false) { v.add("nextVisitOn", "next_visit_too_early") }
        try v.finish()
        return CheckedVisit(kind: kind!, visitedOn: on!, findings: findings!, nextVisitOn: next)
    }

    /// A 'YYYY-MM-DD' day: `required` when asked, `invalid_date` when not a real day.
    public static func day(_ raw: String?, field: String, required: Bool, into v: inout FieldChecker) -> DayDate? {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty {
            if required { v.add(field, "required") }
            return nil
        }
        guard text.count == 10, let d = DayDate(text) else { v.add(field, "invalid_date"); return nil }
        return d
    }

    static func checkOrganization(_ o: CaseOrganization, field: String, into v: inout FieldChecker) {
        switch o {
        case .none, .known(active: true): break
        case .unknown: v.add(field, "not_found_ref")
        case .known(active: false): v.add(field, "organization_inactive")
        }
    }
}
