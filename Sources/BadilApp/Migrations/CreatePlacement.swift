import Fluent
import SQLKit

/// Facilities, consents, referrals and transfers (issue: placement, referral and transfer); stays learn their bed kind.
struct CreatePlacement: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_referrals_facility_status", "referrals", "facility_id, status"),
        ("idx_referrals_person", "referrals", "person_id, status"),
        ("idx_referrals_group", "referrals", "group_id"),
        ("idx_referrals_transfer", "referrals", "transfer_id"),
        ("idx_referrals_status_deadline", "referrals", "status, deadline"),
        ("idx_consents_person", "consents", "person_id, purpose"),
        ("idx_stays_location_open", "stays", "location_id, ended_at, bed_kind"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(FacilityRecord.schema)
            .id()
            .field("location_id", .uuid, .required, .references(LocationRecord.schema, .id))
            .field("status", .string, .required)
            .field("cap_male", .int, .required)
            .field("cap_female", .int, .required)
            .field("cap_family_room", .int, .required)
            .field("cap_child", .int, .required)
            .field("suitability", .string, .required)
            .field("languages", .string, .required)
            .field("contact", .string)
            .field("notes", .string)
            .field("lock_seq", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "location_id")
            .create()
        try await database.schema(ConsentEntry.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("purpose", .string, .required)
            .field("recipient_organization_id", .uuid)
            .field("given_on", .string, .required)
            .field("given_by", .string, .required)
            .field("withdrawn_on", .string)
            .field("recorded_by_id", .uuid, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(TransferRecord.schema)
            .id()
            .field("origin_location_id", .uuid, .required, .references(LocationRecord.schema, .id))
            .field("date", .string, .required)
            .field("vehicle", .string, .required)
            .field("notes", .string)
            .field("status", .string, .required)
            .field("cancel_reason", .string)
            .field("created_by_id", .uuid, .required)
            .field("created_by", .string, .required)
            .field("organization_id", .uuid, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(ReferralRecord.schema)
            .id()
            .field("group_id", .uuid, .required)
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("facility_id", .uuid, .required, .references(FacilityRecord.schema, .id))
            .field("origin_location_id", .uuid)
            .field("bed_kind", .string, .required)
            .field("status", .string, .required)
            .field("deadline", .datetime, .required)
            .field("split_reason", .string)
            .field("note", .string)
            .field("decline_reason", .string)
            .field("reason", .string)
            .field("referred_by_id", .uuid, .required)
            .field("referred_by", .string, .required)
            .field("referred_at", .datetime, .required)
            .field("organization_id", .uuid, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("transfer_id", .uuid, .references(TransferRecord.schema, .id))
            .field("handed_over_at", .datetime)
            .field("handed_over_by", .string)
            .field("arrived_at", .datetime)
            .field("arrived_by", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(StayRecord.schema).field("bed_kind", .string).update()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        try await database.schema(StayRecord.schema).deleteField("bed_kind").update()
        for table in [ReferralRecord.schema, TransferRecord.schema, ConsentEntry.schema, FacilityRecord.schema] {
            try await database.schema(table).delete()
        }
    }
}
