import Foundation

/// One person to place, as far as the placement rules need.
public struct PlacementPerson: Codable, Sendable, Equatable {
    public var id: String
    public var sex: Sex
    /// Best estimate of the age today (`AgeRules.age`), nil when unknown.
    public var age: Int?
    /// A child today, age in doubt included (`AgeRules.isChild`).
    public var isChild: Bool
    /// For a child: accompanied, separated or unaccompanied (`CareRules.careStatus`).
    public var careStatus: CareStatus?
    public var needsMedical: Bool
    public var needsWheelchair: Bool
    /// ISO 639 codes, lower-case.
    public var languages: [String]

    public init(id: String, sex: Sex, age: Int? = nil, isChild: Bool = false, careStatus: CareStatus? = nil,
                needsMedical: Bool = false, needsWheelchair: Bool = false, languages: [String] = []) {
        self.id = id
        self.sex = sex
        self.age = age
        self.isChild = isChild
        self.careStatus = careStatus
        self.needsMedical = needsMedical
        self.needsWheelchair = needsWheelchair
        self.languages = languages
    }
}

/// The people placed together in one facility: one person, or a family travelling together.
public struct PlacementGroup: Codable, Sendable, Equatable {
    public var members: [PlacementPerson]
    /// A caseworker's override: the family is split, and this group is only part of it.
    public var allowSplit: Bool
    /// Why the family is split; required whenever the group is a split (`PlacementRules.validate`).
    public var splitReason: String?
    /// Everyone in the family travelling together, this group included; empty when the group is the whole family.
    /// A member missing from `members` makes the group a split even without `allowSplit`.
    public var familyMemberIDs: [String]

    public init(members: [PlacementPerson], allowSplit: Bool = false, splitReason: String? = nil, familyMemberIDs: [String] = []) {
        self.members = members
        self.allowSplit = allowSplit
        self.splitReason = splitReason
        self.familyMemberIDs = familyMemberIDs
    }

    /// Part of the family is placed elsewhere.
    public var isSplit: Bool {
        allowSplit || familyMemberIDs.contains { id in !members.contains { $0.id == id } }
    }
}

/// The beds a group needs.
///
/// 1. A child whose care status is `unaccompanied` takes a `child` bed, whoever else is in the
///    group: adults travelling with them are companions, not carers, and do not share a family room.
/// 2. If the others include at least one adult and at least one child, they are a family and each
///    of them takes one `family_room` bed (family rooms are counted in places, see `BedKind`).
/// 3. Otherwise a child (no adult with them: unaccompanied or separated) takes a `child` bed and an
///    adult a `male` or `female` bed by sex. An adult whose sex is `unknown` takes a `male` bed: a
///    person is not placed in women's space until a caseworker has recorded their sex.
public enum BedRules {
    public static func bedKinds(for group: PlacementGroup) -> [BedKind: Int] {
        needs(for: group).dictionary.filter { $0.value > 0 }
    }

    /// The bed kind of each member, in member order: what the reservation holds per person.
    public static func assignments(for group: PlacementGroup) -> [(personID: String, kind: BedKind)] {
        let family = isFamily(group)
        return group.members.map { ($0.id, kind(for: $0, inFamily: family)) }
    }

    public static func needs(for group: PlacementGroup) -> BedCounts {
        let family = isFamily(group)
        var counts = BedCounts()
        for member in group.members { counts[kind(for: member, inFamily: family)] += 1 }
        return counts
    }

    static func isFamily(_ group: PlacementGroup) -> Bool {
        group.members.contains { !$0.isChild } && group.members.contains { $0.isChild && $0.careStatus != .unaccompanied }
    }

    static func kind(for person: PlacementPerson, inFamily family: Bool) -> BedKind {
        if person.isChild && person.careStatus == .unaccompanied { return .child }
        if family { return .familyRoom }
        if person.isChild { return .child }
        return person.sex == .female ? .female : .male
    }
}

