import Fluent

struct CreateLocations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LocationRecord.schema)
            .id()
            .field("type", .string, .required)
            .field("name_en", .string, .required)
            .field("name_fr", .string, .required)
            .field("name_ar", .string, .required)
            .field("pcode", .string)
            .field("operator_id", .uuid, .references(OrganizationRecord.schema, .id))
            .field("latitude", .double)
            .field("longitude", .double)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name_en")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LocationRecord.schema).delete()
    }
}
