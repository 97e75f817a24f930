import Fluent
import Foundation
import SQLKit
import BadilCore

/// The review queue of probable duplicates: "same person" merges (one record survives, the other
/// redirects to it; nothing is deleted, so a supervisor can undo it), "different people" closes the pair for good.
struct DuplicateService {
    let db: any Database
    let ctx: BadilContext

    enum Decision: String, CaseIterable { case same, different }

    struct PairView {
        let pair: DuplicatePairRecord
        let a: PersonRecord
        let b: PersonRecord
    }

    /// Pairs waiting for a decision whose two records the actor can both see.
    func queue(status: String = "proposed", page: Paging, by actor: Actor) async throws -> (items: [PairView], total: Int) {
        try actor.require(.personMerge)
        let pairs = try await DuplicatePairRecord.query(on: db).filter(\.$status == status).sort(\.$score, .descending).limit(2000).all()
        let ids = Array(Set(pairs.flatMap { [$0.personA, $0.personB] }))
        var visible: [UUID: PersonRecord] = [:]
        for chunk in PersonWrites.chunks(ids, size: 500) {
            for p in try await RecordScopes.persons(actor, on: db, includeMerged: status != "proposed").filter(\.$id ~~ Array(chunk)).all() {
                visible[p.id!] = p
            }
        }
        let views = pairs.compactMap { pair -> PairView? in
            guard let a = visible[pair.personA], let b = visible[pair.personB] else { return nil }
            return PairView(pair: pair, a: a, b: b)
        }
        return (Array(views.dropFirst(page.offset).prefix(page.size)), views.count)
    }

    private func scopedPair(_ id: UUID, actor: Actor, on db: any Database) async throws -> PairView {
        guard let pair = try await DuplicatePairRecord.find(id, on: db) else { throw DomainError.notFound }
        let people = try await RecordScopes.persons(actor, on: db, includeMerged: true).filter(\.$id ~~ [pair.personA, pair.personB]).all()
        guard let a = people.first(where: { $0.id == pair.personA }), let b = people.first(where: { $0.id == pair.personB }) else {
            throw DomainError.notFound
        }
        return PairView(pair: pair, a: a, b: b)
    }

    func decide(_ id: UUID, decision raw: String?, by actor: Actor) async throws -> DuplicatePairRecord {
        try actor.require(.personMerge)
        var v = FieldChecker()
        let decision = v.choice("decision", raw, required: true, as: Decision.self)
        try v.finish()
        let now = ctx.now
        return try await db.writeTransaction { db in
            let view = try await scopedPair(id, actor: actor, on: db)
            guard view.pair.status == "proposed" else { throw DomainError.conflict("pair_already_decided") }
            guard view.a.mergedIntoID == nil, view.b.mergedIntoID == nil else { throw DomainError.conflict("pair_already_decided") }
            try await db.bumpVersion(table: DuplicatePairRecord.schema, id: id, expected: .version(view.pair.version))
            let pair = view.pair
            pair.version += 1
            pair.decidedBy = actor.username
            pair.decidedAt = now
            if decision == .same {
                // The earlier registration survives; the later one redirects to it.
                let (survivor, merged) = (view.a.caseNumber < view.b.caseNumber) ? (view.a, view.b) : (view.b, view.a)
                merged.mergedIntoID = survivor.id
                merged.version += 1
                try await merged.save(on: db)
                // Move the open stay question to the survivor: whichever was opened last is where the person is now.
                try await reconcileStays(survivor: survivor.id!, merged: merged.id!, on: db)
                pair.status = "same"
                pair.survivorID = survivor.id
                try await AuditLog.append([
                    AuditEntry("person.merged", "person", merged.id, fields: ["mergedInto"]),
                    AuditEntry("duplicate.decided_same", "duplicate_pair", id),
                ], by: AuditActor(actor), at: now, on: db)
            } else {
                pair.status = "different"
                try await AuditLog.append(AuditEntry("duplicate.decided_different", "duplicate_pair", id), by: AuditActor(actor), at: now, on: db)
            }
            try await pair.save(on: db)
            return pair
        }
    }

    /// Undoes a merge (supervisors): both records stand again; the pair is marked different.
    func unmerge(_ id: UUID, by actor: Actor) async throws -> DuplicatePairRecord {
        try actor.require(.personUnmerge)
        let now = ctx.now
        return try await db.writeTransaction { db in
            let view = try await scopedPair(id, actor: actor, on: db)
            guard view.pair.status == "same", let survivor = view.pair.survivorID else { throw DomainError.conflict("pair_not_merged") }
            let merged = view.a.id == survivor ? view.b : view.a
            merged.mergedIntoID = nil
            merged.version += 1
            try await merged.save(on: db)
            let pair = view.pair
            pair.status = "different"
            pair.survivorID = nil
            pair.decidedBy = actor.username
            pair.decidedAt = now
            pair.version += 1
            try await pair.save(on: db)
            try await AuditLog.append([
                AuditEntry("person.unmerged", "person", merged.id, fields: ["mergedInto"]),
                AuditEntry("duplicate.unmerged", "duplicate_pair", id),
            ], by: AuditActor(actor), at: now, on: db)
            return pair
        }
    }