/// Why a facility suits the group (shown with each proposal).
public enum PlacementReason: String, CaseIterable, Codable, Sendable {
    case bedsAvailable = "beds_available"
    case suitableForChildren = "suitable_for_children"
    case suitableForUnaccompanied = "suitable_for_unaccompanied"
    case womenOnlySpace = "women_only_space"
    case sharedLanguage = "shared_language"
    case medicalSupport = "medical_support"
    case wheelchairAccess = "wheelchair_access"
    case suitedForFamilies = "suited_for_families"
    case nearby
    case highAcceptance = "high_acceptance"
    public var labelKey: String { "placement_reason.\(rawValue)" }

    var bit: UInt32 {
        switch self {
        case .bedsAvailable: return 1 << 0
        case .suitableForChildren: return 1 << 1
        case .suitableForUnaccompanied: return 1 << 2
        case .womenOnlySpace: return 1 << 3
        case .sharedLanguage: return 1 << 4
        case .medicalSupport: return 1 << 5
        case .wheelchairAccess: return 1 << 6
        case .suitedForFamilies: return 1 << 7
        case .nearby: return 1 << 8
        case .highAcceptance: return 1 << 9
        }
    }
}

/// What a facility lacks for the group. Hard gaps exclude the facility; their raw values are
/// also the error codes of `PlacementRules.check`.
public enum PlacementGap: String, CaseIterable, Codable, Sendable {
    // Hard constraints.
    case facilityClosed = "facility_closed"
    case facilityFull = "facility_full"
    /// Not enough free beds of a needed kind for the whole group at once (`PlacementProposal.shortKinds`).
    case noCapacity = "no_capacity"
    case unsuitableForChildren = "unsuitable_for_children"
    case unsuitableForUnaccompanied = "unsuitable_for_unaccompanied"
    case womenOnly = "women_only"
    // Soft preferences.
    /// Some member with a recorded language shares none with the staff.
    case languageNotShared = "language_not_shared"
    case noMedicalSupport = "no_medical_support"
    case noWheelchairAccess = "no_wheelchair_access"
    case notSuitedForFamilies = "not_suited_for_families"
    case farAway = "far_away"
    /// An origin was given but the facility has no coordinates.
    case locationUnknown = "location_unknown"
    case lowAcceptance = "low_acceptance"
    public var labelKey: String { "placement_gap.\(rawValue)" }

    public var isHard: Bool { bit & PlacementGap.hardBits != 0 }

    static let hardBits: UInt32 = (1 << 6) - 1

    var bit: UInt32 {
        switch self {
        case .facilityClosed: return 1 << 0
        case .facilityFull: return 1 << 1
        case .noCapacity: return 1 << 2
        case .unsuitableForChildren: return 1 << 3
        case .unsuitableForUnaccompanied: return 1 << 4
        case .womenOnly: return 1 << 5
        case .languageNotShared: return 1 << 6
        case .noMedicalSupport: return 1 << 7
        case .noWheelchairAccess: return 1 << 8
        case .notSuitedForFamilies: return 1 << 9
        case .farAway: return 1 << 10
        case .locationUnknown: return 1 << 11
        case .lowAcceptance: return 1 << 12
        }
    }
}

/// One facility proposed for a group. Reasons and gaps are kept as bits while ranking and listed on demand.
public struct PlacementProposal: Sendable, Equatable {
    public let facilityID: String
    public let name: String
    /// Soft score, 0...1 (`PlacementMatching.rank`).
    public let score: Double
    /// No hard gap.
    public let fits: Bool
    public let distanceKm: Double?
    /// Free beds per kind now.
    public let free: BedCounts
    /// The beds the group needs (the same for every proposal of one ranking).
    public let needed: BedCounts
    /// Free beds of the kinds the group needs: the first tie-break.
    public let freeBedsForGroup: Int
    let reasonBits: UInt32
    let gapBits: UInt32

