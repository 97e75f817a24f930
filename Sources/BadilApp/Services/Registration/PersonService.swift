import Fluent
import FluentSQL
import Foundation
import SQLKit
import BadilCore

struct PersonSearch: Sendable {
    var text: String?
    var nationality: String?
    var locationID: UUID?
    var ageGroup: String?
    var sex: Sex?
    var careStatus: CareStatus?
    var urgent: UrgentNeed?
    var arrivalID: UUID?
}

struct PersonUpdateInput: StrictInput {
    var nameOriginal: String?
    var nameLatin: String?
    var sex: String?
    var dateOfBirth: String?
    var dateOfBirthEstimated: Bool?
    var claimedAge: Int?
    var assessedAge: Int?
    var assessmentMethod: String?
    var assessedOn: String?
    var ageDisputed: Bool?
    var nationality: String?
    var languages: [String]?
    var urgentNeeds: [String]?
    var careOverride: String?
    static let allowedFields: Set<String> = ["nameOriginal", "nameLatin", "sex", "dateOfBirth", "dateOfBirthEstimated", "claimedAge",
                                             "assessedAge", "assessmentMethod", "assessedOn", "ageDisputed", "nationality",
                                             "languages", "urgentNeeds", "careOverride"]
    static let nullableFields: Set<String> = ["nameOriginal", "nameLatin", "dateOfBirth", "claimedAge", "assessedAge",
                                              "assessmentMethod", "assessedOn", "careOverride"]
}

/// A person's record: reading (audited), searching (scoped, paged), correcting facts, custody history.
struct PersonService {
    let db: any Database
    let ctx: BadilContext

    struct Detail {
        let person: PersonRecord
        let arrival: ArrivalRecord
        let stays: [StayRecord]
        let links: [(PersonLinkRecord, PersonRecord?)]
        let names: [PersonNameHistoryRecord]
        let merged: [PersonRecord]
        let daysInDetention: Int
        let currentStay: StayRecord?
    }

