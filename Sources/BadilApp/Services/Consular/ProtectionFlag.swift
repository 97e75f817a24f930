import Fluent
import FluentSQL
import SQLKit
import Foundation
import BadilCore

/// The protection/asylum flag stored on the person so the consular scope is a plain SQL filter.
/// It follows the latest completed screening (`ScreeningService.current`) and the rule in `ConsularRules`.
enum ProtectionFlag {
    /// Recomputes the flag; called in the transaction that completes a screening.
    static func refresh(personID: UUID, on db: any Database) async throws {
        let current = try await ScreeningService.current(personID: personID, on: db)
        let flagged = ConsularRules.protectionFlag(indicators: current?.indicatorList ?? [])
        try await db.sql.update(PersonRecord.schema)
            .set("protection_flag", to: SQLBind(flagged))
            .where("id", .equal, SQLBind(personID))
            .run()
    }

    static func isSet(personID: UUID, on db: any Database) async throws -> Bool {
        struct Row: Decodable { let protection_flag: Bool }
        return try await db.sql.select().column("protection_flag").from(PersonRecord.schema)
            .where("id", .equal, SQLBind(personID)).first(decoding: Row.self)?.protection_flag ?? false
    }
}