    /// What fits, in the order of `PlacementReason.allCases`.
    public var reasons: [PlacementReason] { PlacementReason.allCases.filter { reasonBits & $0.bit != 0 } }
    /// What it lacks, hard gaps first, in the order of `PlacementGap.allCases`.
    public var gaps: [PlacementGap] { PlacementGap.allCases.filter { gapBits & $0.bit != 0 } }
    public func has(_ reason: PlacementReason) -> Bool { reasonBits & reason.bit != 0 }
    public func has(_ gap: PlacementGap) -> Bool { gapBits & gap.bit != 0 }

    /// The bed kinds with fewer free beds than the group needs.
    public var shortKinds: [BedKind] { BedKind.allCases.filter { needed[$0] > free[$0] } }
}

/// A facility with its occupancy, as `PlacementMatching.rank(group:candidates:)` takes them.
public struct PlacementCandidate: Sendable, Equatable {
    public var facility: FacilityProfile
    public var occupancy: Occupancy

    public init(_ facility: FacilityProfile, _ occupancy: Occupancy) {
        self.facility = facility
        self.occupancy = occupancy
    }
}

/// Great-circle distance on a spherical Earth (haversine).
public enum GeoDistance {
    public static let earthRadiusKm = 6371.0088

    static let radians = Double.pi / 180

    public static func km(fromLatitude lat1: Double, longitude lon1: Double, toLatitude lat2: Double, longitude lon2: Double) -> Double {
        km(fromLatitude: lat1, longitude: lon1, cosFromLatitude: cos(lat1 * radians), toLatitude: lat2, longitude: lon2)
    }

    static func km(fromLatitude lat1: Double, longitude lon1: Double, cosFromLatitude: Double, toLatitude lat2: Double,
                   longitude lon2: Double) -> Double {
        let sinLat = sin((lat2 - lat1) * radians / 2), sinLon = sin((lon2 - lon1) * radians / 2)
        let a = sinLat * sinLat + cosFromLatitude * cos(lat2 * radians) * sinLon * sinLon
        return 2 * earthRadiusKm * asin(min(1, a.squareRoot()))
    }
}

/// Ranks facilities for a group.
///
/// Hard constraints (a facility failing one does not fit): open (`facility_closed`, `facility_full`);
/// free beds of every needed kind for the whole group at once (`no_capacity`, see `BedRules`);
/// a child only where suitable for children; a child placed without a family adult only where
/// suitable for unaccompanied children; no one but women, girls and boys known to be 12 or
/// younger in a women-only facility.
///
/// Soft preferences, in points:
///
/// | preference | points | counts when |
/// |---|---|---|
/// | shared language | 30 × share of members with a recorded language who share one with the staff | a member has a recorded language |
/// | medical support | 20 | a member needs medical care |
/// | wheelchair access | 20 | a member uses a wheelchair |
/// | distance | 15 × max(0, 1 − km / 500); 0 without coordinates | an origin is given |
/// | operator's acceptance rate | 10 × rate; 5 without history | always |
/// | suited for families | 5 | the group needs family rooms |
///
/// The score is the points divided by the points that count for this group, so 1 is a facility
/// that offers everything the group could use. Reasons: `nearby` within 50 km, `far_away` beyond
/// 250 km, `high_acceptance` from 0.8, `low_acceptance` below 0.5.
public enum PlacementMatching {
    public enum Weight {
        public static let language = 30.0
        public static let medical = 20.0
        public static let wheelchair = 20.0
        public static let distance = 15.0
        public static let acceptance = 10.0
        public static let families = 5.0
    }

    /// Distance at which the distance points reach 0.
    public static let distanceScaleKm = 500.0
    public static let nearbyKm = 50.0
    public static let farKm = 250.0
    public static let highAcceptance = 0.8
    public static let lowAcceptance = 0.5