    /// Opens a record (audited). A merged record answers with the record it was merged into.
    func get(_ id: UUID, by actor: Actor) async throws -> Detail {
        try actor.require(.personRead)
        guard var person = try await RecordScopes.persons(actor, on: db, includeMerged: true).filter(\.$id == id).first() else {
            throw DomainError.notFound
        }
        if let survivor = person.mergedIntoID {
            guard let s = try await RecordScopes.persons(actor, on: db).filter(\.$id == survivor).first() else { throw DomainError.notFound }
            person = s
        }
        let pid = person.id!
        let merged = try await PersonRecord.query(on: db).filter(\.$mergedIntoID == pid).all()
        let allIDs = [pid] + merged.compactMap(\.id)
        let stays = try await StayRecord.query(on: db).filter(\.$personID ~~ allIDs).with(\.$location).sort(\.$startedAt).all()
        let links = try await PersonLinkRecord.query(on: db).filter(\.$personID == pid).all()
        let visible = try await RecordScopes.visiblePersonIDs(links.map(\.relatedID), actor, on: db)
        let related = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ Array(visible)).all().map { ($0.id!, $0) })
        let names = try await PersonNameHistoryRecord.query(on: db).filter(\.$personID ~~ allIDs).sort(\.$recordedAt).all()
        guard let arrival = try await ArrivalRecord.query(on: db).filter(\.$id == person.$arrival.id).with(\.$location).first() else {
            throw DomainError.notFound
        }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("person.read", "person", pid), by: AuditActor(actor), at: now, on: db)
        }
        return Detail(person: person, arrival: arrival, stays: stays, links: links.map { ($0, related[$0.relatedID]) }, names: names,
                      merged: merged, daysInDetention: Self.daysInDetention(stays, now: now),
                      currentStay: stays.last { $0.endedAt == nil && $0.personID == pid })
    }

    /// Whole days spent in detention locations, counting an open stay up to now.
    static func daysInDetention(_ stays: [StayRecord], now: Date) -> Int {
        let seconds = stays.filter { $0.location.locationType.isDetention }.reduce(0.0) { sum, s in
            sum + max(0, (s.endedAt ?? now).timeIntervalSince(s.startedAt))
        }
        return Int(seconds / 86400)
    }

    func search(_ s: PersonSearch, page: Paging, by actor: Actor) async throws -> (items: [PersonRecord], total: Int) {
        try actor.require(.personRead)
        var q = RecordScopes.persons(actor, on: db)
        let today = DayDate(ctx.now).description
        if let text = s.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            if CaseNumber.looksLikeCaseNumber(text.uppercased()) {
                q = q.filter(\.$caseNumber == text.uppercased())
            } else {
                // Every name typed must match one of the person's names, in any script or spelling.
                let keys = DuplicateFinder.searchKeys(text).filter { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0 == ":") } }
                if keys.isEmpty { q = q.filter(\.$id == UUID()) }
                for key in keys.sorted() {
                    q = q.filter(.sql(unsafeRaw: "\(PersonRecord.schema).id IN (SELECT person_id FROM \(PersonNameKeyRecord.schema) WHERE key = '\(key)')"))
                }
            }
        }
        if let n = s.nationality { q = q.filter(\.$nationality == n) }
        if let sex = s.sex { q = q.filter(\.$sex == sex.rawValue) }
        if let arrival = s.arrivalID { q = q.filter(\.$arrival.$id == arrival) }
        switch s.ageGroup {
        case "child": q = q.filter(\.$childUntil > today)
        case "adult": q = q.filter(\.$childUntil <= today)
        default: break
        }
        if let care = s.careStatus { q = q.filter(\.$childUntil > today).filter(\.$careStatus == care.rawValue) }
        if let urgent = s.urgent { q = q.filter(\.$urgentNeeds, .custom("LIKE"), "%" + urgent.rawValue + "%") }
        if let location = s.locationID {
            let here = try await StayRecord.query(on: db).filter(\.$location.$id == location).filter(\.$endedAt == nil).all(\.$personID)
            q = q.filter(\.$id ~~ here)
        }
        let total = try await q.count()
        let items = try await q.sort(\.$createdAt, .descending).sort(\.$caseNumber, .descending)
            .range(page.offset..<(page.offset + page.size)).all()
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("person.searched", "person", "-", fields: s.auditedFields), by: AuditActor(actor), at: now, on: db)
        }
        return (items, total)
    }

    /// Corrects facts: names (history kept), age facts (the child pathway follows), nationality, needs, care.
    func update(_ id: UUID, _ input: PersonUpdateInput, cleared: Set<String>, expected: ExpectedVersion?, by actor: Actor) async throws -> PersonRecord {
        try actor.require(.personUpdate)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        let today = DayDate(now)
        return try await db.writeTransaction { db in
            guard let p = try await RecordScopes.persons(actor, on: db).filter(\.$id == id).first() else { throw DomainError.notFound }
            func pick<T>(_ name: String, _ new: T?, _ old: T?) -> T? { cleared.contains(name) ? nil : (new ?? old) }
            let draft = RegistrationDraft(
                nameOriginal: pick("nameOriginal", input.nameOriginal, p.nameOriginal), nameLatin: pick("nameLatin", input.nameLatin, p.nameLatin),
                sex: input.sex ?? p.sex, dateOfBirth: pick("dateOfBirth", input.dateOfBirth, p.dateOfBirth),
                dateOfBirthEstimated: input.dateOfBirthEstimated ?? p.dateOfBirthEstimated, claimedAge: pick("claimedAge", input.claimedAge, p.claimedAge),
                ageDisputed: input.ageDisputed ?? p.ageDisputed, nationality: input.nationality ?? p.nationality,
                languages: input.languages ?? p.languageList, urgentNeeds: input.urgentNeeds ?? p.needs.map(\.rawValue))
            let reg = try RegistrationRules.validate(draft, codes: ctx.reference.codes, today: DayDate(p.recordedOn) ?? today)
            var v = FieldChecker()
            let method = v.choice("assessmentMethod", pick("assessmentMethod", input.assessmentMethod, p.assessmentMethod), required: false, as: AgeAssessmentMethod.self)
            let assessedAge = pick("assessedAge", input.assessedAge, p.assessedAge)
            var assessedOn = pick("assessedOn", input.assessedOn, p.assessedOn).flatMap(DayDate.init)
            if let raw = input.assessedOn, DayDate(raw) == nil { v.add("assessedOn", "invalid_date") }
            if assessedAge != nil && method == nil { v.add("assessmentMethod", "required") }
            if assessedAge != nil && assessedOn == nil { assessedOn = today }
            let care = v.choice("careOverride", pick("careOverride", input.careOverride, p.careOverride), required: false, as: CareStatus.self)
            AgeRules.check(AgeFacts(claimedAge: nil, recordedOn: DayDate(p.recordedOn) ?? today, assessedAge: assessedAge, assessedOn: assessedOn),
                           today: today, into: &v)
            try v.finish()
            let newVersion = try await db.bumpVersion(table: PersonRecord.schema, id: id, expected: expected)
            var changed: [String] = []
            func set<T: Equatable>(_ name: String, _ old: T, _ new: T, _ assign: () -> Void) { if old != new { changed.append(name); assign() } }
            let namesChanged = p.nameOriginal != reg.nameOriginal || p.nameLatin != reg.nameLatin
            set("nameOriginal", p.nameOriginal, reg.nameOriginal) { p.nameOriginal = reg.nameOriginal }
            set("nameLatin", p.nameLatin, reg.nameLatin) { p.nameLatin = reg.nameLatin }
            set("sex", p.sex, reg.sex.rawValue) { p.sex = reg.sex.rawValue }
            set("dateOfBirth", p.dateOfBirth, reg.age.dateOfBirth?.description) { p.dateOfBirth = reg.age.dateOfBirth?.description }
            set("dateOfBirthEstimated", p.dateOfBirthEstimated, reg.age.dateOfBirthEstimated) { p.dateOfBirthEstimated = reg.age.dateOfBirthEstimated }
            set("claimedAge", p.claimedAge, reg.age.claimedAge) { p.claimedAge = reg.age.claimedAge }
            set("ageDisputed", p.ageDisputed, reg.age.disputed) { p.ageDisputed = reg.age.disputed }
            set("assessedAge", p.assessedAge, assessedAge) { p.assessedAge = assessedAge }
            set("assessmentMethod", p.assessmentMethod, method?.rawValue) { p.assessmentMethod = method?.rawValue }
            set("assessedOn", p.assessedOn, assessedOn?.description) { p.assessedOn = assessedOn?.description }
            set("nationality", p.nationality, reg.nationality) { p.nationality = reg.nationality }
            set("languages", p.languages, reg.languages.joined(separator: ",")) { p.languages = reg.languages.joined(separator: ",") }
            let needs = reg.urgentNeeds.map(\.rawValue).sorted().joined(separator: ",")
            set("urgentNeeds", p.urgentNeeds, needs) { p.urgentNeeds = needs }
            set("careOverride", p.careOverride, care?.rawValue) { p.careOverride = care?.rawValue }
            if namesChanged { p.nameKey = DuplicateFinder.displayKey(reg) }
            p.deriveAgeColumns()
            p.version = newVersion
            try await p.save(on: db)
            try await PersonWrites.refreshKeys(p, namesChanged: namesChanged, on: db)
            if namesChanged {
                try await PersonWrites.insertNameHistory([p], by: actor.username, reason: "correction", at: now, on: db)
            }
            let group = try await PersonLinkRecord.query(on: db).filter(\.$personID == id).all(\.$relatedID)
            try await CareStatusUpdater.refresh(Set([id] + group), today: today, on: db)
            try await AuditLog.append(AuditEntry("person.updated", "person", id, fields: changed), by: AuditActor(actor), at: now, on: db)
            return try await PersonRecord.find(id, on: db) ?? p
        }
    }

    /// Links two people the actor can see ("related is person's relationship").
    func link(_ id: UUID, to relatedID: UUID, relationship raw: String?, by actor: Actor) async throws {
        try actor.require(.personUpdate)
        var v = FieldChecker()
        let rel = v.choice("relationship", raw, required: true, as: Relationship.self)
        if id == relatedID { v.add("relatedId", "cannot_link_to_self") }
        try v.finish()
        let visible = try await RecordScopes.visiblePersonIDs([id, relatedID], actor, on: db)
        guard visible.contains(id) else { throw DomainError.notFound }
        guard visible.contains(relatedID) else { throw DomainError.invalid([FieldIssue("relatedId", "not_found_ref")]) }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await PersonWrites.link([(id, relatedID, rel!)], on: db, at: now)
            try await CareStatusUpdater.refresh([id, relatedID], today: DayDate(now), on: db)
            try await AuditLog.append(AuditEntry("person.linked", "person", id, fields: ["links"]), by: AuditActor(actor), at: now, on: db)
        }
    }

    /// A move in custody: ends the open stay and opens one at the new location.
    func move(_ id: UUID, to locationID: UUID?, reason: String?, at: Date?, by actor: Actor) async throws {
        try actor.require(.stayRecord)
        var v = FieldChecker()
        let why = v.requireText("reason", reason, max: 200)
        let now = ctx.now
        let when = at ?? now
        if when > now.addingTimeInterval(600) { v.add("at", "date_in_future") }
        var location: LocationRecord?
        if let locationID { location = try await LocationRecord.find(locationID, on: db) } else { v.add("locationId", "required") }
        if locationID != nil && location == nil { v.add("locationId", "not_found_ref") }
        if let location, !location.active { v.add("locationId", "location_inactive") }
        try v.finish()
        let target = location!.id!
        try await db.writeTransaction { db in
            guard try await RecordScopes.persons(actor, on: db).filter(\.$id == id).count() == 1 else { throw DomainError.notFound }
            if let open = try await StayRecord.query(on: db).filter(\.$personID == id).filter(\.$endedAt == nil).first() {
                if open.startedAt > when { throw DomainError.invalid([FieldIssue("at", "before_current_stay")]) }
                if open.$location.id == target { throw DomainError.invalid([FieldIssue("locationId", "already_there")]) }
                open.endedAt = when
                try await open.save(on: db)
                try await FacilityService.touch(locationID: open.$location.id, on: db)
            }
            // Into alternative accommodation: only with a free bed of the person's kind (referrals are the usual way in).
            var bedKind: BedKind?
            if let facility = try await FacilityRecord.query(on: db).filter(\.$location.$id == target).with(\.$location).first(),
               let person = try await PersonRecord.find(id, on: db) {
                try await FacilityService.lock(facility.id!, on: db)
                let occupancy = (try await FacilityService.occupancy([facility], now: now, on: db))[facility.id!] ?? FacilityOccupancy()
                let group = PlacementGroup(members: [PlacementService.placementPerson(person, today: DayDate(now))])
                try PlacementRules.check(group: group, facility: FacilityService.profile(facility, facility.location, occupancy),
                                         occupancy: Occupancy(used: occupancy.used.dictionary))
                bedKind = BedRules.assignments(for: group).first?.kind
            }
            try await PersonWrites.insertStays([id], location: target, at: when, reason: why!, by: actor.username, on: db)
            if let bedKind {
                try await db.sql.update(StayRecord.schema).set("bed_kind", to: bedKind.rawValue)
                    .where("person_id", .equal, id).where("ended_at", .is, SQLLiteral.null).run()
            }
            try await AuditLog.append(AuditEntry("person.moved", "person", id, fields: ["stays"]), by: AuditActor(actor), at: now, on: db)
        }
    }
}

struct PersonIDRow: Decodable { let person_id: UUID }

extension PersonSearch {
    /// Which filters were used (names of filters, never their values).
    var auditedFields: [String] {
        var f: [String] = []
        if text != nil { f.append("text") }
        if nationality != nil { f.append("nationality") }
        if locationID != nil { f.append("location") }
        if ageGroup != nil { f.append("ageGroup") }
        if sex != nil { f.append("sex") }
        if careStatus != nil { f.append("care") }
        if urgent != nil { f.append("urgent") }
        if arrivalID != nil { f.append("arrival") }
        return f
    }
}
