import Fluent
import Foundation
import SQLKit
import BadilCore

struct FacilityInput: StrictInput {
    var locationId: UUID?
    var status: String?
    var capacity: [String: Int]?
    var suitability: [String]?
    var languages: [String]?
    var contact: String?
    var notes: String?
    static let allowedFields: Set<String> = ["locationId", "status", "capacity", "suitability", "languages", "contact", "notes"]
    static let nullableFields: Set<String> = ["contact", "notes"]
    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] {
        guard let capacity = body["capacity"] as? [String: Any] else { return [] }
        return capacity.keys.sorted().filter { BedKind(rawValue: $0) == nil }.map { FieldIssue("capacity.\($0)", "unknown_field") }
    }
}

/// Beds in use at a facility: people staying, beds committed to accepted referrals and transfers, and beds
/// held by pending referrals until their deadline.
struct FacilityOccupancy: Sendable {
    var staying = BedCounts()
    var committed = BedCounts()
    var pending = BedCounts()
    /// Referrals the operator accepted and declined so far (for the acceptance rate).
    var accepted = 0
    var declined = 0

    /// Everything that takes a bed now (what new referrals are checked against).
    var used: BedCounts { staying.adding(committed).adding(pending) }
    /// What acceptances are checked against: pending referrals compete with each other for what is left.
    var firm: BedCounts { staying.adding(committed) }
    var acceptanceRate: Double? { accepted + declined == 0 ? nil : Double(accepted) / Double(accepted + declined) }
}

extension BedCounts {
    func adding(_ o: BedCounts) -> BedCounts {
        BedCounts(male: male + o.male, female: female + o.female, familyRoom: familyRoom + o.familyRoom, child: child + o.child)
    }
    var kinds: [BedKind: Int] { dictionary }
}

