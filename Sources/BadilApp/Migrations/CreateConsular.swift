import Fluent
import FluentSQL
import SQLKit
import BadilCore

/// Consular portal: the protection flag on persons (kept in step with the latest completed screening so that
/// the consular scope stays one SQL query), nationality verifications and travel documents.
struct CreateConsular: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_persons_nationality_flag", "persons", "nationality, protection_flag"),
        ("idx_nat_verifications_person", "nationality_verifications", "person_id, organization_id"),
        ("idx_travel_documents_person", "travel_documents", "person_id, organization_id"),
    ]

    func prepare(on database: any Database) async throws {
        // A database default so that every existing insert (including PersonWrites' raw SQL) stays valid.
        try await database.schema(PersonRecord.schema)
            .field("protection_flag", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(NationalityVerificationRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("organization_id", .uuid, .required, .references(OrganizationRecord.schema, .id))
            .field("outcome", .string, .required)
            .field("verified_on", .string, .required)
            .field("note", .string)
            .field("recorded_by_id", .uuid, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(TravelDocumentRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("organization_id", .uuid, .required, .references(OrganizationRecord.schema, .id))
            .field("type", .string, .required)
            .field("number", .string, .required)
            .field("issued_on", .string, .required)
            .field("valid_until", .string, .required)
            .field("recorded_by_id", .uuid, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
        // People screened before this step get their flag from their latest completed screening.
        let screened = try await ScreeningRecord.query(on: database).filter(\.$status == ScreeningStatus.completed.rawValue)
            .all(\.$personID)
        for personID in Set(screened) { try await ProtectionFlag.refresh(personID: personID, on: database) }
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        try await database.schema(TravelDocumentRecord.schema).delete()
        try await database.schema(NationalityVerificationRecord.schema).delete()
        try await database.schema(PersonRecord.schema).deleteField("protection_flag").update()
    }
}
