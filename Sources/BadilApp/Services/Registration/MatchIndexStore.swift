import Fluent
import Foundation
import Logging
import SQLKit
import FluentSQLiteDriver
import Synchronization
import BadilCore

/// The process's in-memory blocking index for duplicate candidates (`CandidateIndex`), kept in step with the
/// database through `match_changes`: a trigger on `persons` logs every insert, deletion and change of a
/// matched field (names, sex, birth year, nationality, case number, merge), whoever makes it — this process,
/// another instance, a command-line load. Before each use the index reads the log entries it has not seen
/// and the current rows behind them, so a search always sees every registration committed before it began.
///
/// Log entries are numbered by the database. On PostgreSQL a number can become visible after a higher one
/// (transactions commit in another order than they drew numbers), so a missing number is looked for again on
/// later reads (`ChangeLogCursor`).
final class MatchIndexStore: Sendable {
    private struct State: Sendable {
        var index = CandidateIndex()
        var built = false
        var cursor = ChangeLogCursor()
    }

    private let state = Mutex(State())
    private let gate = AsyncGate()
    static let pageSize = 5_000
    static let buildPage = 20_000

    /// Brings the index up to date with every change committed before the call. The first caller builds it (a server
    /// starts building at boot, `warmUp`); others wait for the build. Inside a transaction the log is not read (the
    /// transaction's own uncommitted rows must not enter the index): the index is used as it stands.
    func refresh(on db: any Database) async throws {
        if db.inTransaction && state.withLock({ $0.built }) { return }
        await gate.enter()
        do {
            try await update(on: db)
        } catch {
            await gate.leave()
            throw error
        }
        await gate.leave()
    }

