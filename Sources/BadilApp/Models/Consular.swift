import Fluent
import Foundation
import BadilCore

/// An embassy's finding on a person's nationality. Kept, never edited: a later finding follows an earlier one.
final class NationalityVerificationRecord: Model, @unchecked Sendable {
    static let schema = "nationality_verifications"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// The embassy that recorded it; another embassy never sees it.
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "outcome") var outcome: String
    @Field(key: "verified_on") var verifiedOn: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A travel document an embassy issued, or saw and recorded, for a return.
final class TravelDocumentRecord: Model, @unchecked Sendable {
    static let schema = "travel_documents"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "type") var type: String
    @Field(key: "number") var number: String
    @Field(key: "issued_on") var issuedOn: String
    @Field(key: "valid_until") var validUntil: String
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}
