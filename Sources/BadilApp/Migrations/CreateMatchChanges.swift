import Fluent
import SQLKit

/// The change log behind the in-memory duplicate index (`MatchIndexStore`): triggers on `persons` record every
/// insert, deletion and change of a field the matching reads, whichever code path or process makes it.
struct CreateMatchChanges: AsyncMigration {
    static let watched = "name_original, name_latin, sex, birth_year, birth_year_estimated, nationality, merged_into_id, case_number"

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("CREATE TABLE match_changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, person_id UUID NOT NULL)").run()
            try await sql.raw("""
                CREATE TRIGGER match_changes_insert AFTER INSERT ON persons
                BEGIN INSERT INTO match_changes (person_id) VALUES (NEW.id); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER match_changes_update AFTER UPDATE OF \(unsafeRaw: Self.watched) ON persons
                BEGIN INSERT INTO match_changes (person_id) VALUES (NEW.id); END
                """).run()
            try await sql.raw("""
                CREATE TRIGGER match_changes_delete AFTER DELETE ON persons
                BEGIN INSERT INTO match_changes (person_id) VALUES (OLD.id); END
                """).run()
        } else {
            try await sql.raw("CREATE TABLE match_changes (seq BIGSERIAL PRIMARY KEY, person_id UUID NOT NULL)").run()
            try await sql.raw("""
                CREATE FUNCTION badil_match_change() RETURNS trigger LANGUAGE plpgsql AS $body$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        INSERT INTO match_changes (person_id) VALUES (OLD.id);
                    ELSE
                        INSERT INTO match_changes (person_id) VALUES (NEW.id);
                    END IF;
                    RETURN NULL;
                END
                $body$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER match_changes_insert AFTER INSERT OR DELETE ON persons
                FOR EACH ROW EXECUTE FUNCTION badil_match_change()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER match_changes_update AFTER UPDATE OF \(unsafeRaw: Self.watched) ON persons
                FOR EACH ROW EXECUTE FUNCTION badil_match_change()
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            for trigger in ["match_changes_insert", "match_changes_update", "match_changes_delete"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
            }
        } else {
            for trigger in ["match_changes_insert", "match_changes_update"] {
                try await sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger) ON persons").run()
            }
            try await sql.raw("DROP FUNCTION IF EXISTS badil_match_change()").run()
        }
        try await sql.raw("DROP TABLE match_changes").run()
    }
}

/// Duplicate detection keeps its blocking keys in memory (`CandidateIndex`): `person_name_keys` keeps only the
/// search keys ("s:…"), and the per-key counts that guided lookups in the table are no longer needed.
struct MoveBlockingKeysToMemory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DELETE FROM person_name_keys WHERE key NOT LIKE 's:%'").run()
        try await database.schema("name_key_counts").delete()
    }

    func revert(on database: any Database) async throws {
        // The blocking keys are not written back: they are derived from the names, in memory.
        try await CreateNameKeyCounts().prepare(on: database)
    }
}
