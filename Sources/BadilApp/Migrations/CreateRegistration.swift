import Fluent
import SQLKit

struct CreateArrivalsAndPersons: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ArrivalRecord.schema)
            .id()
            .field("kind", .string, .required)
            .field("location_id", .uuid, .required, .references(LocationRecord.schema, .id))
            .field("occurred_at", .datetime, .required)
            .field("intercepting_unit", .string)
            .field("reported_count", .int)
            .field("office_code", .string, .required)
            .field("created_by_id", .uuid, .required)
            .field("organization_id", .uuid, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.schema(PersonRecord.schema)
            .id()
            .field("case_number", .string, .required)
            .field("arrival_id", .uuid, .required, .references(ArrivalRecord.schema, .id))
            .field("name_original", .string)
            .field("name_latin", .string)
            .field("name_key", .string, .required)
            .field("sex", .string, .required)
            .field("date_of_birth", .string)
            .field("dob_estimated", .bool, .required)
            .field("claimed_age", .int)
            .field("recorded_on", .string, .required)
            .field("assessed_age", .int)
            .field("assessment_method", .string)
            .field("assessed_on", .string)
            .field("age_disputed", .bool, .required)
            .field("child_until", .string, .required)
            .field("birth_year", .int)
            .field("birth_year_estimated", .bool, .required)
            .field("nationality", .string, .required)
            .field("languages", .string, .required)
            .field("urgent_needs", .string, .required)
            .field("care_override", .string)
            .field("care_status", .string, .required)
            .field("registered_by_id", .uuid, .required)
            .field("organization_id", .uuid, .required)
            .field("from_authority", .bool, .required)
            .field("team", .string)
            .field("merged_into_id", .uuid)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "case_number")
            .create()
        try await database.schema(PersonNameKeyRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("key", .string, .required)
            .field("sex", .string, .required)
            .field("birth_year", .int)
            .create()
        try await database.schema(PersonNameHistoryRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("name_original", .string)
            .field("name_latin", .string)
            .field("recorded_at", .datetime, .required)
            .field("recorded_by", .string, .required)
            .field("reason", .string, .required)
            .create()
        try await database.schema(PersonLinkRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("related_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("relationship", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "person_id", "related_id")
            .create()
        try await database.schema(StayRecord.schema)
            .id()
            .field("person_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("location_id", .uuid, .required, .references(LocationRecord.schema, .id))
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .field("reason", .string, .required)
            .field("created_by", .string, .required)
            .create()
        try await database.schema(CaseSequenceRecord.schema)
            .field("prefix", .string, .identifier(auto: false))
            .field("last_value", .int, .required)
            .create()
        try await database.schema(DuplicatePairRecord.schema)
            .id()
            .field("person_a_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("person_b_id", .uuid, .required, .references(PersonRecord.schema, .id, onDelete: .cascade))
            .field("score", .double, .required)
            .field("reasons", .string, .required)
            .field("status", .string, .required)
            .field("source", .string, .required)
            .field("proposed_at", .datetime, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("survivor_id", .uuid)
            .field("version", .int, .required)
            .unique(on: "person_a_id", "person_b_id")
            .create()
        try await database.schema(JobStateRecord.schema)
            .field("name", .string, .identifier(auto: false))
            .field("lease_until", .datetime)
            .field("holder", .string)
            .field("cursor", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [JobStateRecord.schema, DuplicatePairRecord.schema, CaseSequenceRecord.schema, StayRecord.schema,
                       PersonLinkRecord.schema, PersonNameHistoryRecord.schema, PersonNameKeyRecord.schema,
                       PersonRecord.schema, ArrivalRecord.schema] {
            try await database.schema(schema).delete()
        }
    }
}

struct CreateRegistrationIndexes: AsyncMigration {
    static let indexes: [(name: String, table: String, columns: String)] = [
        // Covering: candidate lookup reads only this index (key, then a birth-year window, sex, person).
        ("idx_name_keys_key", "person_name_keys", "key, birth_year, sex, person_id"),
        ("idx_name_keys_person", "person_name_keys", "person_id"),
        ("idx_persons_arrival", "persons", "arrival_id"),
        ("idx_persons_child", "persons", "child_until, care_status"),
        ("idx_persons_nationality", "persons", "nationality"),
        ("idx_persons_org", "persons", "organization_id, team"),
        ("idx_persons_registrar", "persons", "registered_by_id"),
        ("idx_persons_name_key", "persons", "name_key"),
        ("idx_stays_person", "stays", "person_id, ended_at"),
        ("idx_stays_location", "stays", "location_id, ended_at"),
        ("idx_links_related", "person_links", "related_id"),
        ("idx_pairs_status", "duplicate_pairs", "status"),
        ("idx_pairs_b", "duplicate_pairs", "person_b_id"),
        ("idx_arrivals_time", "arrivals", "occurred_at"),
    ]

    func prepare(on database: any Database) async throws {
        try await PlainIndexes.create(Self.indexes, on: database)
        guard let sql = database as? any SQLDatabase else { return }
        // Partial (same syntax on SQLite and PostgreSQL): almost no record is merged, and a full index on
        // a column that is NULL for nearly everyone would tempt the planner into scanning it.
        try await sql.raw("CREATE INDEX idx_persons_merged ON persons (merged_into_id) WHERE merged_into_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX idx_persons_merged").run()
        try await PlainIndexes.drop(Self.indexes, on: database)
    }
}