    /// Proposals best first. Facilities failing a hard constraint are left out unless `includeUnfit`,
    /// which lists them after every fitting one, with their gaps.
    public static func rank(group: PlacementGroup, facilities: [(FacilityProfile, Occupancy)],
                            origin: (latitude: Double, longitude: Double)? = nil, includeUnfit: Bool = false) -> [PlacementProposal] {
        facilities.withUnsafeBufferPointer { buffer in
            rank(group: group, InPlace(buffer, facility: \.0, occupancy: \.1), origin: origin, includeUnfit: includeUnfit)
        }
    }

    /// The same ranking for facilities already paired in a struct.
    public static func rank(group: PlacementGroup, candidates: [PlacementCandidate],
                            origin: (latitude: Double, longitude: Double)? = nil, includeUnfit: Bool = false) -> [PlacementProposal] {
        candidates.withUnsafeBufferPointer { buffer in
            rank(group: group, InPlace(buffer, facility: \.facility, occupancy: \.occupancy), origin: origin, includeUnfit: includeUnfit)
        }
    }

    /// The ranking proper. Facilities are read in place through `InPlace`, and only plain values
    /// (`Evaluation`) are stored and sorted; the proposals, which hold strings, are built once at the end.
    static func rank<Element>(group: PlacementGroup, _ input: InPlace<Element>, origin: (latitude: Double, longitude: Double)?,
                              includeUnfit: Bool) -> [PlacementProposal] {
        let profile = GroupProfile(group)
        let maxPoints = profile.maxPoints(hasOrigin: origin != nil)
        let from = origin.map { Origin(latitude: $0.latitude, longitude: $0.longitude) }
        var evaluations: [Evaluation] = []
        evaluations.reserveCapacity(input.count)
        for i in 0..<input.count {
            var e = evaluate(profile, input.facility(i), input.occupancy(i), origin: from)
            if !e.fits && !includeUnfit { continue }
            e.index = i
            e.points /= maxPoints
            evaluations.append(e)
        }
        // Sorting small keys rather than whole evaluations: the sort moves them around a lot.
        var order = evaluations.indices.map { SortKey(fits: evaluations[$0].fits, score: evaluations[$0].points,
                                                      free: evaluations[$0].freeForGroup, at: $0) }
        order.sort { a, b in
            if a.fits != b.fits { return a.fits }
            if a.score != b.score { return a.score > b.score }
            if a.free != b.free { return a.free > b.free }
            let fa = input.facility(evaluations[a.at].index), fb = input.facility(evaluations[b.at].index)
            if fa.pointee.name != fb.pointee.name { return fa.pointee.name < fb.pointee.name }
            return fa.pointee.id < fb.pointee.id
        }
        return order.map { key in
            let e = evaluations[key.at]
            let f = input.facility(e.index)
            return PlacementProposal(facilityID: f.pointee.id, name: f.pointee.name, score: e.points, fits: e.fits, distanceKm: e.distanceKm,
                                     free: e.free, needed: profile.needs, freeBedsForGroup: e.freeForGroup,
                                     reasonBits: e.reasons, gapBits: e.gaps)
        }
    }

    struct SortKey {
        let fits: Bool
        let score: Double
        let free: Int
        let at: Int
    }

    /// The facility and occupancy of each element of an array, read where they are stored. Swift
    /// copies a whole element (retaining every string, set and dictionary in it) to pass it to a
    /// function or to take a field of a tuple; for 500 facilities that costs more than the ranking.
    struct InPlace<Element> {
        let base: UnsafeRawPointer?
        let count: Int
        let facilityOffset: Int
        let occupancyOffset: Int

        init(_ buffer: UnsafeBufferPointer<Element>, facility: KeyPath<Element, FacilityProfile>, occupancy: KeyPath<Element, Occupancy>) {
            base = buffer.baseAddress.map(UnsafeRawPointer.init)
            count = buffer.count
            facilityOffset = MemoryLayout<Element>.offset(of: facility)!
            occupancyOffset = MemoryLayout<Element>.offset(of: occupancy)!
        }

