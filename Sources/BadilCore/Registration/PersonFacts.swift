import Foundation

public enum Sex: String, CaseIterable, Codable, Sendable {
    case female, male, unknown
    public var labelKey: String { "sex.\(rawValue)" }
}

/// Where a person was first met.
public enum ArrivalKind: String, CaseIterable, Codable, Sendable {
    case disembarkation
    case detentionIntake = "detention_intake"
    public var labelKey: String { "arrival_kind.\(rawValue)" }

    /// The location type an arrival of this kind happens at.
    public var locationType: LocationType { self == .disembarkation ? .disembarkationPoint : .detentionCentre }
}

/// How `other` relates to the person the link starts from ("B is A's mother").
public enum Relationship: String, CaseIterable, Codable, Sendable {
    case mother, father, child, sibling, spouse
    case caregiver
    case otherRelative = "other_relative"
    case companion
    public var labelKey: String { "relationship.\(rawValue)" }

    /// The same link seen from the other side, given the other side's sex where it matters.
    public func inverse(personSex: Sex) -> Relationship {
        switch self {
        case .mother, .father: return .child
        case .child: return personSex == .female ? .mother : personSex == .male ? .father : .otherRelative
        case .caregiver: return .otherRelative
        case .sibling, .spouse, .otherRelative, .companion: return self
        }
    }

    /// A parent or customary caregiver: with one of these in the group, a child is accompanied.
    public var isPrimaryCarer: Bool { self == .mother || self == .father || self == .caregiver }
}

/// Urgent needs flagged at first contact (DOMAIN.md §3.1–3.2).
public enum UrgentNeed: String, CaseIterable, Codable, Sendable {
    case medicalEmergency = "medical_emergency"
    case pregnant
    case possibleChild = "possible_child"
    case possibleUnaccompaniedChild = "possible_unaccompanied_child"
    case disability
    public var labelKey: String { "urgent.\(rawValue)" }
}

/// How an assessed age was established.
public enum AgeAssessmentMethod: String, CaseIterable, Codable, Sendable {
    case document, interview, medical, other
    public var labelKey: String { "age_method.\(rawValue)" }
}

/// A child's care situation (UN CRC General Comment 6).
public enum CareStatus: String, CaseIterable, Codable, Sendable {
    case accompanied
    /// Without both parents or the previous primary caregiver, but with other relatives.
    case separated
    /// Without parents, relatives or a responsible adult caring for them.
    case unaccompanied
    public var labelKey: String { "care.\(rawValue)" }
}

/// Special nationality values beside ISO 3166-1 alpha-3 codes.
public enum NationalityRules {
    public static let undetermined = "undetermined"
    public static let stateless = "stateless"

    public static func normalize(_ raw: String?, codes: ReferenceCodes, field: String, into v: inout FieldChecker) -> String? {
        guard let raw, !raw.trimmingWhitespace().isEmpty else { return undetermined }
        let trimmed = raw.trimmingWhitespace()
        let lower = trimmed.lowercased()
        if lower == undetermined || lower == stateless { return lower }
        let code = trimmed.uppercased()
        guard codes.isCountry(code) else {
            v.add(field, "unknown_country", ["value": String(code.prefix(12))])
            return nil
        }
        return code
    }
}
