import Fluent

/// Incidents on a person's case (issue 6).
struct CreateIncidents: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_incidents_person", "incidents", "person_id, occurred_on"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(IncidentRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("kind", .string, .required)
            .field("occurred_on", .string, .required)
            .field("location_id", .uuid, .references(LocationRecord.schema, .id))
            .field("notes", .string)
            .field("recorded_by_id", .uuid, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        try await database.schema(IncidentRecord.schema).delete()
    }
}