        func facility(_ i: Int) -> UnsafePointer<FacilityProfile> {
            (base! + i * MemoryLayout<Element>.stride + facilityOffset).assumingMemoryBound(to: FacilityProfile.self)
        }

        func occupancy(_ i: Int) -> UnsafePointer<Occupancy> {
            (base! + i * MemoryLayout<Element>.stride + occupancyOffset).assumingMemoryBound(to: Occupancy.self)
        }
    }

    /// The origin with what the haversine needs from it computed once.
    struct Origin {
        let latitude: Double
        let longitude: Double
        let cosLatitude: Double

        init(latitude: Double, longitude: Double) {
            self.latitude = latitude
            self.longitude = longitude
            cosLatitude = cos(latitude * GeoDistance.radians)
        }

        func km(toLatitude lat: Double, longitude lon: Double) -> Double {
            GeoDistance.km(fromLatitude: latitude, longitude: longitude, cosFromLatitude: cosLatitude, toLatitude: lat, longitude: lon)
        }
    }

    /// One facility's fit, as plain values.
    struct Evaluation {
        var reasons: UInt32 = 0
        var gaps: UInt32 = 0
        var points = 0.0
        var free = BedCounts()
        var freeForGroup = 0
        var distanceKm: Double?
        var index = 0
        var fits: Bool { gaps & PlacementGap.hardBits == 0 }
    }

    static func evaluate(_ g: GroupProfile, _ facility: UnsafePointer<FacilityProfile>, _ occupancy: UnsafePointer<Occupancy>,
                         origin: Origin?) -> Evaluation {
        var e = Evaluation()
        var suits: UInt8 = 0
        for s in facility.pointee.suitability { suits |= s.bit }
        func offers(_ s: FacilitySuitability) -> Bool { suits & s.bit != 0 }

        // Hard constraints.
        switch facility.pointee.status {
        case .open: break
        case .full: e.gaps |= PlacementGap.facilityFull.bit
        case .temporarilyClosed: e.gaps |= PlacementGap.facilityClosed.bit
        }
        e.free = BedCounts(facility.pointee.capacity).subtractingClamped(BedCounts(occupancy.pointee.used))
        if g.needs.fits(in: e.free) { e.reasons |= PlacementReason.bedsAvailable.bit } else { e.gaps |= PlacementGap.noCapacity.bit }
        if g.needs.male > 0 { e.freeForGroup += e.free.male }
        if g.needs.female > 0 { e.freeForGroup += e.free.female }
        if g.needs.familyRoom > 0 { e.freeForGroup += e.free.familyRoom }
        if g.needs.child > 0 { e.freeForGroup += e.free.child }
        if g.hasChild {
            if offers(.children) { e.reasons |= PlacementReason.suitableForChildren.bit }
            else { e.gaps |= PlacementGap.unsuitableForChildren.bit }
        }
        if g.hasLoneChild {
            if offers(.unaccompaniedChildren) { e.reasons |= PlacementReason.suitableForUnaccompanied.bit }
            else { e.gaps |= PlacementGap.unsuitableForUnaccompanied.bit }
        }
        if offers(.womenOnly) {
            if g.hasExcludedFromWomenOnly { e.gaps |= PlacementGap.womenOnly.bit }
            else if g.hasAdultWoman { e.reasons |= PlacementReason.womenOnlySpace.bit }
        }

        // Soft preferences.
        if !g.memberLanguages.isEmpty {
            var staff: UInt64 = 0
            for code in facility.pointee.languages {
                for i in 0..<g.languages.count where g.languages[i] == code { staff |= 1 << UInt64(i) }
            }
            var shared = 0
            for mask in g.memberLanguages where mask & staff != 0 { shared += 1 }
            e.points += Weight.language * Double(shared) / Double(g.memberLanguages.count)
            if shared > 0 { e.reasons |= PlacementReason.sharedLanguage.bit }
            if shared < g.memberLanguages.count { e.gaps |= PlacementGap.languageNotShared.bit }
        }
        if g.needsMedical {
            if offers(.medicalSupport) { e.points += Weight.medical; e.reasons |= PlacementReason.medicalSupport.bit }
            else { e.gaps |= PlacementGap.noMedicalSupport.bit }
        }
        if g.needsWheelchair {
            if offers(.wheelchairAccess) { e.points += Weight.wheelchair; e.reasons |= PlacementReason.wheelchairAccess.bit }
            else { e.gaps |= PlacementGap.noWheelchairAccess.bit }
        }
        if g.needs.familyRoom > 0 {
            if offers(.families) { e.points += Weight.families; e.reasons |= PlacementReason.suitedForFamilies.bit }
            else { e.gaps |= PlacementGap.notSuitedForFamilies.bit }
        }
        if let origin {
            if let lat = facility.pointee.latitude, let lon = facility.pointee.longitude {
                let km = origin.km(toLatitude: lat, longitude: lon)
                e.distanceKm = km
                e.points += Weight.distance * max(0, 1 - km / distanceScaleKm)
                if km <= nearbyKm { e.reasons |= PlacementReason.nearby.bit }
                if km > farKm { e.gaps |= PlacementGap.farAway.bit }
            } else {
                e.gaps |= PlacementGap.locationUnknown.bit
            }
        }
        let rate = facility.pointee.acceptanceRate.map { min(1, max(0, $0)) }
        e.points += Weight.acceptance * (rate ?? 0.5)
        if let rate, rate >= highAcceptance { e.reasons |= PlacementReason.highAcceptance.bit }
        if let rate, rate < lowAcceptance { e.gaps |= PlacementGap.lowAcceptance.bit }
        return e
    }

