/// The kinds of alternative accommodation: the location types that can receive referrals
/// (`LocationType.isAlternative`). They share the location-type labels.
public enum AccommodationType: String, CaseIterable, Codable, Sendable {
    case shelter
    case childFriendlyCentre = "child_friendly_centre"
    case safeHouse = "safe_house"
    /// A host family or another placement in the community.
    case communityPlacement = "community_placement"
    case openCentre = "open_centre"
    public var labelKey: String { "location_type.\(rawValue)" }

    public var locationType: LocationType { LocationType(rawValue: rawValue)! }

    /// The accommodation type of a location, nil for places that are not alternatives to detention.
    public init?(_ locationType: LocationType) { self.init(rawValue: locationType.rawValue) }
}

/// The kinds of bed a facility counts its capacity in.
///
/// Family rooms are counted in places, not rooms: a room for a family of four is four
/// `family_room` beds, and a family takes one `family_room` bed per member (`BedRules`).
public enum BedKind: String, CaseIterable, Codable, Sendable {
    case male, female
    case familyRoom = "family_room"
    /// A bed for a child placed without a family adult (unaccompanied or separated).
    case child
    public var labelKey: String { "bed_kind.\(rawValue)" }
}

/// Who a facility can receive and what it offers.
public enum FacilitySuitability: String, CaseIterable, Codable, Sendable {
    case children
    case unaccompaniedChildren = "unaccompanied_children"
    /// No adult men, and no boys over 12 (`PlacementRules.allowedInWomenOnly`).
    case womenOnly = "women_only"
    case families
    case medicalSupport = "medical_support"
    case wheelchairAccess = "wheelchair_access"
    public var labelKey: String { "suitability.\(rawValue)" }

    var bit: UInt8 {
        switch self {
        case .children: return 1
        case .unaccompaniedChildren: return 2
        case .womenOnly: return 4
        case .families: return 8
        case .medicalSupport: return 16
        case .wheelchairAccess: return 32
        }
    }
}

/// The operator's declared state. Only `open` facilities receive referrals.
public enum FacilityStatus: String, CaseIterable, Codable, Sendable {
    case open, full
    case temporarilyClosed = "temporarily_closed"
    public var labelKey: String { "facility_status.\(rawValue)" }
}

/// A count per bed kind, as four plain integers: what the ranking works with (no hashing, no allocation).
public struct BedCounts: Hashable, Sendable {
    public var male: Int
    public var female: Int
    public var familyRoom: Int
    public var child: Int

    public init(male: Int = 0, female: Int = 0, familyRoom: Int = 0, child: Int = 0) {
        self.male = male
        self.female = female
        self.familyRoom = familyRoom
        self.child = child
    }

    public init(_ counts: [BedKind: Int]) {
        self.init()
        for (kind, n) in counts { self[kind] += n }
    }

    public subscript(kind: BedKind) -> Int {
        get {
            switch kind {
            case .male: return male
            case .female: return female
            case .familyRoom: return familyRoom
            case .child: return child
            }
        }
        set {
            switch kind {
            case .male: male = newValue
            case .female: female = newValue
            case .familyRoom: familyRoom = newValue
            case .child: child = newValue
            }
        }
    }

    public var total: Int { male + female + familyRoom + child }

    /// Every kind, zeros included.
    public var dictionary: [BedKind: Int] { [.male: male, .female: female, .familyRoom: familyRoom, .child: child] }

    /// `self - other` per kind, never below zero.
    public func subtractingClamped(_ other: BedCounts) -> BedCounts {
        BedCounts(male: max(0, male - other.male), female: max(0, female - other.female),
                  familyRoom: max(0, familyRoom - other.familyRoom), child: max(0, child - other.child))
    }

    /// Every kind of `self` fits into `available`.
    public func fits(in available: BedCounts) -> Bool {
        male <= available.male && female <= available.female && familyRoom <= available.familyRoom && child <= available.child
    }
}

/// A facility as the placement rules see it.
public struct FacilityProfile: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: AccommodationType
    public var status: FacilityStatus
    /// Beds per kind; a missing kind is 0.
    public var capacity: [BedKind: Int]
    public var suitability: Set<FacilitySuitability>
    /// ISO 639 codes the staff speak, lower-case (as `FacilityRules.validate` leaves them).
    public var languages: Set<String>
    public var latitude: Double?
    public var longitude: Double?
    /// Share of referrals the operator accepted in the past, 0...1; nil without history.
    public var acceptanceRate: Double?
    /// The organisation that runs the facility: the recipient of referrals and of the consent to them.
    public var operatorOrganizationID: String?

    public init(id: String, name: String, type: AccommodationType, status: FacilityStatus = .open, capacity: [BedKind: Int],
                suitability: Set<FacilitySuitability> = [], languages: Set<String> = [], latitude: Double? = nil,
                longitude: Double? = nil, acceptanceRate: Double? = nil, operatorOrganizationID: String? = nil) {
        self.id = id
        self.name = name
        self.type = type
        self.status = status
        self.capacity = capacity
        self.suitability = suitability
        self.languages = languages
        self.latitude = latitude
        self.longitude = longitude
        self.acceptanceRate = acceptanceRate
        self.operatorOrganizationID = operatorOrganizationID
    }
}

