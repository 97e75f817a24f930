import Fluent
import Dispatch
import Foundation
import SQLKit
import FluentSQLiteDriver
import BadilCore

/// A probable earlier registration of the same person. Details are filled only when the record is in the
/// user's scope; otherwise the user learns that a match exists, and the pair waits for someone who may see it.
struct DuplicateCandidate: Sendable {
    let personID: UUID
    let score: Double
    let reasons: [MatchReason]
    let visible: Bool
    let caseNumber: String?
    let name: String?
    let nationality: String?
    let birthYear: Int?
    let sex: String?
}

/// Finds probable duplicates with the matching rules of BadilCore: blocking keys select a few hundred
/// records by index, then every one of them is scored.
struct DuplicateFinder {
    let db: any Database

    struct Probe: Sendable {
        let id: UUID?
        let registration: Registration
    }

    static let maxCandidates = 10

    static func forms(original: String?, latin: String?) -> PersonNameForms {
        PersonNameForms(original: original, latin: latin)
    }

    static func blockingKeys(original: String?, latin: String?) -> Set<String> {
        DuplicateRules.blockingKeys(forms(original: original, latin: latin))
    }

    /// Keys for name search: "s:" and the consonant skeleton of every name, in either script
    /// (common names included), so "Yusuf", "Youssef" and يوسف all find the same people.
    static func searchKeys(_ text: String?) -> Set<String> {
        guard let text else { return [] }
        return Set(NameNormalizer.consonantKey(text).split(separator: " ").filter { !$0.isEmpty }.map { "s:" + $0 })
    }

    /// Every key stored for a person: blocking keys for duplicates and search keys.
    static func storedKeys(original: String?, latin: String?) -> Set<String> {
        blockingKeys(original: original, latin: latin).union(searchKeys(original)).union(searchKeys(latin))
    }

    /// A searchable Latin key for the whole name (any script in, folded ASCII out).
    static func displayKey(_ reg: Registration) -> String {
        NameNormalizer.latinKey([reg.nameLatin, reg.nameOriginal].compactMap { $0 }.joined(separator: " "))
    }

    static func input(_ reg: Registration) -> MatchCandidateInput {
        let by = AgeRules.birthYear(reg.age)
        return MatchCandidateInput(names: forms(original: reg.nameOriginal, latin: reg.nameLatin), sex: reg.sex.rawValue,
                                   birthYear: by?.year, birthYearEstimated: by?.estimated ?? true, nationality: reg.nationality)
    }

    static func input(_ p: PersonRecord) -> MatchCandidateInput {
        MatchCandidateInput(names: forms(original: p.nameOriginal, latin: p.nameLatin), sex: p.sex, birthYear: p.birthYear,
                            birthYearEstimated: p.birthYearEstimated, nationality: p.nationality)
    }

    /// A key shared by more people than this is not selective enough to look up (a common name alone).
    static let maxPeoplePerKey = 300
    /// At most this many people are scored for one probe.
    static let maxBlock = 800
    /// Below this many people from the pair keys, single-name keys are added.
    static let minBeforeSingles = 50

    /// What scoring needs of a stored person, read without building full models.
    struct Row: Decodable, Sendable {
        let id: UUID
        let case_number: String
        let name_original: String?
        let name_latin: String?
        let sex: String
        let birth_year: Int?
        let birth_year_estimated: Bool
        let nationality: String

        init(id: UUID, case_number: String, name_original: String?, name_latin: String?, sex: String, birth_year: Int?,
             birth_year_estimated: Bool, nationality: String) {
            self.id = id; self.case_number = case_number; self.name_original = name_original; self.name_latin = name_latin
            self.sex = sex; self.birth_year = birth_year; self.birth_year_estimated = birth_year_estimated; self.nationality = nationality
        }

        /// From a row read straight from SQLite (ids are stored as text there, booleans as integers).
        init?(sqlite row: SQLiteRow) {
            guard let id = row.column("id")?.string.flatMap(UUID.init(uuidString:)), let number = row.column("case_number")?.string,
                  let sex = row.column("sex")?.string, let nationality = row.column("nationality")?.string else { return nil }
            func text(_ name: String) -> String? { if case .text(let s) = row.column(name) { return s }; return nil }
            var year: Int?
            if case .integer(let y) = row.column("birth_year") { year = Int(y) }
            self.init(id: id, case_number: number, name_original: text("name_original"), name_latin: text("name_latin"), sex: sex,
                      birth_year: year, birth_year_estimated: (row.column("birth_year_estimated")?.integer ?? 0) != 0, nationality: nationality)
        }

        var input: MatchCandidateInput {
            MatchCandidateInput(names: PersonNameForms(original: name_original, latin: name_latin), sex: sex, birthYear: birth_year,
                                birthYearEstimated: birth_year_estimated, nationality: nationality)
        }
    }

