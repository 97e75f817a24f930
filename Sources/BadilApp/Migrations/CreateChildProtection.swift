import Fluent

/// Tables of child protection and family tracing (issue 6).
struct CreateChildProtection: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_child_bias_person", "child_bias", "person_id, conducted_on"),
        ("idx_child_bids_person", "child_bids", "person_id, decided_on"),
        ("idx_child_care_person", "child_care_arrangements", "person_id, started_on"),
        ("idx_child_guardians_person", "child_guardians", "person_id, appointed_on"),
        ("idx_tracing_requests_person", "tracing_requests", "person_id, status"),
        ("idx_tracing_requests_status", "tracing_requests", "status, opened_on"),
        ("idx_tracing_matches_request", "tracing_matches", "request_id, status"),
        ("idx_tracing_matches_person", "tracing_matches", "matched_person_id"),
        ("idx_reunifications_request", "reunifications", "request_id"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(ChildBIARecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("conducted_on", .string, .required)
            .field("trigger", .string, .required)
            .field("safety", .string).field("health", .string).field("education", .string).field("family_contact", .string)
            .field("child_heard", .bool, .required)
            .field("child_views", .string).field("not_heard_reason", .string)
            .field("recommendation", .string, .required)
            .field("recommended_care", .string, .required)
            .field("assessor_id", .uuid, .required).field("assessor", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(ChildBIDRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("bia_id", .uuid, .required, .references(ChildBIARecord.schema, .id))
            .field("decided_on", .string, .required)
            .field("solution", .string, .required)
            .field("rationale", .string, .required)
            .field("panel", .string, .required)
            .field("confirmed_by", .string).field("confirmed_on", .string)
            .field("recorded_by_id", .uuid, .required).field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(ChildCareRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("care_type", .string, .required)
            .field("caregiver", .string, .required)
            .field("started_on", .string, .required).field("ended_on", .string)
            .field("notes", .string)
            .field("recorded_by_id", .uuid, .required).field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
        try await database.schema(ChildGuardianRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("organisation", .string)
            .field("appointed_on", .string, .required).field("ended_on", .string)
            .field("recorded_by_id", .uuid, .required).field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(TracingRequestRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("sought_name_original", .string).field("sought_name_latin", .string)
            .field("sought_sex", .string, .required)
            .field("sought_birth_year", .int)
            .field("relationship", .string, .required)
            .field("last_known_place", .string).field("last_seen_on", .string).field("notes", .string)
            .field("status", .string, .required)
            .field("opened_on", .string, .required).field("closed_on", .string).field("closed_reason", .string)
            .field("recorded_by_id", .uuid, .required).field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(TracingMatchRecord.schema)
            .id()
            .field("request_id", .uuid, .required, .references(TracingRequestRecord.schema, .id))
            .field("matched_person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("matched_request_id", .uuid, .references(TracingRequestRecord.schema, .id))
            .field("score", .double, .required)
            .field("reasons", .string, .required)
            .field("status", .string, .required)
            .field("method", .string).field("verified_on", .string)
            .field("seeker_wishes", .bool).field("sought_wishes", .bool)
            .field("notes", .string).field("decided_by", .string)
            .field("proposed_by", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("version", .int, .required)
            .unique(on: "request_id", "matched_person_id")
            .create()
        try await database.schema(ReunificationRecord.schema)
            .id()
            .field("request_id", .uuid, .required, .references(TracingRequestRecord.schema, .id))
            .field("match_id", .uuid, .required, .references(TracingMatchRecord.schema, .id))
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("related_person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("reunified_on", .string, .required)
            .field("place", .string, .required)
            .field("notes", .string)
            .field("recorded_by_id", .uuid, .required).field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "request_id")
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        for schema in [ReunificationRecord.schema, TracingMatchRecord.schema, TracingRequestRecord.schema, ChildGuardianRecord.schema,
                       ChildCareRecord.schema, ChildBIDRecord.schema, ChildBIARecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}
