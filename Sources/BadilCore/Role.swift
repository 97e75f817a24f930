/// The roles of DOMAIN.md §2. Raw values are the stable names used in the database, the API and the demo accounts.
public enum Role: String, CaseIterable, Codable, Sendable {
    case admin
    case supervisor
    case caseworker
    case socialWorker = "social_worker"
    case detentionOfficer = "detention_officer"
    case coastGuard = "coast_guard"
    case consular
    case facilityOperator = "facility_operator"
    case trainer
    case dataProtectionOfficer = "data_protection_officer"
    case viewer

    /// Translation key of the role's display name.
    public var labelKey: String { "role.\(rawValue)" }
}

/// How far a role's reach into records goes. Applied in the query, never after it.
public enum RecordScope: String, CaseIterable, Codable, Sendable {
    /// Only records the user created or is assigned to.
    case own
    /// Records of the user's team.
    case team
    /// Records held by the user's organisation.
    case organization
    /// People referred to or staying in the user's facilities.
    case facility
    /// People of the embassy's nationality with active consular consent and no protection flag.
    case nationalityWithConsent = "nationality_with_consent"
    /// Every record.
    case all
    /// No individual records at all; aggregate figures only.
    case none
}
