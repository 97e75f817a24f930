import Fluent
import Foundation
import BadilCore

/// A disembarkation (people brought ashore at a point) or a detention intake.
final class ArrivalRecord: Model, @unchecked Sendable {
    static let schema = "arrivals"

    @ID(key: .id) var id: UUID?
    @Field(key: "kind") var kind: String
    @Parent(key: "location_id") var location: LocationRecord
    @Field(key: "occurred_at") var occurredAt: Date
    @OptionalField(key: "intercepting_unit") var interceptingUnit: String?
    @OptionalField(key: "reported_count") var reportedCount: Int?
    @Field(key: "office_code") var officeCode: String
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var arrivalKind: ArrivalKind { ArrivalKind(rawValue: kind) ?? .disembarkation }
}

/// One person, with the minimal dataset of DOMAIN.md §3.1. Age facts are kept as recorded;
/// `child_until` is derived from them so "children now" is one indexed comparison.
final class PersonRecord: Model, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    @Field(key: "case_number") var caseNumber: String
    @Parent(key: "arrival_id") var arrival: ArrivalRecord
    @OptionalField(key: "name_original") var nameOriginal: String?
    @OptionalField(key: "name_latin") var nameLatin: String?
    @Field(key: "name_key") var nameKey: String
    @Field(key: "sex") var sex: String
    @OptionalField(key: "date_of_birth") var dateOfBirth: String?
    @Field(key: "dob_estimated") var dateOfBirthEstimated: Bool
    @OptionalField(key: "claimed_age") var claimedAge: Int?
    @Field(key: "recorded_on") var recordedOn: String
    @OptionalField(key: "assessed_age") var assessedAge: Int?
    @OptionalField(key: "assessment_method") var assessmentMethod: String?
    @OptionalField(key: "assessed_on") var assessedOn: String?
    @Field(key: "age_disputed") var ageDisputed: Bool
    /// ISO date until which the person is treated as a child ("" when never).
    @Field(key: "child_until") var childUntil: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    @Field(key: "birth_year_estimated") var birthYearEstimated: Bool
    @Field(key: "nationality") var nationality: String
    @Field(key: "languages") var languages: String
    @Field(key: "urgent_needs") var urgentNeeds: String
    @OptionalField(key: "care_override") var careOverride: String?
    /// Derived from the group links (or the override) whenever they or the age facts change; "" for adults.
    @Field(key: "care_status") var careStatus: String
    @Field(key: "registered_by_id") var registeredByID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    /// Registered by an authority (coast guard, detention): visible to protection organisations for identification.
    @Field(key: "from_authority") var fromAuthority: Bool
    @OptionalField(key: "team") var team: String?
    @OptionalField(key: "merged_into_id") var mergedIntoID: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var ageFacts: AgeFacts {
        AgeFacts(dateOfBirth: dateOfBirth.flatMap(DayDate.init), dateOfBirthEstimated: dateOfBirthEstimated, claimedAge: claimedAge,
                 recordedOn: DayDate(recordedOn) ?? DayDate(Date()), assessedAge: assessedAge,
                 assessedOn: assessedOn.flatMap(DayDate.init), disputed: ageDisputed)
    }

    var needs: Set<UrgentNeed> { Set(urgentNeeds.split(separator: ",").compactMap { UrgentNeed(rawValue: String($0)) }) }
    var languageList: [String] { languages.split(separator: ",").map(String.init) }
    var displayName: String { nameLatin ?? nameOriginal ?? caseNumber }
    func isChild(on today: DayDate) -> Bool { !childUntil.isEmpty && today.description < childUntil }

    /// Recomputes the derived age columns from the facts.
    func deriveAgeColumns() {
        let facts = ageFacts
        childUntil = AgeRules.childUntil(facts)?.description ?? ""
        let by = AgeRules.birthYear(facts)
        birthYear = by?.year
        birthYearEstimated = by?.estimated ?? true
    }
}

/// Blocking keys for duplicate candidates (one row per key), indexed by key.
final class PersonNameKeyRecord: Model, @unchecked Sendable {
    static let schema = "person_name_keys"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "key") var key: String
    /// Copied from the person so the lookup can narrow by sex and birth year without reading people.
    @Field(key: "sex") var sex: String
    @OptionalField(key: "birth_year") var birthYear: Int?
    init() {}
}

/// Every name a person was recorded under, and when.
final class PersonNameHistoryRecord: Model, @unchecked Sendable {
    static let schema = "person_name_history"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "name_original") var nameOriginal: String?
    @OptionalField(key: "name_latin") var nameLatin: String?
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "reason") var reason: String
    init() {}
}

/// "related is person's <relationship>", stored in both directions.
final class PersonLinkRecord: Model, @unchecked Sendable {
    static let schema = "person_links"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "related_id") var relatedID: UUID
    @Field(key: "relationship") var relationship: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// A stay: where a person was, from when to when, and why. The open stay (no end) is where they are now.
final class StayRecord: Model, @unchecked Sendable {
    static let schema = "stays"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Parent(key: "location_id") var location: LocationRecord
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    @Field(key: "reason") var reason: String
    @Field(key: "created_by") var createdBy: String
    /// At a facility: the kind of bed the person occupies (counted for occupancy).
    @OptionalField(key: "bed_kind") var bedKind: String?
    init() {}
}

/// The next case-number sequence per prefix (LBY-TRP-2026).
final class CaseSequenceRecord: Model, @unchecked Sendable {
    static let schema = "case_sequences"
    @ID(custom: "prefix", generatedBy: .user) var id: String?
    @Field(key: "last_value") var lastValue: Int
    init() {}
}

/// A pair of records that may be the same person, and what a caseworker decided.
final class DuplicatePairRecord: Model, @unchecked Sendable {
    static let schema = "duplicate_pairs"
    @ID(key: .id) var id: UUID?
    @Field(key: "person_a_id") var personA: UUID
    @Field(key: "person_b_id") var personB: UUID
    @Field(key: "score") var score: Double
    @Field(key: "reasons") var reasons: String
    @Field(key: "status") var status: String
    @Field(key: "source") var source: String
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "survivor_id") var survivorID: UUID?
    @Field(key: "version") var version: Int
    init() {}
}

/// Background jobs: a lease so two instances never run the same job at once, and a cursor.
final class JobStateRecord: Model, @unchecked Sendable {
    static let schema = "job_state"
    @ID(custom: "name", generatedBy: .user) var id: String?
    @OptionalField(key: "lease_until") var leaseUntil: Date?
    @OptionalField(key: "holder") var holder: String?
    @OptionalField(key: "cursor") var cursor: String?
    init() {}
}
