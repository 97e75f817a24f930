import Fluent
import Foundation
import SQLKit
import BadilCore

struct ReferralInput: StrictInput {
    var personIds: [UUID]?
    var facilityId: UUID?
    var holdHours: Int?
    var allowSplit: Bool?
    var splitReason: String?
    var note: String?
    static let allowedFields: Set<String> = ["personIds", "facilityId", "holdHours", "allowSplit", "splitReason", "note"]
}

struct ReferralDecisionInput: StrictInput {
    var declineReason: String?
    var reason: String?
    static let allowedFields: Set<String> = ["declineReason", "reason"]
}

/// Referral of a person or a family to a facility: consent checked, beds reserved until the operator's
/// deadline, accepted or declined as one group, cancelled or revoked with a reason. Every step that takes
/// beds holds the facility's lock, so capacity is never exceeded, whatever the concurrency.
struct ReferralService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let referral: ReferralRecord
        let person: PersonRecord
        let facility: FacilityRecord
        let location: LocationRecord
    }

    static let activeStatuses = [ReferralStatus.pending, .accepted, .inTransfer].map(\.rawValue)

    /// People with a referral still running (pending, accepted or on a transfer).
    static func activePeople(_ ids: [UUID], on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await ReferralRecord.query(on: db).filter(\.$personID ~~ ids).filter(\.$status ~~ activeStatuses).all().map(\.personID))
    }

    var nowSeconds: Int64 { Int64(ctx.now.timeIntervalSince1970.rounded(.down)) }

    // MARK: Refer

    func refer(_ input: ReferralInput, by actor: Actor) async throws -> [ReferralRecord] {
        try actor.require(.referralCreate)
        var v = FieldChecker()
        let ids = input.personIds ?? []
        if ids.isEmpty { v.add("personIds", "required") }
        if Set(ids).count != ids.count { v.add("personIds", "duplicate_entry") }
        if ids.count > 30 { v.add("personIds", "too_many", ["max": "30"]) }
        if input.facilityId == nil { v.add("facilityId", "required") }
        let hold = input.holdHours ?? ReferralRules.defaultHoldHours
        if !ReferralRules.holdHours.contains(hold) {
            v.add("holdHours", "out_of_range", ["min": String(ReferralRules.holdHours.lowerBound), "max": String(ReferralRules.holdHours.upperBound)])
        }
        let note = v.optionalText("note", input.note, max: 2000)
        try v.finish()
        let now = ctx.now
        let today = DayDate(now)
        let ctx = self.ctx
        return try await db.writeTransaction { db in
            let placement = PlacementService(db: db, ctx: ctx)
            let people = try await RecordScopes.persons(actor, on: db).filter(\.$id ~~ ids).all()
            guard people.count == ids.count else { throw DomainError.notFound }
            let ordered = ids.compactMap { id in people.first { $0.id == id } }
            guard let facility = try await FacilityRecord.query(on: db).filter(\.$id == input.facilityId!).with(\.$location).first() else {
                throw DomainError.invalid([FieldIssue("facilityId", "not_found_ref")])
            }
            try await FacilityService.lock(facility.id!, on: db)
            if !(try await Self.activePeople(ids, on: db)).isEmpty { throw DomainError.conflict("referral_active_exists") }
            // The family of the first person: referring only part of it is a split, which needs a reason.
            var family: [PersonRecord] = []
            for p in ordered { for m in try await placement.family(of: p.id!, by: actor) where !family.contains(where: { $0.id == m.id }) { family.append(m) } }
            let active = try await Self.activePeople(family.compactMap(\.id), on: db)
            // Family members already referred elsewhere are placed: leaving them out is not a split.
            let eligibleFamily = family.filter { !active.contains($0.id!) }
            let group = try placement.group(ordered, family: eligibleFamily.count > 1 ? eligibleFamily : [],
                                            allowSplit: input.allowSplit ?? false, splitReason: input.splitReason)
            // Consent for a referral to this operator, for each person.
            let consents = try await ConsentEntry.query(on: db).filter(\.$personID ~~ ids).filter(\.$purpose == ConsentPurpose.referral.rawValue).all()
            let recipient = facility.location.$operatorOrganization.id?.uuidString
            var missing: [FieldIssue] = []
            for (i, p) in ordered.enumerated() {
                let records = consents.filter { $0.personID == p.id }.compactMap(\.record)
                if !ConsentRules.isActive(records, purpose: .referral, recipient: recipient, on: today) {
                    missing.append(FieldIssue("personIds.\(i)", "consent_missing", ["case": p.caseNumber]))
                }
            }
            if !missing.isEmpty { throw DomainError.invalid(missing) }
            let occupancy = (try await FacilityService.occupancy([facility], now: now, on: db))[facility.id!] ?? FacilityOccupancy()
            let profile = FacilityService.profile(facility, facility.location, occupancy)
            try PlacementRules.check(group: group, facility: profile, occupancy: Occupancy(used: occupancy.used.dictionary))
            let deadline = now.addingTimeInterval(Double(hold) * 3600)
            let groupID = UUID()
            let kinds = Dictionary(uniqueKeysWithValues: BedRules.assignments(for: group).map { ($0.personID, $0.kind) })
            var created: [ReferralRecord] = []
            for p in ordered {
                let origin = try await StayRecord.query(on: db).filter(\.$personID == p.id!).filter(\.$endedAt == nil).first()?.$location.id
                let r = ReferralRecord()
                r.id = UUID()
                r.groupID = groupID
                r.personID = p.id!
                r.$facility.id = facility.id!
                r.originLocationID = origin
                r.bedKind = (kinds[p.id!.uuidString] ?? .male).rawValue
                r.status = ReferralStatus.pending.rawValue
                r.deadline = deadline
                r.splitReason = group.isSplit ? group.splitReason : nil
                r.note = note
                r.referredByID = actor.userID
                r.referredBy = actor.username
                r.referredAt = now
                r.organizationID = actor.organizationID
                r.version = 1
                try await r.create(on: db)
                created.append(r)
            }
            try await AuditLog.append(created.map { AuditEntry("referral.created", "referral", $0.id, fields: ["facility", "bedKind", "deadline"]) },
                                      by: AuditActor(actor), at: now, on: db)
            return created
        }
    }

    // MARK: Operator's decision

    /// Accepts the whole group the referral belongs to, if there is still room for all of it.
    func accept(_ id: UUID, expected: ExpectedVersion?, by actor: Actor) async throws -> [ReferralRecord] {
        try await decide(id, expected: expected, by: actor, action: .accept, declineReason: nil, reason: nil)
    }

    func decline(_ id: UUID, declineReason raw: String?, reason: String?, expected: ExpectedVersion?, by actor: Actor) async throws -> [ReferralRecord] {
        var v = FieldChecker()
        let why = v.choice("declineReason", raw, required: true, as: DeclineReason.self)
        try v.finish()
        return try await decide(id, expected: expected, by: actor, action: .decline, declineReason: why, reason: reason)
    }

    private func decide(_ id: UUID, expected: ExpectedVersion?, by actor: Actor, action: ReferralAction,
                        declineReason: DeclineReason?, reason: String?) async throws -> [ReferralRecord] {
        try actor.require(.referralDecide)
        guard let expected else { throw DomainError.versionRequired }
        try await expireDue()
        let now = ctx.now
        let nowSeconds = self.nowSeconds
        return try await db.writeTransaction { db in
            let (r, facility) = try await operatorReferral(id, actor, on: db)
            try await FacilityService.lock(facility.id!, on: db)
            let group = try await ReferralRecord.query(on: db).filter(\.$groupID == r.groupID).all()
            var next: [UUID: ReferralStatus] = [:]
            for m in group where m.referralStatus == .pending || m.id == r.id {
                next[m.id!] = try ReferralRules.transition(from: m.referralStatus, action: action, now: nowSeconds, deadline: m.deadlineSeconds,
                                                           reason: reason, declineReason: declineReason)
            }
            let deciding = group.filter { next[$0.id!] != nil }
            if action == .accept {
                // Room for the whole group on top of who stays and what is already accepted.
                let occupancy = (try await FacilityService.occupancy([facility], now: now, on: db))[facility.id!] ?? FacilityOccupancy()
                var needed = BedCounts()
                for m in deciding { needed[m.bed] += 1 }
                let free = facility.capacity.subtractingClamped(occupancy.firm)
                let short = BedKind.allCases.filter { needed[$0] > free[$0] }
                if !short.isEmpty { throw DomainError.conflict("no_capacity") }
                if facility.facilityStatus != .open || !facility.location.active { throw DomainError.conflict("facility_closed") }
            }
            r.version = try await db.bumpVersion(table: ReferralRecord.schema, id: id, expected: expected)
            let text = reason.map(TextRules.clean).flatMap { $0.isEmpty ? nil : $0 }
            for m in deciding {
                m.status = next[m.id!]!.rawValue
                m.decidedBy = actor.username
                m.decidedAt = now
                if action == .decline { m.declineReason = declineReason?.rawValue; m.reason = text }
                if m.id == r.id { m.version = r.version } else { m.version += 1 }
                try await m.save(on: db)
            }
            try await AuditLog.append(deciding.map { AuditEntry("referral.\(action == .accept ? "accepted" : "declined")", "referral", $0.id,
                                                                fields: action == .decline ? ["declineReason", "reason"] : []) },
                                      by: AuditActor(actor), at: now, on: db)
            return deciding
        }
    }

    /// Cancelled before the operator decided, or revoked after acceptance (before hand-over): the beds are freed.
    func cancel(_ id: UUID, reason: String?, expected: ExpectedVersion?, by actor: Actor) async throws -> [ReferralRecord] {
        try actor.require(.referralCreate)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        let nowSeconds = self.nowSeconds
        return try await db.writeTransaction { db in
            let r = try await visibleReferral(id, actor, on: db)
            let group = try await ReferralRecord.query(on: db).filter(\.$groupID == r.groupID).all()
                .filter { !$0.referralStatus.isFinal || $0.id == r.id }
            var changed: [ReferralRecord] = []
            for m in group {
                let action: ReferralAction = m.referralStatus == .pending ? .cancel : .revoke
                let status = try ReferralRules.transition(from: m.referralStatus, action: action, now: nowSeconds, deadline: m.deadlineSeconds,
                                                          reason: reason, handedOver: m.handedOverAt != nil)
                m.status = status.rawValue
                m.reason = TextRules.clean(reason ?? "")
                m.decidedBy = m.decidedBy ?? actor.username
                m.transferID = nil
                changed.append(m)
            }
            r.version = try await db.bumpVersion(table: ReferralRecord.schema, id: id, expected: expected)
            try await FacilityService.lock(r.$facility.id, on: db)
            for m in changed {
                if m.id == r.id { m.version = r.version } else { m.version += 1 }
                try await m.save(on: db)
            }
            try await AuditLog.append(changed.map { AuditEntry("referral.cancelled", "referral", $0.id, fields: ["reason"]) },
                                      by: AuditActor(actor), at: now, on: db)
            return changed
        }
    }

    /// Pending referrals past their deadline become expired (their beds were already free at the deadline).
    @discardableResult
    func expireDue() async throws -> Int {
        let now = ctx.now
        let due = try await ReferralRecord.query(on: db).filter(\.$status == ReferralStatus.pending.rawValue).filter(\.$deadline <= now).all()
        guard !due.isEmpty else { return 0 }
        try await db.writeTransaction { db in
            for r in due {
                let changed = try await db.sql.update(ReferralRecord.schema).set("status", to: ReferralStatus.expired.rawValue)
                    .set("version", to: SQLBinaryExpression(SQLColumn("version"), .add, SQLLiteral.numeric("1")))
                    .where("id", .equal, r.id!).where("status", .equal, ReferralStatus.pending.rawValue).returning("id").all()
                if !changed.isEmpty {
                    try await FacilityService.lock(r.$facility.id, on: db)
                    try await AuditLog.append(AuditEntry("referral.expired", "referral", r.id), by: .system, at: now, on: db)
                }
            }
        }
        return due.count
    }

    // MARK: Reading

    func get(_ id: UUID, by actor: Actor) async throws -> View {
        let r = try await visibleReferral(id, actor, on: db)
        guard let person = try await PersonRecord.find(r.personID, on: db),
              let facility = try await FacilityRecord.query(on: db).filter(\.$id == r.$facility.id).with(\.$location).first() else { throw DomainError.notFound }
        return View(referral: r, person: person, facility: facility, location: facility.location)
    }

    /// Referrals the actor may see: to their facilities (operators), or of people in their scope.
    func list(status: ReferralStatus?, facilityID: UUID?, overdue: Bool, page: Paging, by actor: Actor) async throws -> (items: [View], total: Int) {
        guard actor.can(.referralCreate) || actor.can(.referralDecide) || actor.can(.transferHandover) else { throw DomainError.forbidden }
        try await expireDue()
        var q = ReferralRecord.query(on: db)
        if let status { q = q.filter(\.$status == status.rawValue) }
        if let facilityID { q = q.filter(\.$facility.$id == facilityID) }
        if overdue {
            // Waiting for the operator with less than a quarter of the hold left, or accepted and not moved for a week.
            let soon = ctx.now.addingTimeInterval(12 * 3600)
            q = q.group(.or) { or in
                or.group(.and) { $0.filter(\.$status == ReferralStatus.pending.rawValue).filter(\.$deadline <= soon) }
                or.group(.and) { $0.filter(\.$status == ReferralStatus.accepted.rawValue).filter(\.$decidedAt <= self.ctx.now.addingTimeInterval(-7 * 86400)) }
            }
        }
        let all = try await q.sort(\.$referredAt, .descending).limit(5000).all()
        let visible = try await visibleSet(all, actor)
        let rows = all.filter { visible.contains($0.id!) }
        let pageRows = Array(rows.dropFirst(page.offset).prefix(page.size))
        let people = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ pageRows.map(\.personID)).all().map { ($0.id!, $0) })
        let facilities = Dictionary(uniqueKeysWithValues: try await FacilityRecord.query(on: db).filter(\.$id ~~ pageRows.map { $0.$facility.id }).with(\.$location).all().map { ($0.id!, $0) })
        let items = pageRows.compactMap { r -> View? in
            guard let p = people[r.personID], let f = facilities[r.$facility.id] else { return nil }
            return View(referral: r, person: p, facility: f, location: f.location)
        }
        return (items, rows.count)
    }

    /// A person's referrals (for their page).
    func forPerson(_ personID: UUID, by actor: Actor) async throws -> [View] {
        guard let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
        let refs = try await ReferralRecord.query(on: db).filter(\.$personID == personID).sort(\.$referredAt, .descending).all()
        let facilities = Dictionary(uniqueKeysWithValues: try await FacilityRecord.query(on: db).filter(\.$id ~~ refs.map { $0.$facility.id }).with(\.$location).all().map { ($0.id!, $0) })
        return refs.compactMap { r in facilities[r.$facility.id].map { View(referral: r, person: person, facility: $0, location: $0.location) } }
    }

    private func visibleSet(_ refs: [ReferralRecord], _ actor: Actor) async throws -> Set<UUID> {
        var out = Set<UUID>()
        if actor.can(.referralDecide) {
            let mine = Set(try await FacilityRecord.query(on: db).join(LocationRecord.self, on: \FacilityRecord.$location.$id == \LocationRecord.$id)
                .filter(LocationRecord.self, \.$operatorOrganization.$id == actor.organizationID).all().compactMap(\.id))
            for r in refs where mine.contains(r.$facility.id) { out.insert(r.id!) }
        }
        let people = try await RecordScopes.visiblePersonIDs(Array(Set(refs.map(\.personID))), actor, on: db)
        for r in refs where people.contains(r.personID) { out.insert(r.id!) }
        return out
    }

    func visibleReferral(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> ReferralRecord {
        guard let r = try await ReferralRecord.find(id, on: db) else { throw DomainError.notFound }
        if actor.can(.referralDecide), let f = try await FacilityRecord.query(on: db).filter(\.$id == r.$facility.id).with(\.$location).first(),
           f.location.$operatorOrganization.id == actor.organizationID {
            return r
        }
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == r.personID).count() == 1 else { throw DomainError.notFound }
        return r
    }

    /// A referral to one of the operator's facilities (anyone else: not found).
    private func operatorReferral(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (ReferralRecord, FacilityRecord) {
        guard let r = try await ReferralRecord.find(id, on: db),
              let f = try await FacilityRecord.query(on: db).filter(\.$id == r.$facility.id).with(\.$location).first(),
              f.location.$operatorOrganization.id == actor.organizationID else { throw DomainError.notFound }
        return (r, f)
    }
}
