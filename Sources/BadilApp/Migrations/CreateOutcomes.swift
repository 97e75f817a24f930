import Fluent

/// Tables of outcomes and closure (issue 6): return pathways and their steps, outcome referrals, closure history.
struct CreateOutcomes: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_return_pathways_person", "return_pathways", "person_id, status"),
        ("idx_return_steps_pathway", "return_steps", "pathway_id, position"),
        ("idx_return_steps_waiting", "return_steps", "step, status"),
        ("idx_outcome_referrals_person", "outcome_referrals", "person_id, referred_on"),
        ("idx_case_closure_events_person", "case_closure_events", "person_id, seq"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(ReturnPathwayRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("status", .string, .required)
            .field("started_on", .string, .required)
            .field("started_by_id", .uuid, .required)
            .field("started_by", .string, .required)
            .field("override_reason", .string)
            .field("withdrawn_on", .string)
            .field("withdraw_reason", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(ReturnStepRecord.schema)
            .id()
            .field("pathway_id", .uuid, .required, .references(ReturnPathwayRecord.schema, .id))
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("step", .string, .required)
            .field("position", .int, .required)
            .field("status", .string, .required)
            .field("status_on", .string)
            .field("note", .string)
            .field("updated_by", .string)
            .field("source", .string)
            .field("updated_at", .datetime, .required)
            .unique(on: "pathway_id", "step")
            .create()
        try await database.schema(OutcomeReferralRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("kind", .string, .required)
            .field("other_text", .string)
            .field("organization", .string)
            .field("status", .string, .required)
            .field("referred_on", .string, .required)
            .field("status_on", .string, .required)
            .field("note", .string)
            .field("created_by_id", .uuid, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema(CaseClosureEventRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("seq", .int, .required)
            .field("action", .string, .required)
            .field("reason", .string)
            .field("reason_text", .string)
            .field("override_reason", .string)
            .field("open_tasks", .int, .required)
            .field("actor_id", .uuid, .required)
            .field("actor", .string, .required)
            .field("on_day", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "person_id", "seq")
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        try await database.schema(CaseClosureEventRecord.schema).delete()
        try await database.schema(OutcomeReferralRecord.schema).delete()
        try await database.schema(ReturnStepRecord.schema).delete()
        try await database.schema(ReturnPathwayRecord.schema).delete()
    }
}
