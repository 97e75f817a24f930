/// Where a transfer stands, derived from its people (`TransferRules.status`).
public enum TransferStatus: String, CaseIterable, Codable, Sendable {
    case planned
    case inProgress = "in_progress"
    case completed
    case cancelled
    public var labelKey: String { "transfer_status.\(rawValue)" }
}

/// A transfer as typed: the manifest is the list of referrals.
public struct TransferDraft: Codable, Sendable, Equatable {
    public var date: DayDate?
    public var vehicle: String?
    public var notes: String?

    public init(date: DayDate? = nil, vehicle: String? = nil, notes: String? = nil) {
        self.date = date
        self.vehicle = vehicle
        self.notes = notes
    }
}

/// A referral proposed for a transfer, with where the person is now.
public struct TransferCandidate: Codable, Sendable, Equatable {
    public var referralID: String
    public var status: ReferralStatus
    /// The location the person leaves from (their current stay).
    public var originID: String
    /// Already on the transfer being edited (then `in_transfer` is expected rather than `accepted`).
    public var onThisTransfer: Bool

    public init(referralID: String, status: ReferralStatus, originID: String, onThisTransfer: Bool = false) {
        self.referralID = referralID
        self.status = status
        self.originID = originID
        self.onThisTransfer = onThisTransfer
    }
}

/// A transfer that passed `TransferRules.validate`.
public struct TransferPlan: Codable, Sendable, Equatable {
    public let date: DayDate
    public let vehicle: String
    public let notes: String?
    public let originID: String
    public let referralIDs: [String]
}

/// One person on a transfer's manifest.
public struct TransferPassenger: Codable, Sendable, Equatable {
    public var referralID: String
    public var status: ReferralStatus
    /// When the detention officer handed the person over (epoch seconds).
    public var handedOverAt: Int64?

    public init(referralID: String, status: ReferralStatus = .inTransfer, handedOverAt: Int64? = nil) {
        self.referralID = referralID
        self.status = status
        self.handedOverAt = handedOverAt
    }
}

/// Transfers: accepted referrals from one origin, moved together on one date in one vehicle. The
/// detention officer confirms hand-over per person, the operator confirms arrival per person
/// (the app then ends the stay at the origin and starts one at the facility).
public enum TransferRules {
    public static let maxVehicleLength = 200
    public static let maxNotesLength = 2000
    public static let maxPassengers = 100

    /// Checks a new or edited transfer. `referrals`: `required`, `too_many`; per entry on
    /// `referrals.<i>`: `duplicate_entry`, `referral_not_accepted` (accepted, or in transfer on this
    /// transfer), `transfer_origin_mismatch` (every origin the first one's). `date`: `required`,
    /// `date_in_past` (today is fine). `vehicle`: `required`, `too_long`. `notes`: `too_long`.
    public static func validate(_ draft: TransferDraft, referrals: [TransferCandidate], today: DayDate) throws -> TransferPlan {
        var v = FieldChecker()
        if let date = draft.date { v.check(date >= today, "date", "date_in_past") } else { v.add("date", "required") }
        let vehicle = v.requireText("vehicle", draft.vehicle, max: maxVehicleLength)
        let notes = v.optionalText("notes", draft.notes, max: maxNotesLength)
        if referrals.isEmpty { v.add("referrals", "required") }
        if referrals.count > maxPassengers { v.add("referrals", "too_many", ["max": String(maxPassengers)]) }
        var seen = Set<String>()
        let origin = referrals.first?.originID
        for (i, r) in referrals.enumerated() {
            let field = "referrals.\(i)"
            if !seen.insert(r.referralID).inserted { v.add(field, "duplicate_entry"); continue }
            let ready = r.status == .accepted || (r.onThisTransfer && r.status == .inTransfer)
            if !ready { v.add(field, "referral_not_accepted") }
            if r.originID != origin { v.add(field, "transfer_origin_mismatch") }
        }
        try v.finish()
        return TransferPlan(date: draft.date!, vehicle: vehicle!, notes: notes, originID: origin!, referralIDs: referrals.map(\.referralID))
    }

    /// Records hand-over, arrival, no-show or refusal for one person of the manifest and returns the
    /// passenger as it is afterwards (hand-over sets `handedOverAt` to `now`). `not_on_transfer` when the
    /// referral is not on the manifest; otherwise the rules of `ReferralRules.transition`
    /// (`handover_required`, `already_handed_over`, a reason for no-show and refusal).
    public static func record(_ action: ReferralAction, referralID: String, manifest: [TransferPassenger], now: Int64,
                              reason: String? = nil) throws -> TransferPassenger {
        guard [.handOver, .arrive, .noShow, .refuse].contains(action) else { throw DomainError.conflict("referral_transition_invalid") }
        guard var passenger = manifest.first(where: { $0.referralID == referralID }) else { throw DomainError.conflict("not_on_transfer") }
        passenger.status = try ReferralRules.transition(from: passenger.status, action: action, now: now, deadline: .max,
                                                        reason: reason, handedOver: passenger.handedOverAt != nil)
        if action == .handOver { passenger.handedOverAt = now }
        return passenger
    }

    /// Cancels a transfer that has not started: needs a reason (`required` on `reason`); once anyone
    /// has been handed over or the transfer has ended, `transfer_in_progress`. Returns the manifest
    /// with everyone still on it accepted again (ready for another transfer).
    public static func cancel(_ manifest: [TransferPassenger], reason: String?) throws -> [TransferPassenger] {
        if status(of: manifest) != .planned && status(of: manifest) != .cancelled { throw DomainError.conflict("transfer_in_progress") }
        try ReferralRules.requireReason(reason)
        return manifest.map { p in
            var p = p
            if p.status == .inTransfer { p.status = .accepted }
            return p
        }
    }

    /// The transfer's status from its people: someone still in transfer makes it planned, or in
    /// progress once anyone was handed over or has an outcome (arrived, no-show, refused); nobody in
    /// transfer and at least one outcome makes it completed; otherwise (empty, or everyone taken off
    /// or revoked) it is cancelled.
    public static func status(of statuses: [ReferralStatus], anyHandedOver: Bool = false) -> TransferStatus {
        var open = false, ended = false
        for s in statuses {
            switch s {
            case .inTransfer: open = true
            case .arrived, .noShow, .refused: ended = true
            case .pending, .accepted, .declined, .expired, .cancelled: break
            }
        }
        if open { return ended || anyHandedOver ? .inProgress : .planned }
        return ended ? .completed : .cancelled
    }

    public static func status(of manifest: [TransferPassenger]) -> TransferStatus {
        status(of: manifest.map(\.status), anyHandedOver: manifest.contains { $0.handedOverAt != nil })
    }
}
