/// Where a referral to a facility stands.
public enum ReferralStatus: String, CaseIterable, Codable, Sendable {
    /// Beds reserved; waiting for the operator until the deadline.
    case pending
    /// The operator accepted: a transfer is to be planned.
    case accepted
    case declined
    /// The operator did not decide before the deadline; the beds are free again.
    case expired
    /// Withdrawn by the caseworker before a decision, or revoked after acceptance.
    case cancelled
    /// On a planned or running transfer.
    case inTransfer = "in_transfer"
    case arrived
    /// Did not appear for the transfer, or left it before arriving.
    case noShow = "no_show"
    /// The person refused the transfer.
    case refused
    public var labelKey: String { "referral_status.\(rawValue)" }

    /// No action leads anywhere from here.
    public var isFinal: Bool {
        switch self {
        case .pending, .accepted, .inTransfer: return false
        case .declined, .expired, .cancelled, .arrived, .noShow, .refused: return true
        }
    }
}

public enum ReferralAction: String, CaseIterable, Codable, Sendable {
    /// By the operator, before the deadline.
    case accept
    /// By the operator, before the deadline, with a `DeclineReason`.
    case decline
    /// By the system once the deadline has passed.
    case expire
    /// By the caseworker, before a decision, with a reason.
    case cancel
    /// After acceptance, before arrival, with a reason.
    case revoke
    /// Added to a transfer.
    case schedule
    /// Taken off a transfer before hand-over (the person or the transfer is dropped); accepted again.
    case unschedule
    /// By the detention officer, per person.
    case handOver = "hand_over"
    /// By the operator, per person, after hand-over.
    case arrive
    case noShow = "no_show"
    case refuse
    public var labelKey: String { "referral_action.\(rawValue)" }
}

public enum DeclineReason: String, CaseIterable, Codable, Sendable {
    case noCapacity = "no_capacity"
    case unsuitable
    case security
    case personRefused = "person_refused"
    /// Needs a text.
    case other
    public var labelKey: String { "decline_reason.\(rawValue)" }
}

/// The referral workflow. Times are epoch seconds; the deadline is the end of the hold, exclusive:
/// at `now >= deadline` the operator can no longer decide and the beds are free.
public enum ReferralRules {
    public static let defaultHoldHours = 48
    public static let holdHours = 1...168
    public static let maxReasonLength = 1000

    /// Checks the hold of a new referral: 1 to 168 hours (`out_of_range` on `holdHours`).
    public static func validateHold(hours: Int) throws {
        guard holdHours.contains(hours) else {
            throw DomainError.invalid([FieldIssue("holdHours", "out_of_range",
                                                  ["min": String(holdHours.lowerBound), "max": String(holdHours.upperBound)])])
        }
    }

    /// The operator's decision deadline for a referral made `now` with a hold of `hours`.
    public static func deadline(from now: Int64, holdHours hours: Int = defaultHoldHours) throws -> Int64 {
        try validateHold(hours: hours)
        return now + Int64(hours) * 3600
    }

    /// The statuses whose referral holds beds at the facility.
    public static func reservationHolds(status: ReferralStatus) -> Bool {
        status == .pending || status == .accepted || status == .inTransfer
    }

    /// Whether the referral holds beds now: a pending referral stops holding at its deadline even
    /// before the expiry job has marked it expired.
    public static func holdsBeds(status: ReferralStatus, deadline: Int64, now: Int64) -> Bool {
        reservationHolds(status: status) && (status != .pending || now < deadline)
    }

    /// A pending referral whose deadline has passed: for the expiry job.
    public static func isDue(status: ReferralStatus, deadline: Int64, now: Int64) -> Bool {
        status == .pending && now >= deadline
    }

