import Fluent
import SQLKit

/// Screenings, CAP decisions, their reviews and check-ins (issue: screening and decisions).
struct CreateScreeningAndDecisions: AsyncMigration {
    static let indexes: [PlainIndexes.Index] = [
        ("idx_screenings_person", "screenings", "person_id, status"),
        ("idx_decisions_person", "decisions", "person_id, status"),
        ("idx_decisions_status", "decisions", "status, outcome, review_date"),
        ("idx_decision_reviews_decision", "decision_reviews", "decision_id"),
        ("idx_check_ins_decision", "check_ins", "decision_id, date"),
    ]

    func prepare(on database: any Database) async throws {
        try await database.schema(ScreeningRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("instrument_id", .string, .required)
            .field("instrument_version", .int, .required)
            .field("status", .string, .required)
            .field("answers", .string, .required)
            .field("sections", .string, .required)
            .field("manual_indicators", .string, .required)
            .field("indicators", .string, .required)
            .field("suggested_level", .string)
            .field("intervention_level", .string)
            .field("level_reason", .string)
            .field("referrals", .string, .required)
            .field("summary", .string)
            .field("conducted_by_id", .uuid, .required)
            .field("conducted_by", .string, .required)
            .field("organization_id", .uuid, .required)
            .field("completed_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(DecisionRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("status", .string, .required)
            .field("outcome", .string, .required)
            .field("content", .string, .required)
            .field("screening_id", .uuid, .references(ScreeningRecord.schema, .id))
            .field("review_date", .string)
            .field("proposed_by_id", .uuid, .required)
            .field("proposed_by", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("decided_by_id", .uuid)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("return_reason", .string)
            .field("superseded_by_id", .uuid)
            .field("organization_id", .uuid, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(DecisionReviewRecord.schema)
            .id()
            .field("decision_id", .uuid, .required, .references(DecisionRecord.schema, .id))
            .field("outcome", .string, .required)
            .field("justification", .string, .required)
            .field("next_review_date", .string)
            .field("reviewed_by_id", .uuid, .required)
            .field("reviewed_by", .string, .required)
            .field("reviewed_at", .datetime, .required)
            .create()
        try await database.schema(CheckInEntry.schema)
            .id()
            .field("decision_id", .uuid, .required, .references(DecisionRecord.schema, .id))
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id))
            .field("date", .string, .required)
            .field("kind", .string, .required)
            .field("note", .string)
            .field("recorded_by_id", .uuid, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "decision_id", "date")
            .create()
        try await PlainIndexes.create(Self.indexes, on: database)
    }

    func revert(on database: any Database) async throws {
        try await PlainIndexes.drop(Self.indexes, on: database)
        for table in [CheckInEntry.schema, DecisionReviewRecord.schema, DecisionRecord.schema, ScreeningRecord.schema] {
            try await database.schema(table).delete()
        }
    }
}
