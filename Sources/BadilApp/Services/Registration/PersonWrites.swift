import Fluent
import Foundation
import SQLKit
import BadilCore

/// Bulk writes for registration: multi-row INSERTs, chunked under SQLite's bound-parameter limit.
enum PersonWrites {
    static func chunks<T>(_ items: [T], size: Int) -> [ArraySlice<T>] {
        stride(from: 0, to: items.count, by: size).map { items[$0..<min($0 + size, items.count)] }
    }

    static func insert(_ people: [PersonRecord], on db: any Database) async throws {
        let columns = ["id", "case_number", "arrival_id", "name_original", "name_latin", "name_key", "sex", "date_of_birth",
                       "dob_estimated", "claimed_age", "recorded_on", "assessed_age", "assessment_method", "assessed_on",
                       "age_disputed", "child_until", "birth_year", "birth_year_estimated", "nationality", "languages",
                       "urgent_needs", "care_override", "care_status", "registered_by_id", "organization_id", "from_authority",
                       "team", "merged_into_id", "version", "created_at", "updated_at"]
        for chunk in chunks(people, size: 200) {
            let insert = db.sql.insert(into: PersonRecord.schema).columns(columns)
            for p in chunk {
                let values: [any Encodable & Sendable] = [
                    p.id!, p.caseNumber, p.$arrival.id, p.nameOriginal, p.nameLatin, p.nameKey, p.sex, p.dateOfBirth,
                    p.dateOfBirthEstimated, p.claimedAge, p.recordedOn, p.assessedAge, p.assessmentMethod, p.assessedOn,
                    p.ageDisputed, p.childUntil, p.birthYear, p.birthYearEstimated, p.nationality, p.languages,
                    p.urgentNeeds, p.careOverride, p.careStatus, p.registeredByID, p.organizationID, p.fromAuthority,
                    p.team, p.mergedIntoID, p.version, p.createdAt ?? Date(), p.updatedAt ?? Date(),
                ]
                _ = insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
    }

    /// The search keys of one person and the fields a search narrows by.
    struct KeySet: Sendable {
        let personID: UUID
        let keys: Set<String>
        let sex: String
        let birthYear: Int?

        init(_ p: PersonRecord) {
            personID = p.id!
            keys = DuplicateFinder.storedKeys(original: p.nameOriginal, latin: p.nameLatin)
            sex = p.sex
            birthYear = p.birthYear
        }
    }

    static func insertKeys(_ sets: [KeySet], on db: any Database) async throws {
        let rows = sets.flatMap { set in set.keys.sorted().map { (set, $0) } }
        for chunk in chunks(rows, size: 800) {
            let insert = db.sql.insert(into: PersonNameKeyRecord.schema).columns("id", "person_id", "key", "sex", "birth_year")
            for (set, key) in chunk {
                _ = insert.values(SQLBind(UUID()), SQLBind(set.personID), SQLBind(key), SQLBind(set.sex), SQLBind(set.birthYear))
            }
            try await insert.run()
        }
    }

    /// After a correction: new keys when the names changed, else only the narrowing fields.
    static func refreshKeys(_ person: PersonRecord, namesChanged: Bool, on db: any Database) async throws {
        let id = person.id!
        if namesChanged {
            try await PersonNameKeyRecord.query(on: db).filter(\.$personID == id).delete()
            try await insertKeys([KeySet(person)], on: db)
        } else {
            try await db.sql.update(PersonNameKeyRecord.schema).set("sex", to: person.sex).set("birth_year", to: person.birthYear)
                .where("person_id", .equal, id).run()
        }
    }

    static func insertNameHistory(_ people: [PersonRecord], by username: String, reason: String, at now: Date, on db: any Database) async throws {
        for chunk in chunks(people, size: 400) {
            let insert = db.sql.insert(into: PersonNameHistoryRecord.schema)
                .columns("id", "person_id", "name_original", "name_latin", "recorded_at", "recorded_by", "reason")
            for p in chunk {
                _ = insert.values(SQLBind(UUID()), SQLBind(p.id!), SQLBind(p.nameOriginal), SQLBind(p.nameLatin), SQLBind(now),
                                  SQLBind(username), SQLBind(reason))
            }
            try await insert.run()
        }
    }

    static func insertStays(_ personIDs: [UUID], location: UUID, at start: Date, reason: String, by username: String, on db: any Database) async throws {
        for chunk in chunks(personIDs, size: 400) {
            let insert = db.sql.insert(into: StayRecord.schema).columns("id", "person_id", "location_id", "started_at", "ended_at", "reason", "created_by")
            for id in chunk {
                _ = insert.values(SQLBind(UUID()), SQLBind(id), SQLBind(location), SQLBind(start), SQLBind(Date?.none), SQLBind(reason), SQLBind(username))
            }
            try await insert.run()
        }
    }

    /// Stores "b is a's relationship" and its inverse ("a is b's child", ...); existing links are kept.
    static func link(_ links: [(UUID, UUID, Relationship)], on db: any Database, at now: Date) async throws {
        guard !links.isEmpty else { return }
        let ids = Array(Set(links.map(\.0)))
        let sexes = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ ids).all()
            .map { ($0.id!, Sex(rawValue: $0.sex) ?? .unknown) })
        var rows: [(UUID, UUID, String)] = []
        for (a, b, rel) in links where a != b {
            rows.append((a, b, rel.rawValue))
            rows.append((b, a, rel.inverse(personSex: sexes[a] ?? .unknown).rawValue))
        }
        for chunk in chunks(rows, size: 500) {
            let insert = db.sql.insert(into: PersonLinkRecord.schema).columns("id", "person_id", "related_id", "relationship", "created_at")
            for (a, b, rel) in chunk { _ = insert.values(SQLBind(UUID()), SQLBind(a), SQLBind(b), SQLBind(rel), SQLBind(now)) }
            try await insert.ignoringConflicts(with: ["person_id", "related_id"]).run()
        }
    }
}