    /// The status after `action`.
    ///
    /// | from | action | to |
    /// |---|---|---|
    /// | pending | accept | accepted, before the deadline (else `referral_expired`) |
    /// | pending | decline | declined, before the deadline (else `referral_expired`); needs `declineReason`, and a `reason` text for `other` |
    /// | pending | expire | expired, from the deadline on (before: `referral_not_expired`) |
    /// | pending | cancel | cancelled; needs a reason |
    /// | accepted, in_transfer | revoke | cancelled; needs a reason; not after hand-over (`already_handed_over`) |
    /// | accepted | schedule | in_transfer |
    /// | in_transfer | unschedule | accepted; not after hand-over (`already_handed_over`) |
    /// | in_transfer | hand_over | in_transfer (the app records the hand-over); once only (`already_handed_over`) |
    /// | in_transfer | arrive | arrived; after hand-over only (`handover_required`) |
    /// | in_transfer | no_show, refuse | no_show, refused; need a reason |
    ///
    /// Otherwise: accept, decline, expire or cancel of a referral that is no longer pending is
    /// `referral_already_decided` (`referral_expired` for accept and decline of an expired one);
    /// schedule before acceptance is `referral_not_accepted`; hand-over, arrival, no-show and refusal
    /// of an accepted referral that is on no transfer are `not_on_transfer`; anything else is
    /// `referral_transition_invalid`. Missing reasons are `required` on `reason` or `declineReason`.
    public static func transition(from current: ReferralStatus, action: ReferralAction, now: Int64, deadline: Int64,
                                  reason: String? = nil, declineReason: DeclineReason? = nil,
                                  handedOver: Bool = false) throws -> ReferralStatus {
        switch (current, action) {
        case (.pending, .accept):
            if now >= deadline { throw DomainError.conflict("referral_expired") }
            return .accepted
        case (.pending, .decline):
            if now >= deadline { throw DomainError.conflict("referral_expired") }
            var v = FieldChecker()
            let text = v.optionalText("reason", reason, max: maxReasonLength)
            if declineReason == nil { v.add("declineReason", "required") }
            if declineReason == .other && text == nil && v.issues.isEmpty { v.add("reason", "required") }
            try v.finish()
            return .declined
        case (.pending, .expire):
            if now < deadline { throw DomainError.conflict("referral_not_expired") }
            return .expired
        case (.pending, .cancel):
            try requireReason(reason)
            return .cancelled
        case (.accepted, .revoke), (.inTransfer, .revoke):
            if handedOver { throw DomainError.conflict("already_handed_over") }
            try requireReason(reason)
            return .cancelled
        case (.accepted, .schedule):
            return .inTransfer
        case (.inTransfer, .unschedule):
            if handedOver { throw DomainError.conflict("already_handed_over") }
            return .accepted
        case (.inTransfer, .handOver):
            if handedOver { throw DomainError.conflict("already_handed_over") }
            return .inTransfer
        case (.inTransfer, .arrive):
            if !handedOver { throw DomainError.conflict("handover_required") }
            return .arrived
        case (.inTransfer, .noShow):
            try requireReason(reason)
            return .noShow
        case (.inTransfer, .refuse):
            try requireReason(reason)
            return .refused
        case (.expired, .accept), (.expired, .decline):
            throw DomainError.conflict("referral_expired")
        case (_, .accept), (_, .decline), (_, .expire), (_, .cancel):
            throw DomainError.conflict("referral_already_decided")
        case (.pending, .schedule):
            throw DomainError.conflict("referral_not_accepted")
        case (.accepted, .handOver), (.accepted, .arrive), (.accepted, .noShow), (.accepted, .refuse):
            throw DomainError.conflict("not_on_transfer")
        default:
            throw DomainError.conflict("referral_transition_invalid")
        }
    }

    /// A reason text (`required` or `too_long` on `reason`); returns it trimmed.
    @discardableResult
    public static func requireReason(_ reason: String?) throws -> String {
        var v = FieldChecker()
        let text = v.requireText("reason", reason, max: maxReasonLength)
        try v.finish()
        return text!
    }
}
