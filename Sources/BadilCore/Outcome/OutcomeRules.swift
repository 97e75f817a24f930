/// Where a person goes instead of a return: to UNHCR (registration, evacuation, resettlement), to their family,
/// to a legal stay, or elsewhere. Fine for a person with a protection flag (the opposite of a return).
public enum OutcomeReferralKind: String, CaseIterable, Codable, Sendable {
    case unhcrRegistration = "unhcr_registration"
    case unhcrEvacuation = "unhcr_evacuation"
    case unhcrResettlement = "unhcr_resettlement"
    case familyReunification = "family_reunification"
    case regularisation
    /// Needs a description.
    case other

    public var labelKey: String { "outcome_kind.\(rawValue)" }
}

public enum OutcomeReferralStatus: String, CaseIterable, Codable, Sendable {
    case referred
    case accepted
    case declined
    case completed

    public var labelKey: String { "outcome_status.\(rawValue)" }
    public var isFinal: Bool { self == .declined || self == .completed }
}

/// A new outcome referral as entered.
public struct OutcomeReferralFacts: Sendable, Equatable {
    public var kind: String?
    public var otherText: String?
    public var organization: String?
    public var referredOn: String?
    public var note: String?
    public init(kind: String?, otherText: String? = nil, organization: String? = nil, referredOn: String? = nil, note: String? = nil) {
        self.kind = kind; self.otherText = otherText; self.organization = organization; self.referredOn = referredOn; self.note = note
    }
}

public struct CheckedOutcomeReferral: Sendable, Equatable {
    public let kind: OutcomeReferralKind
    public let otherText: String?
    public let organization: String?
    public let referredOn: DayDate
    public let note: String?
}

public struct CheckedOutcomeChange: Sendable, Equatable {
    public let status: OutcomeReferralStatus
    public let on: DayDate
    public let note: String?
}

public enum OutcomeRules {
    public static let maxTextLength = 200
    public static let maxNoteLength = 1000

    /// A known kind; `other` needs `otherText` (`required`); an optional organisation; a referral day (default today)
    /// not in the future; a short note.
    public static func referral(_ f: OutcomeReferralFacts, today: DayDate) throws -> CheckedOutcomeReferral {
        var v = FieldChecker()
        let kind = v.choice("kind", f.kind, required: true, as: OutcomeReferralKind.self)
        var other: String?
        if kind == .other { other = v.requireText("otherText", f.otherText, max: maxTextLength) }
        else if v.optionalText("otherText", f.otherText, max: maxTextLength) != nil { v.add("otherText", "not_applicable") }
        let organization = v.optionalText("organization", f.organization, max: maxTextLength)
        let day = ReturnPathwayRules.day(&v, "referredOn", f.referredOn, today: today)
        let note = v.optionalText("note", f.note, max: maxNoteLength)
        try v.finish()
        return CheckedOutcomeReferral(kind: kind!, otherText: other, organization: organization, referredOn: day!, note: note)
    }

    /// referred → accepted or declined; accepted → completed (or declined). Declined and completed are final
    /// (`outcome_transition_invalid` on `status`). The day (default today) is not in the future nor before the referral.
    public static func change(from current: OutcomeReferralStatus, to raw: String?, on rawDay: String?, note: String?,
                              referredOn: DayDate, today: DayDate) throws -> CheckedOutcomeChange {
        var v = FieldChecker()
        let target = v.choice("status", raw, required: true, as: OutcomeReferralStatus.self)
        if let target, !allowed(from: current).contains(target) { v.add("status", "outcome_transition_invalid") }
        let day = ReturnPathwayRules.day(&v, "on", rawDay, today: today)
        if let day, day < referredOn { v.add("on", "before_referral") }
        let text = v.optionalText("note", note, max: maxNoteLength)
        try v.finish()
        return CheckedOutcomeChange(status: target!, on: day!, note: text)
    }

    public static func allowed(from current: OutcomeReferralStatus) -> [OutcomeReferralStatus] {
        switch current {
        case .referred: return [.accepted, .declined]
        case .accepted: return [.completed, .declined]
        case .declined, .completed: return []
        }
    }
}
