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
    /// The in-memory blocking index; without it (or inside a transaction, or while it is being built)
    /// the keys are read from the database.
    var index: MatchIndexStore? = nil

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
    static let maxPeoplePerKey = CandidateIndex.Limits().maxPerKey
    /// At most this many people are scored for one probe.
    static let maxBlock = CandidateIndex.Limits().maxBlock
    /// Below this many people from the pair keys, single-name keys are added.
    static let minBeforeSingles = CandidateIndex.Limits().minBeforeSingles

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
            guard let p = MatchIndexStore.person(sqlite: row) else { return nil }
            self.init(p)
        }

        init(_ p: CandidateIndex.Person) {
            self.init(id: p.id, case_number: p.caseNumber, name_original: p.names.original, name_latin: p.names.latin, sex: p.sex,
                      birth_year: p.birthYear, birth_year_estimated: p.birthYearEstimated, nationality: p.nationality)
        }

        var person: CandidateIndex.Person {
            CandidateIndex.Person(id: id, caseNumber: case_number, names: PersonNameForms(original: name_original, latin: name_latin),
                                  sex: sex, birthYear: birth_year, birthYearEstimated: birth_year_estimated, nationality: nationality)
        }

        var input: MatchCandidateInput { person.input }
    }

    /// Candidates for each probe, best first: the people worth scoring come from the in-memory index when it can
    /// be used, otherwise from the key table; each is scored with the rules of BadilCore.
    func candidates(for probes: [Probe], actor: Actor?) async throws -> [[DuplicateCandidate]] {
        guard !probes.isEmpty else { return [] }
        let clock = PhaseClock()
        let blocks: [[Row]]
        if let index, !db.inTransaction, try await index.refresh(on: db) {
            clock.mark("refresh")
            blocks = index.read { idx in
                probes.map { probe in
                    let reg = probe.registration
                    return idx.block(names: Self.forms(original: reg.nameOriginal, latin: reg.nameLatin), sex: reg.sex.rawValue,
                                     birthYear: AgeRules.birthYear(reg.age)?.year, excluding: probe.id).map(Row.init)
                }
            }
            clock.mark("block \(blocks.map(\.count))")
        } else {
            blocks = try await blocksFromDatabase(probes, clock: clock)
        }
        let scored = await Self.score(probes, blocks)
        clock.mark("scoring")
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

    /// Scores every probe against its block and keeps the best `maxCandidates` above the threshold. When there are
    /// many pairs they are split over the processor's cores (one registration with a common name, or a batch).
    static func score(_ probes: [Probe], _ blocks: [[Row]]) async -> [[(Row, MatchScore)]] {
        let mine = probes.map { DuplicateRules.prepare(input($0.registration)) }
        let pairs: [(Int, Row)] = blocks.enumerated().flatMap { i, block in block.map { (i, $0) } }
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, pairs.count / 100))
        var found: [(Int, Row, MatchScore)]
        if parts > 1 {
            let size = (pairs.count + parts - 1) / parts
            found = await withTaskGroup(of: [(Int, Row, MatchScore)].self) { group in
                for start in stride(from: 0, to: pairs.count, by: size) {
                    let slice = pairs[start..<min(start + size, pairs.count)]
                    group.addTask { scoreSerially(slice, mine) }
                }
                var all: [(Int, Row, MatchScore)] = []
                for await part in group { all += part }
                return all
            }
        } else {
            found = scoreSerially(pairs[...], mine)
        }
        var perProbe = Array(repeating: [(Row, MatchScore)](), count: probes.count)
        for (i, row, s) in found { perProbe[i].append((row, s)) }
        return perProbe.map { list in
            Array(list.sorted { ($0.1.score, $1.0.case_number) > ($1.1.score, $0.0.case_number) }.prefix(maxCandidates))
        }
    }

    /// Scores the pairs (probe number, stored person) one after the other; a person met twice is prepared once.
    private static func scoreSerially(_ pairs: ArraySlice<(Int, Row)>, _ mine: [PreparedCandidate]) -> [(Int, Row, MatchScore)] {
        var prepared: [UUID: PreparedCandidate] = [:]
        var found: [(Int, Row, MatchScore)] = []
        for (i, row) in pairs {
            let theirs: PreparedCandidate
            if let p = prepared[row.id] { theirs = p } else {
                let input = row.input
                theirs = DuplicateRules.prepare(input, name: PreparedNameCache.shared.prepared(input.names))
                prepared[row.id] = theirs
            }
            if let s = DuplicateRules.score(mine[i], theirs), s.isCandidate { found.append((i, row, s)) }
        }
        return found
    }

    /// The people to score, read from the key table: first how many people share each key, then the people behind
    /// the selective keys (the selection rules of `CandidateIndex`), then their rows.
    private func blocksFromDatabase(_ probes: [Probe], clock: PhaseClock) async throws -> [[Row]] {
        let keysPerProbe = probes.map { Self.blockingKeys(original: $0.registration.nameOriginal, latin: $0.registration.nameLatin) }
        let allKeys = Array(Set(keysPerProbe.flatMap { $0 }))
        struct Count: Decodable { let key: String; let n: Int }
        var counts: [String: Int] = [:]
        for chunk in PersonWrites.chunks(allKeys, size: 500) {
            for c in try await db.sql.select().column("key").column("n").from("name_key_counts").where("key", .in, Array(chunk)).all(decoding: Count.self) {
                counts[c.key] = c.n
            }
        }
        clock.mark("keys+counts")
        // Per probe, most selective keys first, narrowed in the index itself by sex and a birth-year
        // window (the rules exclude anyone outside it): pair keys, then single keys if few were found.
        var blockPerProbe: [[UUID]] = []
        for (i, keys) in keysPerProbe.enumerated() {
            let reg = probes[i].registration
            let year = AgeRules.birthYear(reg.age)?.year
            let ordered = keys.filter { (counts[$0] ?? 0) > 0 }.sorted { (counts[$0]!, $0) < (counts[$1]!, $1) }
            var block: [UUID] = []
            var seen = Set<UUID>()
            // A key shared by too many people of this sex and age says little; use it only if nothing else was found.
            func take(_ ids: [UUID]) {
                if ids.count > Self.maxPeoplePerKey && !block.isEmpty { return }
                for id in ids.prefix(Self.maxPeoplePerKey) where seen.insert(id).inserted { block.append(id) }
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
            if let own = probes[i].id { block.removeAll { $0 == own } }
            blockPerProbe.append(block)
        }
        clock.mark("lookup \(blockPerProbe.map(\.count))")
        var rows: [UUID: Row] = [:]
        for chunk in PersonWrites.chunks(Array(Set(blockPerProbe.flatMap { $0 })), size: 500) {
            let query: SQLQueryString = """
                SELECT id, case_number, name_original, name_latin, sex, birth_year, birth_year_estimated, nationality
                FROM persons WHERE id IN (\(binds: Array(chunk))) AND merged_into_id IS NULL
                """
            let found: [Row]
            if let lite = try await SQLiteDirect.rows(query, on: db) { found = lite.compactMap(Row.init(sqlite:)) } else { found = try await db.sql.raw(query).all(decoding: Row.self) }
            for r in found { rows[r.id] = r }
        }
        clock.mark("rows \(rows.count)")
        return blockPerProbe.map { $0.compactMap { rows[$0] } }
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
        if let lite = try await SQLiteDirect.rows(query, on: db) {
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

    /// Birth years further apart than this are excluded by the rules (tolerance 2 + 3 years of penalty).
    static let yearWindow = CandidateIndex.Limits().yearWindow

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
