/// Kinds of organisation (DOMAIN.md §2).
public enum OrganizationType: String, CaseIterable, Codable, Sendable {
    case iom
    case ministry
    case detentionAuthority = "detention_authority"
    case coastGuard = "coast_guard"
    case embassy
    case ngoOperator = "ngo_operator"
    case donor

    public var labelKey: String { "org_type.\(rawValue)" }
    /// An embassy represents a country and must name it (ISO 3166-1 alpha-3).
    public var requiresCountry: Bool { self == .embassy }
}

/// Kinds of location (issue: locations registry).
public enum LocationType: String, CaseIterable, Codable, Sendable {
    case disembarkationPoint = "disembarkation_point"
    case detentionCentre = "detention_centre"
    case shelter
    case childFriendlyCentre = "child_friendly_centre"
    case safeHouse = "safe_house"
    case communityPlacement = "community_placement"
    case openCentre = "open_centre"
    case office

    public var labelKey: String { "location_type.\(rawValue)" }

    /// A place where a person is deprived of liberty: a child whose stay is here raises an alert.
    public var isDetention: Bool { self == .detentionCentre }

    /// Alternative accommodation that can receive referrals.
    public var isAlternative: Bool {
        switch self {
        case .shelter, .childFriendlyCentre, .safeHouse, .communityPlacement, .openCentre: return true
        case .disembarkationPoint, .detentionCentre, .office: return false
        }
    }
}