    /// Builds the index when a server starts, so that the first registrations do not wait for it.
    func warmUp(on db: any Database, logger: Logger) async {
        let started = Date()
        do {
            let built = state.withLock { $0.built }
            try await refresh(on: db)
            if !built {
                let n = state.withLock { $0.index.liveCount }
                logger.info("duplicate index ready: \(n) people in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
            }
        } catch {
            logger.error("duplicate index not built yet (it is built on first use): \(String(reflecting: type(of: error)))")
        }
    }

    /// Reads the index under its lock (keep `body` short: blocking and copying, not scoring).
    func read<T: Sendable>(_ body: (borrowing CandidateIndex) -> T) -> T {
        state.withLock { body($0.index) }
    }

    private func update(on db: any Database) async throws {
        if !state.withLock({ $0.built }) { try await build(on: db) }
        try await catchUp(on: db)
    }

    // MARK: Building

    private func build(on db: any Database) async throws {
        // The log position first, then the people: a change after this position is read again by the catch-up.
        // On PostgreSQL, numbers just below it may belong to transactions not yet committed: look at them again.
        let top = try await Self.logTop(on: db)
        let margin: Int64 = db is any SQLiteDatabase ? 0 : 1_000
        var index = CandidateIndex()
        var after: UUID?
        while true {
            let page = try await Self.people(after: after, limit: Self.buildPage, on: db)
            guard let last = page.last else { break }
            let entries = await Self.entries(page)
            for e in entries { index.upsert(e) }
            after = last.id
            if page.count < Self.buildPage { break }
        }
        let built = index
        state.withLock { s in
            s.index = built
            s.built = true
            s.cursor = ChangeLogCursor(last: top - margin)
        }
    }

    /// The number of the latest change in the log (0 when empty).
    private static func logTop(on db: any Database) async throws -> Int64 {
        struct Top: Decodable { let top: Int64? }
        return try await db.sql.raw("SELECT MAX(seq) AS top FROM match_changes").first(decoding: Top.self)?.top ?? 0
    }

    /// Blocking keys for many people, on every core.
    private static func entries(_ people: [CandidateIndex.Person]) async -> [CandidateIndex.Entry] {
        let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, people.count / 500))
        guard parts > 1 else { return people.map(CandidateIndex.Entry.init) }
        let chunks = PersonWrites.chunks(people, size: (people.count + parts - 1) / parts)
        return await withTaskGroup(of: (Int, [CandidateIndex.Entry]).self) { group in
            for (i, chunk) in chunks.enumerated() { group.addTask { (i, chunk.map(CandidateIndex.Entry.init)) } }
            var done = Array(repeating: [CandidateIndex.Entry](), count: chunks.count)
            for await (i, part) in group { done[i] = part }
            return done.flatMap { $0 }
        }
    }

    private static let personColumns = "p.id, p.case_number, p.name_original, p.name_latin, p.sex, p.birth_year, p.birth_year_estimated, p.nationality"

    /// Live (not merged) people in id order, a page at a time.
    private static func people(after: UUID?, limit: Int, on db: any Database) async throws -> [CandidateIndex.Person] {
        let query: SQLQueryString
        if let after {
            query = "SELECT \(unsafeRaw: personColumns) FROM persons p WHERE p.merged_into_id IS NULL AND p.id > \(bind: after) ORDER BY p.id LIMIT \(literal: limit)"
        } else {
            query = "SELECT \(unsafeRaw: personColumns) FROM persons p WHERE p.merged_into_id IS NULL ORDER BY p.id LIMIT \(literal: limit)"
        }
        if let rows = try await SQLiteDirect.rows(query, on: db) { return rows.compactMap { person(sqlite: $0) } }
        return try await db.sql.raw(query).all(decoding: PersonRow.self).map(\.person)
    }

    // MARK: Catching up

    private struct Change {
        let seq: Int64
        let personID: UUID
        let person: CandidateIndex.Person?
    }

    private func catchUp(on db: any Database) async throws {
        while true {
            let (last, gaps) = state.withLock { ($0.cursor.last, $0.cursor.pendingGaps()) }
            // Nearly always nothing has changed: a query PostgreSQL plans in microseconds says so (the join
            // below takes it about a millisecond just to plan).
            if gaps.isEmpty {
                if try await Self.logTop(on: db) <= last { return }
            }
            var changes = try await Self.changes("c.seq > \(bind: last) ORDER BY c.seq LIMIT \(literal: Self.pageSize)", on: db)
            let full = changes.count == Self.pageSize
            if !gaps.isEmpty { changes += try await Self.changes("c.seq IN (\(binds: gaps))", on: db) }
            state.withLock { s in
                for c in changes.sorted(by: { $0.seq < $1.seq }) {
                    if let p = c.person { s.index.upsert(p) } else { s.index.remove(c.personID) }
                }
                s.cursor.advance(seen: changes.map(\.seq), now: Date())
            }
            if !full { return }
        }
    }

    /// Log entries matching the condition, each with the person's current row (nil when deleted or merged).
    private static func changes(_ condition: SQLQueryString, on db: any Database) async throws -> [Change] {
        let query: SQLQueryString = """
            SELECT c.seq AS seq, c.person_id AS changed_id, \(unsafeRaw: personColumns)
            FROM match_changes c LEFT JOIN persons p ON p.id = c.person_id AND p.merged_into_id IS NULL WHERE
            """ + " " + condition
        if let rows = try await SQLiteDirect.rows(query, on: db) {
            return rows.compactMap { row in
                guard let seq = row.column("seq")?.integer, let id = row.column("changed_id")?.string.flatMap(UUID.init(uuidString:)) else { return nil }
                return Change(seq: Int64(seq), personID: id, person: person(sqlite: row))
            }
        }
        return try await db.sql.raw(query).all().map { row in
            let person = try row.decodeNil(column: "id") ? nil : try row.decode(model: PersonRow.self).person
            return Change(seq: try row.decode(column: "seq", as: Int64.self), personID: try row.decode(column: "changed_id", as: UUID.self),
                          person: person)
        }
    }

    /// A person's row as SQLKit decodes it (PostgreSQL).
    private struct PersonRow: Decodable {
        let id: UUID
        let case_number: String
        let name_original: String?
        let name_latin: String?
        let sex: String
        let birth_year: Int?
        let birth_year_estimated: Bool
        let nationality: String

        var person: CandidateIndex.Person {
            CandidateIndex.Person(id: id, caseNumber: case_number, names: PersonNameForms(original: name_original, latin: name_latin),
                                  sex: sex, birthYear: birth_year, birthYearEstimated: birth_year_estimated, nationality: nationality)
        }
    }

    /// A person from a row read straight from SQLite (ids are text there, booleans integers); nil when absent.
    private static func person(sqlite row: SQLiteRow) -> CandidateIndex.Person? {
        guard let id = row.column("id")?.string.flatMap(UUID.init(uuidString:)), let number = row.column("case_number")?.string,
              let sex = row.column("sex")?.string, let nationality = row.column("nationality")?.string else { return nil }
        func text(_ name: String) -> String? { if case .text(let s) = row.column(name) { return s }; return nil }
        var year: Int?
        if case .integer(let y) = row.column("birth_year") { year = Int(y) }
        return CandidateIndex.Person(id: id, caseNumber: number, names: PersonNameForms(original: text("name_original"), latin: text("name_latin")),
                                     sex: sex, birthYear: year, birthYearEstimated: (row.column("birth_year_estimated")?.integer ?? 0) != 0,
                                     nationality: nationality)
    }
}

/// On SQLite, runs a query straight through SQLiteNIO and hands back its rows: the candidate search reads many
/// small rows, and decoding each through `Codable` costs more than the read itself. Nil on other engines.
enum SQLiteDirect {
    static func rows(_ query: SQLQueryString, on db: any Database) async throws -> [SQLiteRow]? {
        guard let lite = db as? any SQLiteDatabase else { return nil }
        var serializer = SQLSerializer(database: db.sql)
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        return try await lite.query(serializer.sql, binds)
    }
}

/// One caller at a time through an asynchronous section (an actor alone would let callers interleave at
/// every `await`).
actor AsyncGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
