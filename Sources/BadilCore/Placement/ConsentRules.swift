/// What a person (or their parent or guardian) agreed to.
public enum ConsentPurpose: String, CaseIterable, Codable, Sendable {
    /// Referral to an operator of alternative accommodation, named as the recipient.
    case referral
    case consularContact = "consular_contact"
    /// Family tracing.
    case tracing
    case dataSharing = "data_sharing"
    public var labelKey: String { "consent_purpose.\(rawValue)" }
}

public enum ConsentGiver: String, CaseIterable, Codable, Sendable {
    /// The person themself (raw value `self`).
    case person = "self"
    case parent
    case guardian
    public var labelKey: String { "consent_giver.\(rawValue)" }
}

/// One consent as recorded. Withdrawal ends it from `withdrawnOn` on; it is never deleted.
public struct ConsentRecord: Codable, Sendable, Equatable {
    public var purpose: ConsentPurpose
    /// The organisation the consent names, nil for a consent that names none.
    public var recipientOrganizationID: String?
    public var givenOn: DayDate
    public var withdrawnOn: DayDate?
    public var givenBy: ConsentGiver

    public init(purpose: ConsentPurpose, recipientOrganizationID: String? = nil, givenOn: DayDate, withdrawnOn: DayDate? = nil,
                givenBy: ConsentGiver = .person) {
        self.purpose = purpose
        self.recipientOrganizationID = recipientOrganizationID
        self.givenOn = givenOn
        self.withdrawnOn = withdrawnOn
        self.givenBy = givenBy
    }
}

public enum ConsentRules {
    /// A record counts for `purpose` and `recipient` on `day` when the purpose is the same, the
    /// recipient is the same (consent to one organisation is not consent to another, and a record
    /// naming no recipient covers only requests naming none), it was given on or before `day`, and
    /// it was not withdrawn on or before `day`.
    public static func isActive(_ records: [ConsentRecord], purpose: ConsentPurpose, recipient: String?, on day: DayDate) -> Bool {
        records.contains { r in
            r.purpose == purpose && r.recipientOrganizationID == recipient && r.givenOn <= day && (r.withdrawnOn.map { day < $0 } ?? true)
        }
    }

    /// Throws `consent_missing` (conflict) unless `isActive`.
    public static func requireActive(_ records: [ConsentRecord], purpose: ConsentPurpose, recipient: String?, on day: DayDate) throws {
        if !isActive(records, purpose: purpose, recipient: recipient, on: day) { throw DomainError.conflict("consent_missing") }
    }

    /// Checks a consent being recorded: not given in the future (`date_in_future` on `givenOn`), not
    /// withdrawn before it was given (`withdrawn_before_given`) nor in the future; a referral names its
    /// recipient (`required` on `recipientOrganizationID`); a child's consent is given by a parent or
    /// guardian (`guardian_consent_required` on `givenBy`).
    public static func validate(_ record: ConsentRecord, isChild: Bool, today: DayDate) throws {
        var v = FieldChecker()
        if record.givenOn > today { v.add("givenOn", "date_in_future") }
        if let withdrawn = record.withdrawnOn {
            if withdrawn < record.givenOn { v.add("withdrawnOn", "withdrawn_before_given") }
            else if withdrawn > today { v.add("withdrawnOn", "date_in_future") }
        }
        let recipient = record.recipientOrganizationID.map(TextRules.clean) ?? ""
        if record.purpose == .referral && recipient.isEmpty { v.add("recipientOrganizationID", "required") }
        if isChild && record.givenBy == .person { v.add("givenBy", "guardian_consent_required") }
        try v.finish()
    }
}
