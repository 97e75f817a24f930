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
/// records by index, then every one of them is scored.
struct DuplicateFinder {
    let db: any Database

    struct Probe: Sendable {
        let id: UUID?
        let registration: Registration
    }

    /// How many records one probe may score at most (a very common name alone).
    static let maxBlock = 3000
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

    /// Candidates for each probe, best first. One key lookup for the whole batch.
    func candidates(for probes: [Probe], actor: Actor?) async throws -> [[DuplicateCandidate]] {
        guard !probes.isEmpty else { return [] }
        let keysPerProbe = probes.map { Self.blockingKeys(original: $0.registration.nameOriginal, latin: $0.registration.nameLatin) }
        let allKeys = Array(Set(keysPerProbe.flatMap { $0 }))
        var idsByKey: [String: [UUID]] = [:]
        struct KeyRow: Decodable { let key: String; let person_id: UUID }
        for chunk in PersonWrites.chunks(allKeys, size: 500) {
            let rows = try await db.sql.select().column("key").column("person_id").from(PersonNameKeyRecord.schema)
                .where("key", .in, Array(chunk)).all(decoding: KeyRow.self)
            for r in rows { idsByKey[r.key, default: []].append(r.person_id) }
        }
        var blockPerProbe: [[UUID]] = []
        var allIDs = Set<UUID>()
        for (i, keys) in keysPerProbe.enumerated() {
            // Selective keys first, so a common name alone cannot crowd out the real candidates.
            var seen = Set<UUID>()
            var block: [UUID] = []
            for key in keys.sorted(by: { (idsByKey[$0]?.count ?? 0, $0) < (idsByKey[$1]?.count ?? 0, $1) }) {
                for id in idsByKey[key] ?? [] where id != probes[i].id && !seen.contains(id) {
                    seen.insert(id)
                    block.append(id)
                }
                if block.count >= Self.maxBlock { break }
            }
            block = Array(block.prefix(Self.maxBlock))
            blockPerProbe.append(block)
            allIDs.formUnion(block)
        }
        var people: [UUID: PersonRecord] = [:]
        for chunk in PersonWrites.chunks(Array(allIDs), size: 500) {
            for p in try await PersonRecord.query(on: db).filter(\.$id ~~ Array(chunk)).filter(\.$mergedIntoID == nil).all() {
                people[p.id!] = p
            }
        }
        let visible: Set<UUID>
        if let actor {
            var v = Set<UUID>()
            for chunk in PersonWrites.chunks(Array(people.keys), size: 500) {
                v.formUnion(try await RecordScopes.visiblePersonIDs(Array(chunk), actor, on: db))
            }
            visible = v
        } else { visible = Set(people.keys) }
        return probes.enumerated().map { i, probe in
            let mine = Self.input(probe.registration)
            var found: [DuplicateCandidate] = []
            for id in blockPerProbe[i] {
                guard let other = people[id], let s = DuplicateRules.score(mine, Self.input(other)),
                      s.score >= DuplicateRules.candidateThreshold else { continue }
                let show = visible.contains(id)
                found.append(DuplicateCandidate(personID: id, score: s.score, reasons: s.reasons, visible: show,
                                                caseNumber: show ? other.caseNumber : nil, name: show ? other.displayName : nil,
                                                nationality: show ? other.nationality : nil, birthYear: show ? other.birthYear : nil,
                                                sex: show ? other.sex : nil))
            }
            return Array(found.sorted { $0.score > $1.score }.prefix(Self.maxCandidates))
        }
    }

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