    /// `evaluate` for one facility passed by value (the check before reserving).
    static func evaluate(_ g: GroupProfile, _ facility: FacilityProfile, _ occupancy: Occupancy) -> Evaluation {
        withUnsafePointer(to: facility) { f in withUnsafePointer(to: occupancy) { o in evaluate(g, f, o, origin: nil) } }
    }
}

/// What the rules need to know about a group, computed once per ranking.
struct GroupProfile {
    let needs: BedCounts
    let hasChild: Bool
    /// A child placed without a family adult (a child bed).
    let hasLoneChild: Bool
    let hasAdultWoman: Bool
    let hasExcludedFromWomenOnly: Bool
    let needsMedical: Bool
    let needsWheelchair: Bool
    /// The distinct languages of the group (at most 64), lower-case.
    let languages: [String]
    /// For each member with a recorded language: a bit per entry of `languages`.
    let memberLanguages: [UInt64]

    init(_ group: PlacementGroup) {
        needs = BedRules.needs(for: group)
        hasChild = group.members.contains { $0.isChild }
        hasLoneChild = needs.child > 0
        hasAdultWoman = group.members.contains { !$0.isChild && $0.sex == .female }
        hasExcludedFromWomenOnly = group.members.contains { !PlacementRules.allowedInWomenOnly($0) }
        needsMedical = group.members.contains { $0.needsMedical }
        needsWheelchair = group.members.contains { $0.needsWheelchair }
        var languages: [String] = []
        var masks: [UInt64] = []
        for member in group.members {
            var mask: UInt64 = 0
            for raw in member.languages {
                let code = raw.trimmingWhitespace().lowercased()
                if code.isEmpty { continue }
                if let i = languages.firstIndex(of: code) { mask |= 1 << UInt64(i) }
                else if languages.count < 64 { mask |= 1 << UInt64(languages.count); languages.append(code) }
            }
            if mask != 0 { masks.append(mask) }
        }
        self.languages = languages
        memberLanguages = masks
    }

