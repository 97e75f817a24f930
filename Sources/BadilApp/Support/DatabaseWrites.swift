import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import BadilCore

extension Database {
    /// Runs `body` in one transaction, retrying the whole transaction when the engine reports a
    /// transient conflict (SQLite busy/locked, PostgreSQL serialization failure or deadlock).
    func writeTransaction<T: Sendable>(attempts: Int = 8, _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await self.transaction { db in try await body(db) }
            } catch where attempt < attempts && Self.isTransient(error) {
                try await Task.sleep(nanoseconds: UInt64(Int.random(in: 2...20) * attempt) * 1_000_000)
            }
        }
    }

    static func isTransient(_ error: any Error) -> Bool {
        if let e = error as? SQLiteError {
            // busy, busyInSnapshot (a deferred transaction could not upgrade to write), busyRecovery, locked...
            let reason = String(describing: e.reason)
            return reason.hasPrefix("busy") || reason.hasPrefix("locked")
        }
        if let e = error as? PSQLError, let code = e.serverInfo?[.sqlState] {
            return code == "40001" || code == "40P01"
        }
        return false
    }

    var sql: any SQLDatabase { self as! any SQLDatabase }

    /// Raises the version of one row atomically and returns the new version. With `.version(n)` only a row
    /// still at `n` is changed: `.staleVersion` when another writer got there first, `.notFound` when the row is gone.
    @discardableResult
    func bumpVersion(table: String, id: UUID, expected: ExpectedVersion) async throws -> Int {
        var update = sql.update(table)
            .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, id)
        if case .version(let n) = expected { update = update.where("version", .equal, n) }
        if let row = try await update.returning("version").first(decoding: VersionRow.self) { return row.version }
        let current = try await sql.select().column("version").from(table).where("id", .equal, id).first(decoding: VersionRow.self)
        guard let current else { throw DomainError.notFound }
        throw DomainError.staleVersion(current: current.version)
    }
}

private struct VersionRow: Decodable { let version: Int }

/// The version a client last read: a number, or `*` (RFC 9110: any current version).
enum ExpectedVersion: Sendable, Equatable {
    case any
    case version(Int)
}
