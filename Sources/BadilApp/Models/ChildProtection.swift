import Fluent
import Foundation
import BadilCore

/// A best-interests assessment of a child (DOMAIN.md §4). Never changed once recorded: a new one is added.
final class ChildBIARecord: Model, @unchecked Sendable {
    static let schema = "child_bias"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// 'YYYY-MM-DD'.
    @Field(key: "conducted_on") var conductedOn: String
    /// A `BIATrigger` raw value.
    @Field(key: "trigger") var trigger: String
    @OptionalField(key: "safety") var safety: String?
    @OptionalField(key: "health") var health: String?
    @OptionalField(key: "education") var education: String?
    @OptionalField(key: "family_contact") var familyContact: String?
    @Field(key: "child_heard") var childHeard: Bool
    @OptionalField(key: "child_views") var childViews: String?
    @OptionalField(key: "not_heard_reason") var notHeardReason: String?
    @Field(key: "recommendation") var recommendation: String
    /// A `CareType` raw value.
    @Field(key: "recommended_care") var recommendedCare: String
    @Field(key: "assessor_id") var assessorID: UUID
    @Field(key: "assessor") var assessor: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A best-interests determination: a panel's decision on a durable solution. Confirmed by a supervisor.
final class ChildBIDRecord: Model, @unchecked Sendable {
    static let schema = "child_bids"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// The assessment on file when it was decided.
    @Field(key: "bia_id") var biaID: UUID
    @Field(key: "decided_on") var decidedOn: String
    /// A `DurableSolution` raw value.
    @Field(key: "solution") var solution: String
    @Field(key: "rationale") var rationale: String
    /// JSON array of `PanelMember`.
    @Field(key: "panel") var panel: String
    @OptionalField(key: "confirmed_by") var confirmedBy: String?
    @OptionalField(key: "confirmed_on") var confirmedOn: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var panelMembers: [PanelMember] { (try? JSONDecoder().decode([PanelMember].self, from: Data(panel.utf8))) ?? [] }
}

/// Where and with whom a child lives, over time: the one without `ended_on` is in force.
final class ChildCareRecord: Model, @unchecked Sendable {
    static let schema = "child_care_arrangements"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// A `CareType` raw value.
    @Field(key: "care_type") var careType: String
    /// The caregiver's name or the facility.
    @Field(key: "caregiver") var caregiver: String
    @Field(key: "started_on") var startedOn: String
    @OptionalField(key: "ended_on") var endedOn: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A guardian or caregiver appointed for a child; one in force (no `ended_on`) at a time.
final class ChildGuardianRecord: Model, @unchecked Sendable {
    static let schema = "child_guardians"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "name") var name: String
    /// A `GuardianRole` raw value.
    @Field(key: "role") var role: String
    @OptionalField(key: "organisation") var organisation: String?
    @Field(key: "appointed_on") var appointedOn: String
    @OptionalField(key: "ended_on") var endedOn: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "version") var version: Int

    init() {}
}

/// A registered person looking for a family member.
final class TracingRequestRecord: Model, @unchecked Sendable {
    static let schema = "tracing_requests"

    @ID(key: .id) var id: UUID?
    /// The seeker.
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "sought_name_original") var soughtNameOriginal: String?
    @OptionalField(key: "sought_name_latin") var soughtNameLatin: String?
    @Field(key: "sought_sex") var soughtSex: String
    @OptionalField(key: "sought_birth_year") var soughtBirthYear: Int?
    /// A `TracingRelationship` raw value: who the sought person is to the seeker.
    @Field(key: "relationship") var relationship: String
    @OptionalField(key: "last_known_place") var lastKnownPlace: String?
    @OptionalField(key: "last_seen_on") var lastSeenOn: String?
    @OptionalField(key: "notes") var notes: String?
    /// A `TracingStatus` raw value.
    @Field(key: "status") var status: String
    @Field(key: "opened_on") var openedOn: String
    @OptionalField(key: "closed_on") var closedOn: String?
    /// Why the request was closed without a reunification (withdrawn, person found elsewhere, deceased...).
    @OptionalField(key: "closed_reason") var closedReason: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var soughtName: String { soughtNameLatin ?? soughtNameOriginal ?? "" }
    var tracingStatus: TracingStatus { TracingStatus(rawValue: status) ?? .open }
    var soughtInput: MatchCandidateInput {
        TracingRules.soughtInput(original: soughtNameOriginal, latin: soughtNameLatin, sex: soughtSex, birthYear: soughtBirthYear)
    }
}

/// A candidate taken up for a tracing request: a registered person, or another request whose seeker is sought.
final class TracingMatchRecord: Model, @unchecked Sendable {
    static let schema = "tracing_matches"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    /// The person found: a registered person, or the seeker of `matched_request_id`.
    @Field(key: "matched_person_id") var matchedPersonID: UUID
    @OptionalField(key: "matched_request_id") var matchedRequestID: UUID?
    @Field(key: "score") var score: Double
    /// JSON of the reasons (`ReasonCoding`).
    @Field(key: "reasons") var reasons: String
    /// A `TracingMatchStatus` raw value.
    @Field(key: "status") var status: String
    @OptionalField(key: "method") var method: String?
    @OptionalField(key: "verified_on") var verifiedOn: String?
    @OptionalField(key: "seeker_wishes") var seekerWishes: Bool?
    @OptionalField(key: "sought_wishes") var soughtWishes: Bool?
    @OptionalField(key: "notes") var notes: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @Field(key: "proposed_by") var proposedBy: String
    @Field(key: "proposed_at") var proposedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var matchStatus: TracingMatchStatus { TracingMatchStatus(rawValue: status) ?? .proposed }
}

/// A reunification after a verified match.
final class ReunificationRecord: Model, @unchecked Sendable {
    static let schema = "reunifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "request_id") var requestID: UUID
    @Field(key: "match_id") var matchID: UUID
    @Field(key: "person_id") var personID: UUID
    @Field(key: "related_person_id") var relatedPersonID: UUID
    @Field(key: "reunified_on") var reunifiedOn: String
    @Field(key: "place") var place: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
