import Fluent
import SQLKit

/// How many people share each name key: lets candidate search skip keys too common to be selective
/// (Mohamed alone) without counting index entries on every registration.
struct CreateNameKeyCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("name_key_counts")
            .field("key", .string, .identifier(auto: false))
            .field("n", .int, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("name_key_counts").delete()
    }
}