    func maxPoints(hasOrigin: Bool) -> Double {
        typealias W = PlacementMatching.Weight
        var points = W.acceptance
        if !memberLanguages.isEmpty { points += W.language }
        if needsMedical { points += W.medical }
        if needsWheelchair { points += W.wheelchair }
        if needs.familyRoom > 0 { points += W.families }
        if hasOrigin { points += W.distance }
        return points
    }
}

public enum PlacementRules {
    public static let maxSplitReasonLength = 1000
    /// Boys up to this age may stay in a women-only facility (with their mother).
    public static let womenOnlyMaxBoyAge = 12

    /// Women, girls, and children of another or unknown sex whose age is known to be 12 or less.
    /// A child of unknown age is not assumed young enough.
    public static func allowedInWomenOnly(_ person: PlacementPerson) -> Bool {
        if person.sex == .female { return true }
        guard person.isChild, let age = person.age else { return false }
        return age <= womenOnlyMaxBoyAge
    }

    /// Checks a group before matching or referring; returns it with the split reason trimmed (nil when not a split).
    /// `members`: `required`, `duplicate_entry`; `splitReason`: `family_split_requires_reason` when the
    /// group is a split (`PlacementGroup.isSplit`) without a reason, `too_long`.
    @discardableResult
    public static func validate(_ group: PlacementGroup) throws -> PlacementGroup {
        var v = FieldChecker()
        var g = group
        if g.members.isEmpty { v.add("members", "required") }
        if Set(g.members.map(\.id)).count != g.members.count { v.add("members", "duplicate_entry") }
        if g.isSplit {
            g.splitReason = v.optionalText("splitReason", g.splitReason, max: maxSplitReasonLength)
            if g.splitReason == nil && !v.issues.contains(where: { $0.field == "splitReason" }) {
                v.add("splitReason", "family_split_requires_reason")
            }
        } else {
            g.splitReason = nil
        }
        try v.finish()
        return g
    }

    /// The hard gaps of this facility for the group, in the order of `PlacementGap.allCases`.
    public static func hardGaps(group: PlacementGroup, facility: FacilityProfile, occupancy: Occupancy) -> [PlacementGap] {
        let e = PlacementMatching.evaluate(GroupProfile(group), facility, occupancy)
        return PlacementGap.allCases.filter { $0.isHard && e.gaps & $0.bit != 0 }
    }

    /// The check the app runs inside the transaction before reserving beds, with the occupancy read in
    /// that transaction (not counting this referral). Same rules as the ranking.
    ///
    /// - The group itself: `validate` (`DomainError.invalid`).
    /// - The facility's state and suitability: `DomainError.conflict` with `facility_closed`, `facility_full`,
    ///   `unsuitable_for_children`, `unsuitable_for_unaccompanied`, `women_only` (the first that applies).
    /// - Beds: `DomainError.invalid` with one `no_capacity` issue per short kind on `beds.<kind>`,
    ///   params `kind`, `needed`, `free`.
    public static func check(group: PlacementGroup, facility: FacilityProfile, occupancy: Occupancy) throws {
        try validate(group)
        let profile = GroupProfile(group)
        let e = PlacementMatching.evaluate(profile, facility, occupancy)
        for gap in [PlacementGap.facilityClosed, .facilityFull, .unsuitableForChildren, .unsuitableForUnaccompanied, .womenOnly]
        where e.gaps & gap.bit != 0 {
            throw DomainError.conflict(gap.rawValue)
        }
        if e.gaps & PlacementGap.noCapacity.bit != 0 {
            throw DomainError.invalid(BedKind.allCases.filter { profile.needs[$0] > e.free[$0] }.map { kind in
                FieldIssue("beds.\(kind.rawValue)", PlacementGap.noCapacity.rawValue,
                           ["kind": kind.rawValue, "needed": String(profile.needs[kind]), "free": String(e.free[kind])])
            })
        }
    }
}