/// Facilities: their accommodation profile (operators keep their own up to date) and live occupancy.
struct FacilityService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let facility: FacilityRecord
        let location: LocationRecord
        let occupancy: FacilityOccupancy
    }

    /// Who may change a facility: its operator's people with `facility.manage`.
    static func canManage(_ location: LocationRecord, _ actor: Actor) -> Bool {
        actor.can(.facilityManage) && location.$operatorOrganization.id == actor.organizationID
    }

    static func canRead(_ actor: Actor) -> Bool {
        actor.can(.referralCreate) || actor.can(.facilityManage) || actor.can(.referralDecide) || actor.can(.reportAggregate)
    }

    func list(type: AccommodationType?, onlyOwn: Bool, page: Paging, by actor: Actor) async throws -> (items: [View], total: Int) {
        guard Self.canRead(actor) else { throw DomainError.forbidden }
        var q = FacilityRecord.query(on: db).join(LocationRecord.self, on: \FacilityRecord.$location.$id == \LocationRecord.$id)
        if let type { q = q.filter(LocationRecord.self, \.$type == type.rawValue) }
        if onlyOwn { q = q.filter(LocationRecord.self, \.$operatorOrganization.$id == actor.organizationID) }
        let total = try await q.count()
        let rows = try await q.sort(LocationRecord.self, \.$nameEn).offset(page.offset).limit(page.size).with(\.$location).all()
        let occupancy = try await Self.occupancy(rows, now: ctx.now, on: db)
        return (rows.map { View(facility: $0, location: $0.location, occupancy: occupancy[$0.id!] ?? FacilityOccupancy()) }, total)
    }

    func get(_ id: UUID, by actor: Actor) async throws -> View {
        guard Self.canRead(actor) else { throw DomainError.forbidden }
        guard let f = try await FacilityRecord.query(on: db).filter(\.$id == id).with(\.$location).first() else { throw DomainError.notFound }
        let occupancy = try await Self.occupancy([f], now: ctx.now, on: db)
        return View(facility: f, location: f.location, occupancy: occupancy[id] ?? FacilityOccupancy())
    }

    func create(_ input: FacilityInput, by actor: Actor) async throws -> FacilityRecord {
        try actor.require(.facilityManage)
        let now = ctx.now
        var v = FieldChecker()
        guard let locationID = input.locationId else { throw DomainError.invalid([FieldIssue("locationId", "required")]) }
        guard let location = try await LocationRecord.find(locationID, on: db) else {
            throw DomainError.invalid([FieldIssue("locationId", "not_found_ref")])
        }
        if !location.locationType.isAlternative { v.add("locationId", "not_alternative_accommodation") }
        if location.$operatorOrganization.id != actor.organizationID { v.add("locationId", "not_your_facility") }
        try v.finish()
        let f = FacilityRecord()
        f.id = UUID()
        f.$location.id = locationID
        f.lockSeq = 0
        f.version = 1
        f.status = ""
        f.capMale = 0; f.capFemale = 0; f.capFamilyRoom = 0; f.capChild = 0
        f.suitability = ""
        f.languages = ""
        f.contact = nil
        f.notes = nil
        try apply(input, to: f, location: location)
        return try await db.writeTransaction { db in
            if try await FacilityRecord.query(on: db).filter(\.$location.$id == locationID).count() > 0 {
                throw DomainError.duplicate([FieldIssue("locationId", "facility_exists")])
            }
            try await f.create(on: db)
            try await AuditLog.append(AuditEntry("facility.created", "facility", f.id, fields: ["capacity", "suitability", "status"]),
                                      by: AuditActor(actor), at: now, on: db)
            return f
        }
    }

    /// Changes the profile. Capacity can never go below the beds people occupy or that accepted referrals hold.
    func update(_ id: UUID, _ input: FacilityInput, cleared: Set<String>, expected: ExpectedVersion?, by actor: Actor) async throws -> FacilityRecord {
        try actor.require(.facilityManage)
        guard let expected else { throw DomainError.versionRequired }
        if input.locationId != nil { throw DomainError.invalid([FieldIssue("locationId", "not_changeable")]) }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let f = try await FacilityRecord.query(on: db).filter(\.$id == id).with(\.$location).first() else { throw DomainError.notFound }
            guard Self.canManage(f.location, actor) else { throw DomainError.notFound }
            try apply(input, to: f, location: f.location, cleared: cleared)
            try await Self.lock(id, on: db)
            let firm = (try await Self.occupancy([f], now: now, on: db))[id]?.firm ?? BedCounts()
            let over = BedKind.allCases.filter { f.capacity[$0] < firm[$0] }
            if !over.isEmpty {
                throw DomainError.invalid(over.map { FieldIssue("capacity.\($0.rawValue)", "capacity_below_occupancy", ["used": String(firm[$0])]) })
            }
            f.version = try await db.bumpVersion(table: FacilityRecord.schema, id: id, expected: expected)
            f.lockSeq += 1
            try await f.save(on: db)
            var fields: [String] = []
            if input.capacity != nil { fields.append("capacity") }
            if input.status != nil { fields.append("status") }
            if input.suitability != nil { fields.append("suitability") }
            if input.languages != nil { fields.append("languages") }
            try await AuditLog.append(AuditEntry("facility.updated", "facility", id, fields: fields), by: AuditActor(actor), at: now, on: db)
            return f
        }
    }

    private func apply(_ input: FacilityInput, to f: FacilityRecord, location: LocationRecord, cleared: Set<String> = []) throws {
        var v = FieldChecker()
        let status = v.choice("status", input.status ?? (f.status.isEmpty ? FacilityStatus.open.rawValue : f.status), required: true, as: FacilityStatus.self)
        var suits = f.id == nil || f.suitability.isEmpty ? Set<FacilitySuitability>() : f.suitabilitySet
        if let raw = input.suitability {
            suits = []
            for (i, s) in raw.enumerated() {
                if let value = FacilitySuitability(rawValue: s) { suits.insert(value) }
                else { v.add("suitability.\(i)", "unknown_value", ["allowed": FacilitySuitability.allCases.map(\.rawValue).joined(separator: ", ")]) }
            }
        }
        var capacity: [BedKind: Int] = (f.suitability.isEmpty && f.capMale == 0 && f.capFemale == 0 && f.capFamilyRoom == 0 && f.capChild == 0)
            ? [:] : f.capacity.dictionary
        for (key, n) in input.capacity ?? [:] { if let kind = BedKind(rawValue: key) { capacity[kind] = n } }
        let contact = cleared.contains("contact") ? nil : v.optionalText("contact", input.contact ?? f.contact, max: 300)
        let notes = cleared.contains("notes") ? nil : v.optionalText("notes", input.notes ?? f.notes, max: 2000)
        let languages = input.languages ?? Array(f.languageSet)
        try v.finish()
        guard let type = AccommodationType(location.locationType) else { throw DomainError.invalid([FieldIssue("locationId", "not_alternative_accommodation")]) }
        let checked = try FacilityRules.validate(FacilityProfile(id: location.id!.uuidString, name: location.nameEn, type: type, status: status!,
                                                                 capacity: capacity, suitability: suits, languages: Set(languages)),
                                                 codes: ctx.reference.codes)
        f.status = checked.status.rawValue
        f.capMale = checked.capacity[.male] ?? 0
        f.capFemale = checked.capacity[.female] ?? 0
        f.capFamilyRoom = checked.capacity[.familyRoom] ?? 0
        f.capChild = checked.capacity[.child] ?? 0
        f.suitability = checked.suitability.map(\.rawValue).sorted().joined(separator: ",")
        f.languages = checked.languages.sorted().joined(separator: ",")
        f.contact = contact
        f.notes = notes
    }

    // MARK: Occupancy and locking

    /// Takes the facility's write lock for the rest of the transaction: every transaction that takes beds
    /// raises `lock_seq` first, so on PostgreSQL (row lock) and on SQLite (writer lock) they run one at a time.
    static func lock(_ id: UUID, on db: any Database) async throws {
        try await db.sql.update(FacilityRecord.schema)
            .set("lock_seq", to: SQLBinaryExpression(SQLColumn("lock_seq"), .add, SQLLiteral.numeric("1")))
            .where("id", .equal, id).run()
    }

    /// Marks the facility at a location as changed (a stay there ended): occupancy snapshots are rebuilt.
    static func touch(locationID: UUID, on db: any Database) async throws {
        try await db.sql.update(FacilityRecord.schema)
            .set("lock_seq", to: SQLBinaryExpression(SQLColumn("lock_seq"), .add, SQLLiteral.numeric("1")))
            .where("location_id", .equal, locationID).run()
    }

    /// Occupancy of several facilities in two aggregate queries.
    static func occupancy(_ facilities: [FacilityRecord], now: Date, on db: any Database) async throws -> [UUID: FacilityOccupancy] {
        guard !facilities.isEmpty else { return [:] }
        var out: [UUID: FacilityOccupancy] = [:]
        var byLocation: [UUID: UUID] = [:]
        for f in facilities { byLocation[f.$location.id] = f.id!; out[f.id!] = FacilityOccupancy() }
        let today = DayDate(now).description
        struct StayRow: Decodable { let location_id: UUID; let kind: String; let n: Int }
        struct ReferralRow: Decodable { let facility_id: UUID; let bed_kind: String; let status: String; let live: Int; let n: Int }
        for chunk in PersonWrites.chunks(Array(byLocation.keys), size: 500) {
            // Stays record their bed kind (read from the index alone); older stays without one count by the person.
            let stays = try await db.sql.raw("""
                SELECT location_id, bed_kind AS kind, COUNT(*) AS n FROM stays
                WHERE ended_at IS NULL AND location_id IN (\(binds: Array(chunk))) AND bed_kind IS NOT NULL
                GROUP BY 1, 2
                UNION ALL
                SELECT s.location_id AS location_id,
                       CASE WHEN p.child_until > \(bind: today) THEN 'child' WHEN p.sex = 'female' THEN 'female' ELSE 'male' END AS kind,
                       COUNT(*) AS n
                FROM stays s JOIN persons p ON p.id = s.person_id
                WHERE s.ended_at IS NULL AND s.location_id IN (\(binds: Array(chunk))) AND s.bed_kind IS NULL
                GROUP BY 1, 2
                """).all(decoding: StayRow.self)
            for r in stays {
                guard let fid = byLocation[r.location_id], let kind = BedKind(rawValue: r.kind) else { continue }
                out[fid]!.staying[kind] += r.n
            }
        }
        for chunk in PersonWrites.chunks(Array(out.keys), size: 500) {
            let refs = try await db.sql.raw("""
                SELECT facility_id, bed_kind, status, CASE WHEN deadline > \(bind: now) THEN 1 ELSE 0 END AS live, COUNT(*) AS n
                FROM referrals WHERE facility_id IN (\(binds: Array(chunk)))
                GROUP BY 1, 2, 3, 4
                """).all(decoding: ReferralRow.self)
            for r in refs {
                guard out[r.facility_id] != nil, let status = ReferralStatus(rawValue: r.status) else { continue }
                let kind = BedKind(rawValue: r.bed_kind) ?? .male
                switch status {
                case .pending where r.live == 1: out[r.facility_id]!.pending[kind] += r.n
                case .accepted, .inTransfer: out[r.facility_id]!.committed[kind] += r.n
                default: break
                }
                if [.accepted, .inTransfer, .arrived, .noShow, .refused].contains(status) { out[r.facility_id]!.accepted += r.n }
                if status == .declined { out[r.facility_id]!.declined += r.n }
            }
        }
        return out
    }

    static func profile(_ f: FacilityRecord, _ location: LocationRecord, _ occ: FacilityOccupancy) -> FacilityProfile {
        FacilityProfile(id: f.id!.uuidString, name: location.nameEn, type: AccommodationType(location.locationType) ?? .shelter,
                        status: location.active ? f.facilityStatus : .temporarilyClosed, capacity: f.capacity.dictionary,
                        suitability: f.suitabilitySet, languages: f.languageSet, latitude: location.latitude, longitude: location.longitude,
                        acceptanceRate: occ.acceptanceRate, operatorOrganizationID: location.$operatorOrganization.id?.uuidString)
    }
}
