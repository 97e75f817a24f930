import Fluent
import Foundation
import BadilCore

struct TransferInput: StrictInput {
    var referralIds: [UUID]?
    var date: String?
    var vehicle: String?
    var notes: String?
    static let allowedFields: Set<String> = ["referralIds", "date", "vehicle", "notes"]
}

struct PassengerActionInput: StrictInput {
    var referralId: UUID?
    var reason: String?
    static let allowedFields: Set<String> = ["referralId", "reason"]
}

/// Transfers: accepted referrals from one origin moved together; hand-over confirmed at the origin, arrival
/// at the facility, which ends the old stay and starts the new one in the same transaction.
struct TransferService {
    let db: any Database
    let ctx: BadilContext

    struct Passenger: Sendable { let referral: ReferralRecord; let person: PersonRecord; let facility: FacilityRecord; let location: LocationRecord }
    struct View: Sendable { let transfer: TransferRecord; let origin: LocationRecord; let passengers: [Passenger] }

    var nowSeconds: Int64 { Int64(ctx.now.timeIntervalSince1970.rounded(.down)) }

    func create(_ input: TransferInput, by actor: Actor) async throws -> View {
        try actor.require(.referralCreate)
        let ids = input.referralIds ?? []
        var v = FieldChecker()
        var date: DayDate?
        if let raw = input.date?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            date = DayDate(raw)
            if date == nil { v.add("date", "invalid_date") }
        }
        try v.finish()
        let day = date
        let now = ctx.now
        let today = DayDate(now)
        let id: UUID = try await db.writeTransaction { db in
            let referrals = try await ReferralRecord.query(on: db).filter(\.$id ~~ ids).all()
            let visible = try await RecordScopes.visiblePersonIDs(referrals.map(\.personID), actor, on: db)
            guard referrals.count == Set(ids).count, referrals.allSatisfy({ visible.contains($0.personID) }) else { throw DomainError.notFound }
            var candidates: [TransferCandidate] = []
            for rid in ids {
                guard let r = referrals.first(where: { $0.id == rid }) else { continue }
                let current = try await StayRecord.query(on: db).filter(\.$personID == r.personID).filter(\.$endedAt == nil).first()?.$location.id
                candidates.append(TransferCandidate(referralID: rid.uuidString, status: r.referralStatus,
                                                    originID: (current ?? r.originLocationID)?.uuidString ?? "none"))
            }
            let plan = try TransferRules.validate(TransferDraft(date: day, vehicle: input.vehicle, notes: input.notes), referrals: candidates, today: today)
            guard let origin = UUID(uuidString: plan.originID) else { throw DomainError.invalid([FieldIssue("referralIds", "transfer_origin_mismatch")]) }
            let t = TransferRecord()
            t.id = UUID()
            t.originLocationID = origin
            t.date = plan.date.description
            t.vehicle = plan.vehicle
            t.notes = plan.notes
            t.status = TransferStatus.planned.rawValue
            t.createdByID = actor.userID
            t.createdBy = actor.username
            t.organizationID = actor.organizationID
            t.version = 1
            try await t.create(on: db)
            for r in referrals {
                r.status = try ReferralRules.transition(from: r.referralStatus, action: .schedule, now: nowSeconds, deadline: r.deadlineSeconds).rawValue
                r.transferID = t.id
                r.version += 1
                try await r.save(on: db)
            }
            try await AuditLog.append([AuditEntry("transfer.planned", "transfer", t.id, fields: ["date", "vehicle", "referrals"])] +
                                      referrals.map { AuditEntry("referral.scheduled", "referral", $0.id) }, by: AuditActor(actor), at: now, on: db)
            return t.id!
        }
        return try await get(id, by: actor, audit: false)
    }

    /// A transfer and its manifest, for whoever plans it, hands people over or receives them.
    func get(_ id: UUID, by actor: Actor, audit: Bool = true) async throws -> View {
        guard let t = try await TransferRecord.find(id, on: db), let origin = try await LocationRecord.find(t.originLocationID, on: db) else {
            throw DomainError.notFound
        }
        let referrals = try await ReferralRecord.query(on: db).filter(\.$transferID == id).all()
        let facilities = Dictionary(uniqueKeysWithValues: try await FacilityRecord.query(on: db).filter(\.$id ~~ referrals.map { $0.$facility.id })
            .with(\.$location).all().map { ($0.id!, $0) })
        let atOrigin = actor.can(.transferHandover) && origin.$operatorOrganization.id == actor.organizationID
        let atDestination = actor.can(.referralDecide) && facilities.values.contains { $0.location.$operatorOrganization.id == actor.organizationID }
        var planner = false
        if actor.can(.referralCreate) { planner = !(try await RecordScopes.visiblePersonIDs(referrals.map(\.personID), actor, on: db)).isEmpty }
        guard atOrigin || atDestination || planner || (referrals.isEmpty && actor.can(.referralCreate) && t.organizationID == actor.organizationID) else {
            throw DomainError.notFound
        }
        let people = Dictionary(uniqueKeysWithValues: try await PersonRecord.query(on: db).filter(\.$id ~~ referrals.map(\.personID)).all().map { ($0.id!, $0) })
        let passengers = referrals.compactMap { r -> Passenger? in
            guard let p = people[r.personID], let f = facilities[r.$facility.id] else { return nil }
            return Passenger(referral: r, person: p, facility: f, location: f.location)
        }.sorted { $0.person.caseNumber < $1.person.caseNumber }
        if audit {
            let now = ctx.now
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("transfer.read", "transfer", id), by: AuditActor(actor), at: now, on: db)
            }
        }
        return View(transfer: t, origin: origin, passengers: passengers)
    }

    func list(page: Paging, by actor: Actor) async throws -> (items: [TransferRecord], total: Int) {
        guard actor.can(.referralCreate) || actor.can(.transferHandover) || actor.can(.referralDecide) else { throw DomainError.forbidden }
        let all = try await TransferRecord.query(on: db).sort(\.$date, .descending).limit(2000).all()
        var visible: [TransferRecord] = []
        for t in all where (try? await get(t.id!, by: actor, audit: false)) != nil { visible.append(t) }
        return (Array(visible.dropFirst(page.offset).prefix(page.size)), visible.count)
    }

    enum PassengerAction: String { case handOver = "hand_over", arrive, noShow = "no_show", refuse }

    /// Hand-over at the origin (detention officer of the origin, or the caseworker at a quay), arrival at the
    /// facility (its operator), or a no-show or refusal with a reason (either side).
    func record(_ action: PassengerAction, transferID: UUID, referralID: UUID?, reason: String?, by actor: Actor) async throws -> View {
        guard let referralID else { throw DomainError.invalid([FieldIssue("referralId", "required")]) }
        let now = ctx.now
        let nowSeconds = self.nowSeconds
        try await db.writeTransaction { db in
            guard let t = try await TransferRecord.find(transferID, on: db), let origin = try await LocationRecord.find(t.originLocationID, on: db) else {
                throw DomainError.notFound
            }
            let referrals = try await ReferralRecord.query(on: db).filter(\.$transferID == transferID).all()
            guard let r = referrals.first(where: { $0.id == referralID }) else { throw DomainError.conflict("not_on_transfer") }
            guard let facility = try await FacilityRecord.query(on: db).filter(\.$id == r.$facility.id).with(\.$location).first() else { throw DomainError.notFound }
            var isOriginSide = actor.can(.transferHandover) && origin.$operatorOrganization.id == actor.organizationID
            if !isOriginSide && actor.can(.referralCreate) && !origin.locationType.isDetention {
                isOriginSide = try await RecordScopes.persons(actor, on: db).filter(\.$id == r.personID).count() == 1
            }
            let isDestination = actor.can(.referralDecide) && facility.location.$operatorOrganization.id == actor.organizationID
            switch action {
            case .handOver: guard isOriginSide else { throw DomainError.forbidden }
            case .arrive: guard isDestination else { throw DomainError.forbidden }
            case .noShow, .refuse: guard isOriginSide || isDestination else { throw DomainError.forbidden }
            }
            let manifest = referrals.map { TransferPassenger(referralID: $0.id!.uuidString, status: $0.referralStatus,
                                                             handedOverAt: $0.handedOverAt.map { Int64($0.timeIntervalSince1970) }) }
            let coreAction: ReferralAction = [.handOver: .handOver, .arrive: .arrive, .noShow: .noShow, .refuse: .refuse][action]!
            let passenger = try TransferRules.record(coreAction, referralID: referralID.uuidString, manifest: manifest, now: nowSeconds, reason: reason)
            r.status = passenger.status.rawValue
            r.version += 1
            switch action {
            case .handOver:
                r.handedOverAt = now
                r.handedOverBy = actor.username
            case .arrive:
                try await FacilityService.lock(facility.id!, on: db)
                r.arrivedAt = now
                r.arrivedBy = actor.username
                if let open = try await StayRecord.query(on: db).filter(\.$personID == r.personID).filter(\.$endedAt == nil).first() {
                    open.endedAt = now
                    try await open.save(on: db)
                    try await FacilityService.touch(locationID: open.$location.id, on: db)
                }
                let stay = StayRecord()
                stay.id = UUID()
                stay.personID = r.personID
                stay.$location.id = facility.$location.id
                stay.startedAt = now
                stay.reason = "referral"
                stay.createdBy = actor.username
                stay.bedKind = r.bedKind
                try await stay.create(on: db)
            case .noShow, .refuse:
                r.reason = TextRules.clean(reason ?? "")
                try await FacilityService.lock(facility.id!, on: db)
            }
            try await r.save(on: db)
            let statuses = referrals.map { $0.id == r.id ? r.referralStatus : $0.referralStatus }
            t.status = TransferRules.status(of: statuses, anyHandedOver: referrals.contains { $0.handedOverAt != nil } || r.handedOverAt != nil).rawValue
            t.version += 1
            try await t.save(on: db)
            var entries = [AuditEntry("referral.\(action.rawValue)", "referral", r.id, fields: action == .noShow || action == .refuse ? ["reason"] : [])]
            if action == .arrive { entries.append(AuditEntry("person.moved", "person", r.personID, fields: ["stays"])) }
            try await AuditLog.append(entries, by: AuditActor(actor), at: now, on: db)
        }
        return try await get(transferID, by: actor, audit: false)
    }

    /// Cancels a transfer nobody has been handed over on: its people are accepted again, ready for another one.
    func cancel(_ id: UUID, reason: String?, by actor: Actor) async throws -> View {
        try actor.require(.referralCreate)
        let now = ctx.now
        try await db.writeTransaction { db in
            guard let t = try await TransferRecord.find(id, on: db) else { throw DomainError.notFound }
            let referrals = try await ReferralRecord.query(on: db).filter(\.$transferID == id).all()
            let visible = try await RecordScopes.visiblePersonIDs(referrals.map(\.personID), actor, on: db)
            guard !visible.isEmpty || t.organizationID == actor.organizationID else { throw DomainError.notFound }
            let manifest = referrals.map { TransferPassenger(referralID: $0.id!.uuidString, status: $0.referralStatus,
                                                             handedOverAt: $0.handedOverAt.map { Int64($0.timeIntervalSince1970) }) }
            let after = try TransferRules.cancel(manifest, reason: reason)
            for r in referrals {
                if let p = after.first(where: { $0.referralID == r.id!.uuidString }), p.status == .accepted {
                    r.status = ReferralStatus.accepted.rawValue
                    r.transferID = nil
                    r.version += 1
                    try await r.save(on: db)
                }
            }
            t.status = TransferStatus.cancelled.rawValue
            t.cancelReason = TextRules.clean(reason ?? "")
            t.version += 1
            try await t.save(on: db)
            try await AuditLog.append(AuditEntry("transfer.cancelled", "transfer", id, fields: ["reason"]), by: AuditActor(actor), at: now, on: db)
        }
        return try await get(id, by: actor, audit: false)
    }
}