    /// Candidates for each probe, best first. Keys are looked up for the whole batch at once:
    /// first how many people share each key, then the people behind the selective keys.
    func candidates(for probes: [Probe], actor: Actor?) async throws -> [[DuplicateCandidate]] {
        guard !probes.isEmpty else { return [] }
        let trace = ProcessInfo.processInfo.environment["BADIL_TRACE_CANDIDATES"] != nil
        var t0 = DispatchTime.now().uptimeNanoseconds
        func mark(_ what: String) {
            guard trace else { return }
            let t = DispatchTime.now().uptimeNanoseconds
            print("  \(what): \(Double(t - t0) / 1e6) ms")
            t0 = t
        }
        let keysPerProbe = probes.map { Self.blockingKeys(original: $0.registration.nameOriginal, latin: $0.registration.nameLatin) }
        let allKeys = Array(Set(keysPerProbe.flatMap { $0 }))
        struct Count: Decodable { let key: String; let n: Int }
        var counts: [String: Int] = [:]
        for chunk in PersonWrites.chunks(allKeys, size: 500) {
            for c in try await db.sql.select().column("key").column("n").from("name_key_counts").where("key", .in, Array(chunk)).all(decoding: Count.self) {
                counts[c.key] = c.n
            }
        }
        mark("keys+counts")
        // Per probe, most selective keys first, narrowed in the index itself by sex and a birth-year
        // window (the rules exclude anyone outside it): pair keys, then single keys if few were found.
        var blockPerProbe: [Set<UUID>] = []
        for (i, keys) in keysPerProbe.enumerated() {
            let reg = probes[i].registration
            let year = AgeRules.birthYear(reg.age)?.year
            let ordered = keys.filter { (counts[$0] ?? 0) > 0 }.sorted { (counts[$0]!, $0) < (counts[$1]!, $1) }
            var block = Set<UUID>()
            // A key shared by too many people of this sex and age says little; use it only if nothing else was found.
            func take(_ ids: [UUID]) {
                if ids.count > Self.maxPeoplePerKey && !block.isEmpty { return }
                block.formUnion(ids.prefix(Self.maxPeoplePerKey))
            }
            for pass in [true, false] {
                if !pass && block.count >= Self.minBeforeSingles { break }
                let passKeys = ordered.filter { $0.contains("|") == pass }
                if probes.count > 1 {
                    // A batch: one statement per pass (fewer round trips).
                    for ids in try await lookup(passKeys, year: year, sex: reg.sex) where block.count < Self.maxBlock { take(ids) }
                } else {
                    // One person: key by key, stopping as soon as the block is full (quicker for one probe).
                    for key in passKeys where block.count < Self.maxBlock { take(try await lookup([key], year: year, sex: reg.sex)[0]) }
                }
            }
            if let own = probes[i].id { block.remove(own) }
            blockPerProbe.append(block)
        }
        mark("lookup \(blockPerProbe.map(\.count))")
        var rows: [UUID: Row] = [:]
        for chunk in PersonWrites.chunks(Array(Set(blockPerProbe.flatMap { $0 })), size: 500) {
            let query: SQLQueryString = """
                SELECT id, case_number, name_original, name_latin, sex, birth_year, birth_year_estimated, nationality
                FROM persons WHERE id IN (\(binds: Array(chunk))) AND merged_into_id IS NULL
                """
            let found: [Row]
            if let lite = try await sqliteRows(query) { found = lite.compactMap(Row.init(sqlite:)) } else { found = try await db.sql.raw(query).all(decoding: Row.self) }
            for r in found { rows[r.id] = r }
        }
        mark("rows \(rows.count)")
        var prepared: [UUID: PreparedCandidate] = [:]
        var scored: [[(Row, MatchScore)]] = []
        for (i, probe) in probes.enumerated() {
            let mine = DuplicateRules.prepare(Self.input(probe.registration))
            var found: [(Row, MatchScore)] = []
            for id in blockPerProbe[i] {
                guard let row = rows[id] else { continue }
                let theirs: PreparedCandidate
                if let p = prepared[id] { theirs = p } else {
                    let input = row.input
                    theirs = DuplicateRules.prepare(input, name: PreparedNameCache.shared.prepared(input.names))
                    prepared[id] = theirs
                }
                if let s = DuplicateRules.score(mine, theirs), s.isCandidate { found.append((row, s)) }
            }
            scored.append(Array(found.sorted { ($0.1.score, $1.0.case_number) > ($1.1.score, $0.0.case_number) }.prefix(Self.maxCandidates)))
        }
        mark("scoring")
        // Details only for records the user may see; the others are disclosed as "a match exists".
        let candidateIDs = Array(Set(scored.flatMap { $0.map(\.0.id) }))
        let visible: Set<UUID>
        if let actor { visible = try await RecordScopes.visiblePersonIDs(candidateIDs, actor, on: db) } else { visible = Set(candidateIDs) }
        return scored.map { list in
            list.map { row, s in
                let show = visible.contains(row.id)
                return DuplicateCandidate(personID: row.id, score: s.score, reasons: s.reasons, visible: show,
                                          caseNumber: show ? row.case_number : nil, name: show ? (row.name_latin ?? row.name_original) : nil,
                                          nationality: show ? row.nationality : nil, birthYear: show ? row.birth_year : nil, sex: show ? row.sex : nil)
            }
        }
    }

