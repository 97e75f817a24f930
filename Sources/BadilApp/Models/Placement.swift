import Fluent
import Foundation
import BadilCore

/// The accommodation profile of an alternative location (shelter, child-friendly centre, safe house,
/// community placement, open centre): beds by kind, who it suits, its status. Occupancy is never
/// stored: it is counted from open stays and from the referrals that hold beds.
final class FacilityRecord: Model, @unchecked Sendable {
    static let schema = "facilities"

    @ID(key: .id) var id: UUID?
    @Parent(key: "location_id") var location: LocationRecord
    @Field(key: "status") var status: String
    @Field(key: "cap_male") var capMale: Int
    @Field(key: "cap_female") var capFemale: Int
    @Field(key: "cap_family_room") var capFamilyRoom: Int
    @Field(key: "cap_child") var capChild: Int
    /// Comma-separated `FacilitySuitability` raw values.
    @Field(key: "suitability") var suitability: String
    /// Comma-separated ISO 639 codes of the languages staff speak.
    @Field(key: "languages") var languages: String
    @OptionalField(key: "contact") var contact: String?
    @OptionalField(key: "notes") var notes: String?
    /// Raised by every transaction that takes beds here, so that those transactions run one after another (both engines).
    @Field(key: "lock_seq") var lockSeq: Int
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var capacity: BedCounts { BedCounts(male: capMale, female: capFemale, familyRoom: capFamilyRoom, child: capChild) }
    var suitabilitySet: Set<FacilitySuitability> { Set(suitability.split(separator: ",").compactMap { FacilitySuitability(rawValue: String($0)) }) }
    var languageSet: Set<String> { Set(languages.split(separator: ",").map(String.init)) }
    var facilityStatus: FacilityStatus { FacilityStatus(rawValue: status) ?? .open }
}

/// Consent a person (or their parent or guardian) gave for a purpose and, where it matters, a recipient organisation.
final class ConsentEntry: Model, @unchecked Sendable {
    static let schema = "consents"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "purpose") var purpose: String
    @OptionalField(key: "recipient_organization_id") var recipientOrganizationID: UUID?
    @Field(key: "given_on") var givenOn: String
    @Field(key: "given_by") var givenBy: String
    @OptionalField(key: "withdrawn_on") var withdrawnOn: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var record: ConsentRecord? {
        guard let p = ConsentPurpose(rawValue: purpose), let given = DayDate(givenOn) else { return nil }
        return ConsentRecord(purpose: p, recipientOrganizationID: recipientOrganizationID?.uuidString, givenOn: given,
                             withdrawnOn: withdrawnOn.flatMap(DayDate.init), givenBy: ConsentGiver(rawValue: givenBy) ?? .person)
    }
}

/// One person referred to a facility. A family is referred together: its members share `group_id` and
/// are accepted or declined together.
final class ReferralRecord: Model, @unchecked Sendable {
    static let schema = "referrals"

    @ID(key: .id) var id: UUID?
    @Field(key: "group_id") var groupID: UUID
    @Field(key: "person_id") var personID: UUID
    @Parent(key: "facility_id") var facility: FacilityRecord
    /// Where the person was when referred (their open stay); transfers group referrals by it.
    @OptionalField(key: "origin_location_id") var originLocationID: UUID?
    @Field(key: "bed_kind") var bedKind: String
    @Field(key: "status") var status: String
    /// The operator decides before this moment; until then a pending referral holds its beds.
    @Field(key: "deadline") var deadline: Date
    @OptionalField(key: "split_reason") var splitReason: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "decline_reason") var declineReason: String?
    /// Reason of a decline, cancellation, revocation, no-show or refusal.
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "referred_by_id") var referredByID: UUID
    @Field(key: "referred_by") var referredBy: String
    @Field(key: "referred_at") var referredAt: Date
    @Field(key: "organization_id") var organizationID: UUID
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "transfer_id") var transferID: UUID?
    @OptionalField(key: "handed_over_at") var handedOverAt: Date?
    @OptionalField(key: "handed_over_by") var handedOverBy: String?
    @OptionalField(key: "arrived_at") var arrivedAt: Date?
    @OptionalField(key: "arrived_by") var arrivedBy: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var referralStatus: ReferralStatus { ReferralStatus(rawValue: status) ?? .pending }
    var bed: BedKind { BedKind(rawValue: bedKind) ?? .male }
    var deadlineSeconds: Int64 { Int64(deadline.timeIntervalSince1970.rounded(.down)) }
}

/// Accepted referrals from one origin moved together on one date in one vehicle.
final class TransferRecord: Model, @unchecked Sendable {
    static let schema = "transfers"

    @ID(key: .id) var id: UUID?
    @Field(key: "origin_location_id") var originLocationID: UUID
    @Field(key: "date") var date: String
    @Field(key: "vehicle") var vehicle: String
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "cancel_reason") var cancelReason: String?
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_by") var createdBy: String
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var transferStatus: TransferStatus { TransferStatus(rawValue: status) ?? .planned }
}
