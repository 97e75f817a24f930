import Fluent

/// Case files and case tasks (issue 6), shared by case management, child protection and outcomes.
struct CreateCaseFiles: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_case_files_worker", "case_files", "caseworker_id, status"),
        ("idx_case_files_team", "case_files", "team, status"),
        ("idx_case_tasks_person", "case_tasks", "person_id, status"),
        ("idx_case_tasks_assignee", "case_tasks", "assigned_to_id, status, due_on"),
        ("idx_case_tasks_due", "case_tasks", "status, due_on"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseFileRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("status", .string, .required)
            .field("caseworker_id", .uuid, .references(UserRecord.schema, .id))
            .field("team", .string)
            .field("opened_on", .string, .required)
            .field("closed_on", .string)
            .field("closure_reason", .string)
            .field("last_contact_on", .string)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await database.schema(CaseTaskRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("due_on", .string, .required)
            .field("mandatory", .bool, .required)
            .field("status", .string, .required)
            .field("assigned_to_id", .uuid, .references(UserRecord.schema, .id))
            .field("source_id", .uuid)
            .field("created_by_id", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("closed_on", .string)
            .field("closed_by", .string)
            .field("version", .int, .required)
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        try await database.schema(CaseTaskRecord.schema).delete()
        try await database.schema(CaseFileRecord.schema).delete()
    }
}