    /// People sharing each key whose sex and birth year do not rule them out, read from the covering index:
    /// one statement for all the keys (a limited sub-select per key), results in the order of `keys`.
    private func lookup(_ keys: [String], year: Int?, sex: Sex) async throws -> [[UUID]] {
        guard !keys.isEmpty else { return [] }
        let limit = Self.maxPeoplePerKey + 1
        let sexes = sex == .unknown ? Sex.allCases.map(\.rawValue) : [sex.rawValue, Sex.unknown.rawValue]
        let parts: [SQLQueryString] = keys.enumerated().map { i, key in
            let inner: SQLQueryString
            if let year {
                let lo = year - DuplicateFinder.yearWindow, hi = year + DuplicateFinder.yearWindow
                inner = """
                    SELECT person_id FROM person_name_keys WHERE key = \(bind: key) AND birth_year BETWEEN \(bind: lo) AND \(bind: hi) AND sex IN (\(binds: sexes))
                    UNION ALL SELECT person_id FROM person_name_keys WHERE key = \(bind: key) AND birth_year IS NULL AND sex IN (\(binds: sexes))
                    LIMIT \(literal: limit)
                    """
            } else {
                inner = "SELECT person_id FROM person_name_keys WHERE key = \(bind: key) AND sex IN (\(binds: sexes)) LIMIT \(literal: limit)"
            }
            return "SELECT \(literal: i) AS k, person_id FROM (" + inner + ") AS t\(unsafeRaw: String(i))"
        }
        struct Hit: Decodable { let k: Int; let person_id: UUID }
        var found = Array(repeating: [UUID](), count: keys.count)
        let query = parts.joined(separator: " UNION ALL ")
        if let lite = try await sqliteRows(query) {
            for row in lite {
                guard let k = row.column("k")?.integer, let id = row.column("person_id")?.string.flatMap(UUID.init(uuidString:)),
                      found.indices.contains(k) else { continue }
                found[k].append(id)
            }
            return found
        }
        for hit in try await db.sql.raw(query).all(decoding: Hit.self) {
            found[hit.k].append(hit.person_id)
        }
        return found
    }

    /// On SQLite, runs the query straight through SQLiteNIO and hands back its rows: candidate searches read a few
    /// hundred small rows, and decoding them through `Codable` cost more than the reads themselves. Nil elsewhere.
    private func sqliteRows(_ query: SQLQueryString) async throws -> [SQLiteRow]? {
        guard let lite = db as? any SQLiteDatabase else { return nil }
        var serializer = SQLSerializer(database: db.sql)
        query.serialize(to: &serializer)
        let encoder = SQLiteDataEncoder()
        let binds = try serializer.binds.map { try encoder.encode($0) }
        return try await lite.query(serializer.sql, binds)
    }

    /// Birth years further apart than this are excluded by the rules (tolerance 2 + 3 years of penalty).
    static let yearWindow = 5

    /// Records proposed pairs (a, b ordered, never twice; a pair once judged different stays so).
    func propose(_ found: [(UUID, [DuplicateCandidate])], source: String, at now: Date) async throws {
        var rows: [(UUID, UUID, Double, String)] = []
        var seen = Set<String>()
        for (id, candidates) in found {
            for c in candidates {
                let (a, b) = id.uuidString < c.personID.uuidString ? (id, c.personID) : (c.personID, id)
                guard seen.insert("\(a)|\(b)").inserted else { continue }
                rows.append((a, b, c.score, ReasonCoding.encode(c.reasons)))
            }
        }
        guard !rows.isEmpty else { return }
        let pending = rows
        try await db.writeTransaction { db in
            for chunk in PersonWrites.chunks(pending, size: 300) {
                let insert = db.sql.insert(into: DuplicatePairRecord.schema)
                    .columns("id", "person_a_id", "person_b_id", "score", "reasons", "status", "source", "proposed_at", "version")
                for (a, b, score, reasons) in chunk {
                    _ = insert.values(SQLBind(UUID()), SQLBind(a), SQLBind(b), SQLBind(score), SQLBind(reasons), SQLBind("proposed"),
                                      SQLBind(source), SQLBind(now), SQLBind(1))
                }
                try await insert.ignoringConflicts(with: ["person_a_id", "person_b_id"]).run()
            }
        }
    }
}

/// Reasons are stored as JSON (code and parameters) so the queue can explain a pair in any language later.
enum ReasonCoding {
    struct Stored: Codable { let code: String; let params: [String: String] }

    static func encode(_ reasons: [MatchReason]) -> String {
        let stored = reasons.map { Stored(code: $0.code, params: $0.params) }
        return (try? String(data: JSONEncoder().encode(stored), encoding: .utf8)) ?? "[]"
    }

    static func decode(_ text: String) -> [Stored] {
        (try? JSONDecoder().decode([Stored].self, from: Data(text.utf8))) ?? []
    }
}