/// Beds in use: the people staying now plus the beds held by referrals (`ReferralRules.holdsBeds`).
public struct Occupancy: Codable, Sendable, Equatable {
    public var used: [BedKind: Int]

    public init(used: [BedKind: Int] = [:]) { self.used = used }

    public init(staying: [BedKind: Int], reserved: [BedKind: Int]) {
        self.used = staying.merging(reserved, uniquingKeysWith: +)
    }

    /// Free beds per kind (every kind, zeros included), never negative: a facility over capacity has 0 free.
    public func free(in profile: FacilityProfile) -> [BedKind: Int] { freeCounts(in: profile).dictionary }

    public func freeCounts(in profile: FacilityProfile) -> BedCounts {
        BedCounts(profile.capacity).subtractingClamped(BedCounts(used))
    }
}

public enum FacilityRules {
    public static let capacityRange = 0...10_000
    public static let maxLanguages = 20
    public static let maxNameLength = 200

    /// Checks a facility being created or edited; returns it with the name trimmed and the
    /// languages trimmed and lower-cased. Fields: `name`, `capacity.<kind>` (`out_of_range`),
    /// `capacity` (`capacity_required`: at least one bed), `languages` (`unknown_language`: 2–3
    /// letters, and in `codes` when given; `too_many`), `latitude`/`longitude` (both or neither),
    /// `acceptanceRate` (0...1). Consistency:
    /// - women-only with male beds: `women_only_male_beds` on `capacity.male`;
    /// - child beds are for children placed without a family adult, so they need the
    ///   unaccompanied-children suitability: `child_beds_require_unaccompanied` on `capacity.child`;
    /// - unaccompanied children are children: `unaccompanied_requires_children` on `suitability`;
    /// - a child-friendly centre must be suitable for children: `child_friendly_requires_children` on `suitability`.
    @discardableResult
    public static func validate(_ profile: FacilityProfile, codes: ReferenceCodes? = nil) throws -> FacilityProfile {
        var v = FieldChecker()
        var p = profile
        p.name = v.requireText("name", p.name, max: maxNameLength) ?? p.name
        var total = 0
        for kind in BedKind.allCases {
            let n = p.capacity[kind] ?? 0
            if capacityRange.contains(n) { total += n }
            else {
                v.add("capacity.\(kind.rawValue)", "out_of_range",
                      ["min": String(capacityRange.lowerBound), "max": String(capacityRange.upperBound)])
            }
        }
        if total == 0 && !v.issues.contains(where: { $0.field.hasPrefix("capacity.") }) { v.add("capacity", "capacity_required") }
        let suits = p.suitability
        if suits.contains(.womenOnly) && (p.capacity[.male] ?? 0) > 0 { v.add("capacity.male", "women_only_male_beds") }
        if (p.capacity[.child] ?? 0) > 0 && !suits.contains(.unaccompaniedChildren) {
            v.add("capacity.child", "child_beds_require_unaccompanied")
        }
        if suits.contains(.unaccompaniedChildren) && !suits.contains(.children) { v.add("suitability", "unaccompanied_requires_children") }
        if p.type == .childFriendlyCentre && !suits.contains(.children) { v.add("suitability", "child_friendly_requires_children") }

        var languages = Set<String>()
        for raw in p.languages.sorted() {
            let code = raw.trimmingWhitespace().lowercased()
            if code.isEmpty { continue }
            let wellFormed = (2...3).contains(code.unicodeScalars.count) && code.unicodeScalars.allSatisfy { ("a"..."z").contains($0) }
            if wellFormed && (codes?.isLanguage(code) ?? true) { languages.insert(code) }
            else { v.add("languages", "unknown_language", ["value": String(code.prefix(12))]) }
        }
        if languages.count > maxLanguages { v.add("languages", "too_many", ["max": String(maxLanguages)]) }
        p.languages = languages

        Coordinates.check(latitude: p.latitude, longitude: p.longitude, into: &v)
        if let rate = p.acceptanceRate, !(0...1).contains(rate) { v.add("acceptanceRate", "out_of_range", ["min": "0", "max": "1"]) }
        try v.finish()
        return p
    }
}
