import Fluent
import Foundation
import SQLKit
import BadilCore

/// One person to register, with links to others in the same batch (`ref`) or already registered on the arrival.
struct RegistrationRow: Sendable {
    struct Link: Sendable { let ref: String?; let personID: UUID?; let relationship: String? }
    var ref: String?
    var draft: RegistrationDraft
    var links: [Link]
}

/// Registration at a disembarkation point or detention intake: case numbers, the first stay, group links,
/// duplicate candidates. All rows of a request are saved in one transaction, or none.
struct RegistrationService {
    let db: any Database
    let ctx: BadilContext

    static let maxBatch = 1000

    struct Registered: Sendable {
        let person: PersonRecord
        let candidates: [DuplicateCandidate]
    }

    /// Checks drafts for probable earlier registrations without saving anything.
    func checkDuplicates(_ drafts: [RegistrationDraft], by actor: Actor) async throws -> [[DuplicateCandidate]] {
        try actor.require(.personRegister)
        let today = DayDate(ctx.now)
        let regs = try drafts.enumerated().map { i, d in
            try RegistrationRules.validate(d, codes: ctx.reference.codes, today: today, prefix: drafts.count > 1 ? "rows.\(i)." : "")
        }
        let finder = DuplicateFinder(db: db, index: ctx.matchIndex)
        return try await finder.candidates(for: regs.map { DuplicateFinder.Probe(id: nil, registration: $0) }, actor: actor)
    }

    func register(arrivalID: UUID, rows: [RegistrationRow], by actor: Actor) async throws -> [Registered] {
        try actor.require(.personRegister)
        guard !rows.isEmpty else { throw DomainError.invalid([FieldIssue("rows", "required")]) }
        guard rows.count <= Self.maxBatch else {
            throw DomainError.invalid([FieldIssue("rows", "too_many_rows", ["max": String(Self.maxBatch)])])
        }
        guard let arrival = try await RecordScopes.arrivals(actor, on: db).filter(\.$id == arrivalID).with(\.$location).first() else {
            throw DomainError.notFound
        }
        let now = ctx.now
        let today = DayDate(now)
        let batch = rows.count > 1
        let clock = PhaseClock("register ")

        // Validate every row and every link first; report all problems at once.
        var issues: [FieldIssue] = []
        var registrations: [Registration?] = []
        var refs: [String: Int] = [:]
        for (i, row) in rows.enumerated() {
            let prefix = batch ? "rows.\(i)." : ""
            do {
                registrations.append(try RegistrationRules.validate(row.draft, codes: ctx.reference.codes, today: today, prefix: prefix))
            } catch DomainError.invalid(let found) {
                registrations.append(nil)
                issues += found
            }
            if let ref = row.ref {
                if refs[ref] != nil { issues.append(FieldIssue(prefix + "ref", "duplicate_ref")) } else { refs[ref] = i }
            }
        }
        let linkedIDs = Array(Set(rows.flatMap { $0.links.compactMap(\.personID) }))
        let linkable = try await linkablePeople(linkedIDs, arrivalID: arrivalID, actor: actor)
        for (i, row) in rows.enumerated() {
            let prefix = batch ? "rows.\(i)." : ""
            for (j, link) in row.links.enumerated() {
                let field = prefix + "links.\(j)"
                if Relationship(rawValue: link.relationship ?? "") == nil {
                    issues.append(FieldIssue(field + ".relationship", "unknown_value", ["allowed": Relationship.allCases.map(\.rawValue).joined(separator: ", ")]))
                }
                switch (link.ref, link.personID) {
                case (let ref?, nil):
                    if refs[ref] == nil || refs[ref] == i { issues.append(FieldIssue(field + ".ref", "unknown_ref")) }
                case (nil, let id?):
                    if !linkable.contains(id) { issues.append(FieldIssue(field + ".personId", "link_not_in_arrival")) }
                default:
                    issues.append(FieldIssue(field, "link_target_required"))
                }
            }
        }
        if !issues.isEmpty { throw DomainError.invalid(issues) }
        let regs = registrations.map { $0! }
        let refIndex = refs
        clock.mark("validation")

        let people: [PersonRecord] = try await db.writeTransaction { db in
            let prefix = CaseNumber.prefix(country: "LBY", office: arrival.officeCode, year: today.year)
            let first = try await CaseNumbers.reserve(regs.count, prefix: prefix, on: db)
            let fromAuthority = [.coastGuard, .detentionAuthority].contains(actor.organizationType)
            var people: [PersonRecord] = []
            for (i, reg) in regs.enumerated() {
                let p = PersonRecord()
                p.id = UUID()
                p.caseNumber = CaseNumber.format(prefix: prefix, sequence: first + i)
                p.$arrival.id = arrivalID
                p.nameOriginal = reg.nameOriginal
                p.nameLatin = reg.nameLatin
                p.nameKey = DuplicateFinder.displayKey(reg)
                p.sex = reg.sex.rawValue
                p.dateOfBirth = reg.age.dateOfBirth?.description
                p.dateOfBirthEstimated = reg.age.dateOfBirthEstimated
                p.claimedAge = reg.age.claimedAge
                p.recordedOn = reg.age.recordedOn.description
                p.ageDisputed = reg.age.disputed
                p.nationality = reg.nationality
                p.languages = reg.languages.joined(separator: ",")
                p.urgentNeeds = reg.urgentNeeds.map(\.rawValue).sorted().joined(separator: ",")
                p.careStatus = ""
                p.registeredByID = actor.userID
                p.organizationID = actor.organizationID
                p.fromAuthority = fromAuthority
                p.team = fromAuthority ? nil : actor.team
                p.version = 1
                p.deriveAgeColumns()
                p.createdAt = now
                p.updatedAt = now
                people.append(p)
            }
            clock.mark("records")
            try await PersonWrites.insert(people, on: db)
            clock.mark("persons")
            try await PersonWrites.insertKeys(people.map(PersonWrites.KeySet.init), on: db)
            clock.mark("keys")
            try await PersonWrites.insertNameHistory(people, by: actor.username, reason: "registration", at: now, on: db)
            try await PersonWrites.insertStays(people.map(\.id!), location: arrival.$location.id, at: arrival.occurredAt,
                                               reason: arrival.kind, by: actor.username, on: db)
            clock.mark("names+stays")
            // Links, both directions, then the care situation of every child touched.
            var links: [(UUID, UUID, Relationship)] = []
            for (i, row) in rows.enumerated() {
                for link in row.links {
                    let other = link.personID ?? people[refIndex[link.ref!]!].id!
                    let rel = Relationship(rawValue: link.relationship!)!
                    links.append((people[i].id!, other, rel))
                }
            }
            try await PersonWrites.link(links, on: db, at: now)
            try await CareStatusUpdater.refresh(Set(people.map(\.id!) + links.map(\.1)), known: people, today: today, on: db)
            clock.mark("links+care")
            try await AuditLog.append(people.map { AuditEntry("person.registered", "person", $0.id, fields: RegistrationRules.auditedFields) },
                                      by: AuditActor(actor), at: now, on: db)
            clock.mark("audit")
            return people
        }
        clock.mark("commit")

        // Probable duplicates (also within the batch): proposed for review, shown to the registrar.
        let finder = DuplicateFinder(db: db, index: ctx.matchIndex)
        let probes = zip(people, regs).map { DuplicateFinder.Probe(id: $0.id, registration: $1) }
        let found = try await finder.candidates(for: probes, actor: actor)
        clock.mark("candidates")
        try await finder.propose(zip(people.map(\.id!), found).map { ($0, $1) }, source: "registration", at: now)
        clock.mark("proposals")
        return zip(people, found).map { Registered(person: $0, candidates: $1) }
    }

