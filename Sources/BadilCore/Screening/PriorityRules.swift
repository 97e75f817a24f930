/// What the priority order knows about one person: registration facts, the latest screening's indicators,
/// and where the person is now.
public struct PriorityInput: Sendable, Equatable {
    /// A child on the day of the ordering, age in doubt included (`AgeRules.isChild`).
    public var isChild: Bool
    public var careStatus: CareStatus?
    public var urgentNeeds: Set<UrgentNeed>
    public var indicators: Set<Indicator>
    public var age: Int?
    public var inDetention: Bool
    public var daysInDetention: Int?
    public var registeredOn: DayDate

    public init(isChild: Bool, careStatus: CareStatus? = nil, urgentNeeds: Set<UrgentNeed> = [], indicators: Set<Indicator> = [],
                age: Int? = nil, inDetention: Bool = false, daysInDetention: Int? = nil, registeredOn: DayDate) {
        self.isChild = isChild
        self.careStatus = careStatus
        self.urgentNeeds = urgentNeeds
        self.indicators = indicators
        self.age = age
        self.inDetention = inDetention
        self.daysInDetention = daysInDetention
        self.registeredOn = registeredOn
    }
}

/// Why a person comes early in the order, in tier order; `inDetention` orders within a tier.
public enum PriorityReason: String, CaseIterable, Codable, Sendable {
    case unaccompaniedChild = "unaccompanied_child"
    case separatedChild = "separated_child"
    case child
    case medicalEmergency = "medical_emergency"
    case pregnant
    case traffickingSurvivor = "trafficking_survivor"
    case tortureSurvivor = "torture_survivor"
    case olderPerson = "older_person"
    case disability
    case inDetention = "in_detention"
    public var labelKey: String { "priority_reason.\(rawValue)" }

    /// The tier this reason puts a person in (0 first); nil for reasons that only order within a tier.
    public var tier: Int? {
        switch self {
        case .unaccompaniedChild: return 0
        case .separatedChild: return 1
        case .child: return 2
        case .medicalEmergency: return 3
        case .pregnant: return 4
        case .traffickingSurvivor, .tortureSurvivor: return 5
        case .olderPerson: return 6
        case .disability: return 7
        case .inDetention: return nil
        }
    }
}

/// The full sort key: tier, then people in detention before others, then longer detention first,
/// then earlier registration first.
public struct PriorityKey: Comparable, Sendable, Hashable {
    public let tier: Int
    public let inDetention: Bool
    public let daysInDetention: Int
    public let registeredOn: DayDate

    public static func < (a: PriorityKey, b: PriorityKey) -> Bool {
        (a.tier, a.inDetention ? 0 : 1, -a.daysInDetention, a.registeredOn) < (b.tier, b.inDetention ? 0 : 1, -b.daysInDetention, b.registeredOn)
    }
}

public struct PriorityPlace: Comparable, Sendable, Hashable {
    /// 0 comes first; `PriorityRules.lastTier` is everyone else.
    public let tier: Int
    /// Every criterion met, in tier order, not only the one that set the tier.
    public let reasons: [PriorityReason]
    public let key: PriorityKey

    public static func < (a: PriorityPlace, b: PriorityPlace) -> Bool { a.key < b.key }
}

/// Who to screen, or to release, first.
///
/// | tier | who |
/// |---|---|
/// | 0 | unaccompanied children |
/// | 1 | separated children |
/// | 2 | other children, including possible children and people whose age is disputed |
/// | 3 | medical emergencies |
/// | 4 | pregnancy |
/// | 5 | possible survivors of trafficking or torture |
/// | 6 | older persons (60 and over) |
/// | 7 | people with a disability |
/// | 8 | everyone else |
///
/// Within a tier: in detention first, then more days in detention, then earlier registration.
/// Every signal counts, from registration (urgent needs, care status) or screening (indicators):
/// where sources disagree the more urgent one wins, as the benefit of the doubt requires.
public enum PriorityRules {
    public static let lastTier = 8
    public static let olderPersonAge = 60

    public static func place(_ p: PriorityInput) -> PriorityPlace {
        let reasons = reasons(p)
        let tier = reasons.compactMap(\.tier).min() ?? lastTier
        let key = PriorityKey(tier: tier, inDetention: p.inDetention, daysInDetention: p.inDetention ? max(0, p.daysInDetention ?? 0) : 0,
                              registeredOn: p.registeredOn)
        return PriorityPlace(tier: tier, reasons: reasons, key: key)
    }

    static func reasons(_ p: PriorityInput) -> [PriorityReason] {
        let isChild = p.isChild || !p.urgentNeeds.isDisjoint(with: [.possibleChild, .possibleUnaccompaniedChild])
            || !p.indicators.isDisjoint(with: [.child, .unaccompaniedChild, .separatedChild])
        let unaccompanied = (isChild && p.careStatus == .unaccompanied) || p.urgentNeeds.contains(.possibleUnaccompaniedChild)
            || p.indicators.contains(.unaccompaniedChild)
        let separated = (isChild && p.careStatus == .separated) || p.indicators.contains(.separatedChild)
        var reasons: [PriorityReason] = []
        // One child reason, the most specific.
        if unaccompanied { reasons.append(.unaccompaniedChild) }
        else if separated { reasons.append(.separatedChild) }
        else if isChild { reasons.append(.child) }
        if p.urgentNeeds.contains(.medicalEmergency) || p.indicators.contains(.medicalEmergency) { reasons.append(.medicalEmergency) }
        if p.urgentNeeds.contains(.pregnant) || p.indicators.contains(.pregnant) { reasons.append(.pregnant) }
        if p.indicators.contains(.traffickingSurvivor) { reasons.append(.traffickingSurvivor) }
        if p.indicators.contains(.tortureSurvivor) { reasons.append(.tortureSurvivor) }
        if (p.age ?? 0) >= olderPersonAge || p.indicators.contains(.olderPerson) { reasons.append(.olderPerson) }
        if p.urgentNeeds.contains(.disability) || p.indicators.contains(.disability) { reasons.append(.disability) }
        if p.inDetention { reasons.append(.inDetention) }
        return reasons
    }

    /// The inputs in priority order; equal keys keep their given order.
    public static func sorted(_ inputs: [PriorityInput]) -> [PriorityInput] {
        sorted(inputs) { $0 }
    }

    /// Any records in priority order, given how to read each one's input; equal keys keep their given order.
    public static func sorted<T>(_ items: [T], by input: (T) -> PriorityInput) -> [T] {
        items.enumerated()
            .map { (key: place(input($0.element)).key, index: $0.offset, item: $0.element) }
            .sorted { ($0.key, $0.index) < ($1.key, $1.index) }
            .map(\.item)
    }
}
