import Fluent

/// Tables of case management (issue 6): plan goals and items, services delivered and referrals, visits, notes.
struct CreateCaseManagement: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_case_goals_person", "case_goals", "person_id"),
        ("idx_case_plan_items_person", "case_plan_items", "person_id"),
        ("idx_case_services_person", "case_services", "person_id, service_on"),
        ("idx_case_visits_person", "case_visits", "person_id, visited_on"),
        ("idx_case_notes_person", "case_notes", "person_id, created_at"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(CaseGoalRecord.schema)
            .id()
            .personID()
            .field("text", .string, .required)
            .field("status", .string, .required)
            .byWhomAndWhen("created")
            .field("version", .int, .required)
            .create()
        try await database.schema(CasePlanItemRecord.schema)
            .id()
            .personID()
            .field("goal_id", .uuid, .references(CaseGoalRecord.schema, .id))
            .field("service_type", .string, .required)
            .field("description", .string, .required)
            .field("responsible_organization_id", .uuid, .references(OrganizationRecord.schema, .id))
            .field("responsible_name", .string)
            .field("due_on", .string)
            .field("mandatory", .bool, .required)
            .field("status", .string, .required)
            .byWhomAndWhen("created")
            .field("version", .int, .required)
            .create()
        try await database.schema(CaseServiceRecord.schema)
            .id()
            .personID()
            .field("mode", .string, .required)
            .field("service_type", .string, .required)
            .field("service_on", .string, .required)
            .field("provider_organization_id", .uuid, .references(OrganizationRecord.schema, .id))
            .field("plan_item_id", .uuid, .references(CasePlanItemRecord.schema, .id))
            .field("notes", .string)
            .byWhomAndWhen("recorded")
            .create()
        try await database.schema(CaseVisitRecord.schema)
            .id()
            .personID()
            .field("kind", .string, .required)
            .field("visited_on", .string, .required)
            .field("findings", .string, .required)
            .field("wellbeing_concern", .bool, .required)
            .field("next_visit_on", .string)
            .byWhomAndWhen("recorded")
            .create()
        try await database.schema(CaseNoteRecord.schema)
            .id()
            .personID()
            .field("text", .string, .required)
            .field("confidentiality", .string, .required)
            .field("author_id", .uuid, .required)
            .field("author", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        for schema in [CaseNoteRecord.schema, CaseVisitRecord.schema, CaseServiceRecord.schema, CasePlanItemRecord.schema, CaseGoalRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}

private extension SchemaBuilder {
    /// The person a case record belongs to.
    func personID() -> SchemaBuilder { field("person_id", .uuid, .required, .references(PersonRecord.schema, .id)) }

    /// Who did it (id and username) and when: `<verb>_by_id`, `<verb>_by`, `<verb>_at`.
    func byWhomAndWhen(_ verb: String) -> SchemaBuilder {
        field(.string("\(verb)_by_id"), .uuid, .required).field(.string("\(verb)_by"), .string, .required).field(.string("\(verb)_at"), .datetime, .required)
    }
}