    /// People already registered on this arrival whom the actor can see: the only ones a new person may be linked to.
    private func linkablePeople(_ ids: [UUID], arrivalID: UUID, actor: Actor) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await RecordScopes.persons(actor, on: db).filter(\.$id ~~ ids).filter(\.$arrival.$id == arrivalID).all(\.$id))
    }
}

extension RegistrationRules {
    /// Field names written to the audit log for a registration (names only, never values).
    static let auditedFields = ["nameOriginal", "nameLatin", "sex", "dateOfBirth", "claimedAge", "nationality", "languages", "urgentNeeds", "links"]
}

/// Case numbers are reserved in the writing transaction: an update of one row per prefix, so concurrent
/// registrations (on either engine, from any instance) never receive the same number, and none is reused.
enum CaseNumbers {
    /// Reserves `count` numbers and returns the first.
    static func reserve(_ count: Int, prefix: String, on db: any Database) async throws -> Int {
        try await db.sql.insert(into: CaseSequenceRecord.schema).columns("prefix", "last_value").values(prefix, 0)
            .ignoringConflicts(with: ["prefix"]).run()
        struct Row: Decodable { let last_value: Int }
        guard let row = try await db.sql.update(CaseSequenceRecord.schema)
            .set("last_value", to: SQLBinaryExpression(SQLColumn("last_value"), .add, SQLBind(count)))
            .where("prefix", .equal, prefix).returning("last_value").first(decoding: Row.self) else {
            throw DomainError.conflict("case_number_unavailable")
        }
        return row.last_value - count + 1
    }
}
