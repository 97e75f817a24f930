import Fluent
import Foundation
import SQLKit
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
/// records in the in-memory index, then every one of them is scored.
struct DuplicateFinder {
    let db: any Database
    /// The in-memory blocking index (`MatchIndexStore`), brought up to date before each search.
    let index: MatchIndexStore

    struct Probe: Sendable {
        let id: UUID?
        let registration: Registration
    }

    static let maxCandidates = 10

    static func forms(original: String?, latin: String?) -> PersonNameForms {
        PersonNameForms(original: original, latin: latin)
    }

    /// Keys for name search: "s:" and the consonant skeleton of every name, in either script
    /// (common names included), so "Yusuf", "Youssef" and يوسف all find the same people.
    static func searchKeys(_ text: String?) -> Set<String> {
        guard let text else { return [] }
        return Set(NameNormalizer.consonantKey(text).split(separator: " ").filter { !$0.isEmpty }.map { "s:" + $0 })
    }

    /// Every key stored for a person in `person_name_keys`: the search keys of both names (duplicate detection
    /// keeps its blocking keys in memory, `CandidateIndex`).
    static func storedKeys(original: String?, latin: String?) -> Set<String> {
        searchKeys(original).union(searchKeys(latin))
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

    /// A stored person as scoring sees it (what the index holds).
    typealias Stored = CandidateIndex.Person

    /// Candidates for each probe, best first: the people worth scoring come from the in-memory index, and each is
    /// scored with the rules of BadilCore.
    func candidates(for probes: [Probe], actor: Actor?) async throws -> [[DuplicateCandidate]] {
        guard !probes.isEmpty else { return [] }
        let clock = PhaseClock()
        try await index.refresh(on: db)
        clock.mark("refresh")
        let blocks: [[Stored]] = index.read { idx in
            probes.map { probe in
                let reg = probe.registration
                return idx.block(names: Self.forms(original: reg.nameOriginal, latin: reg.nameLatin), sex: reg.sex.rawValue,
                                 birthYear: AgeRules.birthYear(reg.age)?.year, excluding: probe.id)
            }
        }
        clock.mark("block \(blocks.map(\.count))")
        let scored = await Self.score(probes, blocks)
        clock.mark("scoring")
        // Details only for records the user may see; the others are disclosed as "a match exists".
        let candidateIDs = Array(Set(scored.flatMap { $0.map(\.0.id) }))
        let visible: Set<UUID>
        if let actor { visible = try await RecordScopes.visiblePersonIDs(candidateIDs, actor, on: db) } else { visible = Set(candidateIDs) }
        return scored.map { list in
            list.map { p, s in
                let show = visible.contains(p.id)
                return DuplicateCandidate(personID: p.id, score: s.score, reasons: s.reasons, visible: show,
                                          caseNumber: show ? p.caseNumber : nil, name: show ? (p.names.latin ?? p.names.original) : nil,
                                          nationality: show ? p.nationality : nil, birthYear: show ? p.birthYear : nil, sex: show ? p.sex : nil)
            }
        }
    }

    /// Scores every probe against its block and keeps the best `maxCandidates` above the threshold. When there are
    /// many pairs they are split over the processor's cores (one registration with a common name, or a batch).
    static func score(_ probes: [Probe], _ blocks: [[Stored]]) async -> [[(Stored, MatchScore)]] {
        let mine = probes.map { DuplicateRules.prepare(input($0.registration)) }
        let pairs: [(Int, Stored)] = blocks.enumerated().flatMap { i, block in block.map { (i, $0) } }
        let parts = min(ProcessInfo.processInfo.activeProcessorCount, max(1, pairs.count / 100))
        var found: [(Int, Stored, MatchScore)]
        if parts > 1 {
            let size = (pairs.count + parts - 1) / parts
            found = await withTaskGroup(of: [(Int, Stored, MatchScore)].self) { group in
                for start in stride(from: 0, to: pairs.count, by: size) {
                    let slice = pairs[start..<min(start + size, pairs.count)]
                    group.addTask { scoreSerially(slice, mine) }
                }
                var all: [(Int, Stored, MatchScore)] = []
                for await part in group { all += part }
                return all
            }
        } else {
            found = scoreSerially(pairs[...], mine)
        }
        var perProbe = Array(repeating: [(Stored, MatchScore)](), count: probes.count)
        for (i, row, s) in found { perProbe[i].append((row, s)) }
        return perProbe.map { list in
            Array(list.sorted { ($0.1.score, $1.0.caseNumber) > ($1.1.score, $0.0.caseNumber) }.prefix(maxCandidates))
        }
    }

    /// Scores the pairs (probe number, stored person) one after the other; a person met twice is prepared once.
    private static func scoreSerially(_ pairs: ArraySlice<(Int, Stored)>, _ mine: [PreparedCandidate]) -> [(Int, Stored, MatchScore)] {
        var prepared: [UUID: PreparedCandidate] = [:]
        var found: [(Int, Stored, MatchScore)] = []
        for (i, person) in pairs {
            let theirs: PreparedCandidate
            if let p = prepared[person.id] { theirs = p } else {
                theirs = DuplicateRules.prepare(person.input, name: PreparedNameCache.shared.prepared(person.names))
                prepared[person.id] = theirs
            }
            if let s = DuplicateRules.candidate(mine[i], theirs) { found.append((i, person, s)) }
        }
        return found
    }

    /// Records proposed pairs (a, b ordered, never twice; a pair once judged different stays so).
    func propose(_ found: [(UUID, [DuplicateCandidate])], source: String, at now: Date) async throws {
        var rows: [(UUID, UUID, Double, String)] = []
        var seen = Set<String>()
        let encoder = JSONEncoder()
        for (id, candidates) in found {
            for c in candidates {
                let (a, b) = id.uuidString < c.personID.uuidString ? (id, c.personID) : (c.personID, id)
                guard seen.insert("\(a)|\(b)").inserted else { continue }
                rows.append((a, b, c.score, ReasonCoding.encode(c.reasons, with: encoder)))
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

    static func encode(_ reasons: [MatchReason], with encoder: JSONEncoder = JSONEncoder()) -> String {
        let stored = reasons.map { Stored(code: $0.code, params: $0.params) }
        return (try? String(data: encoder.encode(stored), encoding: .utf8)) ?? "[]"
    }

    static func decode(_ text: String) -> [Stored] {
        (try? JSONDecoder().decode([Stored].self, from: Data(text.utf8))) ?? []
    }
}