/// Keeps `care_status` right for the children among the given people (and their linked children).
enum CareStatusUpdater {
    /// Recomputes the care situation of `ids` from their group links. People already in memory (`known`,
    /// e.g. just inserted) are not read again and receive the new status; changes are written with one
    /// update per status value.
    static func refresh(_ ids: Set<UUID>, known: [PersonRecord] = [], today: DayDate, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        var byID: [UUID: PersonRecord] = [:]
        for p in known { byID[p.id!] = p }
        func load(_ wanted: [UUID]) async throws {
            let missing = wanted.filter { byID[$0] == nil }
            for chunk in PersonWrites.chunks(missing, size: 500) {
                for p in try await PersonRecord.query(on: db).filter(\.$id ~~ Array(chunk)).all() { byID[p.id!] = p }
            }
        }
        try await load(Array(ids))
        var links: [PersonLinkRecord] = []
        for chunk in PersonWrites.chunks(Array(ids), size: 500) {
            links += try await PersonLinkRecord.query(on: db).filter(\.$personID ~~ Array(chunk)).all()
        }
        try await load(Array(Set(links.map(\.relatedID))))
        let linksByPerson = Dictionary(grouping: links, by: \.personID)
        var changes: [String: [UUID]] = [:]
        for id in ids {
            guard let person = byID[id] else { continue }
            var status = ""
            if person.isChild(on: today) {
                let members = (linksByPerson[id] ?? []).compactMap { link -> GroupMember? in
                    guard let other = byID[link.relatedID] else { return nil }
                    return GroupMember(isChild: other.isChild(on: today), relationshipToChild: Relationship(rawValue: link.relationship))
                }
                status = CareRules.careStatus(members: members, override: person.careOverride.flatMap(CareStatus.init(rawValue:))).rawValue
            }
            if status != person.careStatus {
                changes[status, default: []].append(id)
                person.careStatus = status
            }
        }
        for (status, changed) in changes {
            for chunk in PersonWrites.chunks(changed, size: 500) {
                try await db.sql.update(PersonRecord.schema).set("care_status", to: status).where("id", .in, Array(chunk)).run()
            }
        }
    }
}
