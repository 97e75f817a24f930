import Foundation

/// Why a best-interests assessment was done (UNHCR Best Interests Procedure Guidelines, 2021).
public enum BIATrigger: String, CaseIterable, Codable, Sendable {
    case identification
    case careChange = "care_change"
    case review
    case other
    public var labelKey: String { "child_bia_trigger.\(rawValue)" }
}

/// Where and with whom a child lives.
public enum CareType: String, CaseIterable, Codable, Sendable {
    case interimCare = "interim_care"
    case fosterFamily = "foster_family"
    case hostFamily = "host_family"
    case centre
    case independentSupervised = "independent_supervised"
    /// With the child's own family or relatives: what a reunification leads to.
    case familyBased = "family_based"
    public var labelKey: String { "child_care_type.\(rawValue)" }
}

/// The durable solution a best-interests determination decides.
public enum DurableSolution: String, CaseIterable, Codable, Sendable {
    case familyReunification = "family_reunification"
    case voluntaryReturn = "voluntary_return"
    case localIntegration = "local_integration"
    case resettlement
    case other
    public var labelKey: String { "child_solution.\(rawValue)" }
}

public enum GuardianRole: String, CaseIterable, Codable, Sendable {
    case legalGuardian = "legal_guardian"
    case caregiver
    case appointedGuardian = "appointed_guardian"
    public var labelKey: String { "child_guardian_role.\(rawValue)" }
}

/// Who the person seeks, from the seeker's side.
public enum TracingRelationship: String, CaseIterable, Codable, Sendable {
    case mother, father, sibling, spouse, child
    case otherRelative = "other_relative"
    public var labelKey: String { "tracing_relationship.\(rawValue)" }
}

public enum TracingStatus: String, CaseIterable, Codable, Sendable {
    case open
    /// Reunification recorded.
    case reunified
    /// Closed without reunification (withdrawn, person found elsewhere...).
    case closed
    public var labelKey: String { "tracing_status.\(rawValue)" }
}

public enum TracingMatchStatus: String, CaseIterable, Codable, Sendable {
    /// Taken up from the candidates, waiting for verification.
    case proposed
    case verified
    /// Not the person sought: never proposed again for this request.
    case rejected
    public var labelKey: String { "tracing_match_status.\(rawValue)" }
}

public enum VerificationMethod: String, CaseIterable, Codable, Sendable {
    case documents, interview, photo, other
    public var labelKey: String { "tracing_method.\(rawValue)" }
}

extension FieldChecker {
    /// A 'YYYY-MM-DD' day: `required`, `invalid_date`, `date_in_future` (after `today`).
    mutating func childDay(_ field: String, _ raw: String?, today: DayDate, required: Bool = true) -> DayDate? {
        let text = (raw ?? "").trimmingWhitespace()
        if text.isEmpty {
            if required { add(field, "required") }
            return nil
        }
        guard text.count == 10, let day = DayDate(text) else { add(field, "invalid_date"); return nil }
        if day > today { add(field, "date_in_future"); return nil }
        return day
    }
}