    /// After a merge only one stay may stay open: the most recent one.
    private func reconcileStays(survivor: UUID, merged: UUID, on db: any Database) async throws {
        let open = try await StayRecord.query(on: db).filter(\.$personID ~~ [survivor, merged]).filter(\.$endedAt == nil)
            .sort(\.$startedAt, .descending).all()
        for stay in open.dropFirst() {
            stay.endedAt = open.first!.startedAt
            try await stay.save(on: db)
        }
    }
}

/// The background sweep: re-checks registrations since the last run against everyone, and proposes pairs.
/// A lease in the database keeps two instances from sweeping at once.
struct DuplicateSweep {
    let db: any Database
    let ctx: BadilContext
    static let jobName = "duplicate_sweep"

    /// Returns how many records were checked, or nil when another instance holds the lease.
    func run(holder: String, batch: Int = 500, limit: Int = 20_000) async throws -> Int? {
        let now = ctx.now
        guard try await Leases.acquire(Self.jobName, holder: holder, for: 600, now: now, on: db) else { return nil }
        var checked = 0
        do {
            var cursor = try await JobStateRecord.find(Self.jobName, on: db)?.cursor
            while checked < limit {
                var q = PersonRecord.query(on: db).filter(\.$mergedIntoID == nil).sort(\.$caseNumber).limit(batch)
                if let cursor { q = q.filter(\.$caseNumber > cursor) }
                let people = try await q.all()
                if people.isEmpty { break }
                let finder = DuplicateFinder(db: db, index: ctx.matchIndex)
                let probes = people.map { p in
                    DuplicateFinder.Probe(id: p.id, registration: Registration.from(p))
                }
                let found = try await finder.candidates(for: probes, actor: nil)
                try await finder.propose(zip(people.map(\.id!), found).map { ($0, $1) }, source: "sweep", at: now)
                checked += people.count
                cursor = people.last!.caseNumber
                try await db.sql.update(JobStateRecord.schema).set("cursor", to: cursor).where("name", .equal, Self.jobName).run()
            }
        } catch {
            try? await Leases.release(Self.jobName, holder: holder, on: db)
            throw error
        }
        try await Leases.release(Self.jobName, holder: holder, on: db)
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("duplicate.sweep", "job", Self.jobName, fields: ["checked"]), by: .system, at: now, on: db)
        }
        return checked
    }
}

/// Job leases in the database: a lease is taken only when free or expired, atomically.
enum Leases {
    static func acquire(_ name: String, holder: String, for seconds: TimeInterval, now: Date, on db: any Database) async throws -> Bool {
        try await db.sql.insert(into: JobStateRecord.schema).columns("name", "lease_until", "holder", "cursor")
            .values(SQLBind(name), SQLBind(Date?.none), SQLBind(String?.none), SQLBind(String?.none))
            .ignoringConflicts(with: ["name"]).run()
        struct Row: Decodable { let name: String }
        let taken = try await db.sql.update(JobStateRecord.schema)
            .set("lease_until", to: now.addingTimeInterval(seconds)).set("holder", to: holder)
            .where("name", .equal, name)
            .where(group: { $0.where("lease_until", .is, SQLLiteral.null).orWhere("lease_until", .lessThan, now).orWhere("holder", .equal, holder) })
            .returning("name").all(decoding: Row.self)
        return !taken.isEmpty
    }

    static func release(_ name: String, holder: String, on db: any Database) async throws {
        try await db.sql.update(JobStateRecord.schema).set("lease_until", to: SQLLiteral.null).set("holder", to: SQLLiteral.null)
            .where("name", .equal, name).where("holder", .equal, holder).run()
    }
}

extension Registration {
    /// The registration as stored on a record, for re-matching.
    static func from(_ p: PersonRecord) -> Registration {
        Registration(nameOriginal: p.nameOriginal, nameLatin: p.nameLatin, sex: Sex(rawValue: p.sex) ?? .unknown, age: p.ageFacts,
                     nationality: p.nationality, languages: p.languageList, urgentNeeds: p.needs)
    }
}

/// Children in detention right now, in the actor's scope: the roadmap's first target.
struct ChildAlerts {
    let db: any Database
    let ctx: BadilContext

    struct Item { let person: PersonRecord; let location: LocationRecord; let since: Date }

    func childrenInDetention(by actor: Actor, limit: Int = 50) async throws -> (items: [Item], total: Int) {
        guard actor.can(.personRead) else { return ([], 0) }
        let today = DayDate(ctx.now).description
        let detention = try await LocationRecord.query(on: db).filter(\.$type == LocationType.detentionCentre.rawValue).all()
        let ids = detention.compactMap(\.id)
        guard !ids.isEmpty else { return ([], 0) }
        let stays = try await StayRecord.query(on: db).filter(\.$location.$id ~~ ids).filter(\.$endedAt == nil).all()
        let byPerson = Dictionary(stays.map { ($0.personID, $0) }, uniquingKeysWith: { a, _ in a })
        var children: [PersonRecord] = []
        for chunk in PersonWrites.chunks(Array(byPerson.keys), size: 500) {
            children += try await RecordScopes.persons(actor, on: db).filter(\.$id ~~ Array(chunk)).filter(\.$childUntil > today).all()
        }
        let locations = Dictionary(uniqueKeysWithValues: detention.map { ($0.id!, $0) })
        let items = children.compactMap { p -> Item? in
            guard let stay = byPerson[p.id!], let loc = locations[stay.$location.id] else { return nil }
            return Item(person: p, location: loc, since: stay.startedAt)
        }.sorted { $0.since < $1.since }
        return (Array(items.prefix(limit)), items.count)
    }
}
