import Fluent

struct CreateOrganizations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganizationRecord.schema)
            .id()
            .field("name", .string, .required)
            .field("type", .string, .required)
            .field("country_code", .string)
            .field("active", .bool, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "name")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganizationRecord.schema).delete()
    }
}
