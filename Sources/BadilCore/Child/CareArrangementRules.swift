import Foundation

/// A care arrangement as entered, with the one in force.
public struct CareFacts: Sendable, Equatable {
    public var careType: String?
    /// The caregiver's name or the facility.
    public var caregiver: String?
    public var startedOn: String?
    public var notes: String?
    /// When the arrangement in force started, if there is one.
    public var currentStartedOn: DayDate?

    public init(careType: String?, caregiver: String?, startedOn: String?, notes: String? = nil, currentStartedOn: DayDate? = nil) {
        self.careType = careType; self.caregiver = caregiver; self.startedOn = startedOn; self.notes = notes; self.currentStartedOn = currentStartedOn
    }
}

public struct CheckedCare: Sendable, Equatable {
    public let careType: CareType
    public let caregiver: String
    public let startedOn: DayDate
    public let notes: String?
}

/// A guardian or caregiver appointment as entered, with the one in force.
public struct GuardianFacts: Sendable, Equatable {
    public var name: String?
    public var role: String?
    public var organisation: String?
    public var appointedOn: String?
    public var currentAppointedOn: DayDate?

    public init(name: String?, role: String?, organisation: String? = nil, appointedOn: String?, currentAppointedOn: DayDate? = nil) {
        self.name = name; self.role = role; self.organisation = organisation; self.appointedOn = appointedOn; self.currentAppointedOn = currentAppointedOn
    }
}

public struct CheckedGuardian: Sendable, Equatable {
    public let name: String
    public let role: GuardianRole
    public let organisation: String?
    public let appointedOn: DayDate
}

/// Care over time: one arrangement in force at a time, each starting when the previous one ends; one
/// guardian or caregiver appointed at a time.
public enum CareArrangementRules {
    public static let maxNotesLength = 2000

    /// A known type, a caregiver or facility (`required`), a start not in the future and not before the
    /// arrangement in force started (`before_current_care`): starting it ends the previous one that day.
    public static func validate(_ f: CareFacts, today: DayDate) throws -> CheckedCare {
        var v = FieldChecker()
        let type = v.choice("careType", f.careType, required: true, as: CareType.self)
        let caregiver = v.requireText("caregiver", f.caregiver, max: 200)
        var day = v.childDay("startedOn", f.startedOn, today: today)
        if let d = day, let current = f.currentStartedOn, d < current { v.add("startedOn", "before_current_care"); day = nil }
        let notes = v.optionalText("notes", f.notes, max: maxNotesLength)
        try v.finish()
        return CheckedCare(careType: type!, caregiver: caregiver!, startedOn: day!, notes: notes)
    }

    /// A name, a role, an optional organisation, an appointment day not in the future and not before the
    /// appointment in force (`before_current_guardian`): appointing ends the previous one that day.
    public static func validate(_ f: GuardianFacts, today: DayDate) throws -> CheckedGuardian {
        var v = FieldChecker()
        let name = v.requireText("name", f.name, max: 200)
        let role = v.choice("role", f.role, required: true, as: GuardianRole.self)
        let org = v.optionalText("organisation", f.organisation, max: 200)
        var day = v.childDay("appointedOn", f.appointedOn, today: today)
        if let d = day, let current = f.currentAppointedOn, d < current { v.add("appointedOn", "before_current_guardian"); day = nil }
        try v.finish()
        return CheckedGuardian(name: name!, role: role!, organisation: org, appointedOn: day!)
    }

    /// Ending an appointment: a day not in the future (`date_in_future`) and not before it started (`before_appointment`).
    public static func validateEnd(_ raw: String?, appointedOn: DayDate, today: DayDate) throws -> DayDate {
        var v = FieldChecker()
        var day = v.childDay("endedOn", raw, today: today)
        if let d = day, d < appointedOn { v.add("endedOn", "before_appointment"); day = nil }
        try v.finish()
        return day!
    }
}
