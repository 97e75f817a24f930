import Fluent
import Foundation
import BadilCore

/// The locations registry: disembarkation points, detention centres, alternatives, offices.
struct LocationService {
    let db: any Database
    let ctx: BadilContext

    struct Filter { var type: LocationType?; var query: String?; var pcode: String?; var activeOnly = false }

    func list(_ filter: Filter, page: Paging, by actor: Actor) async throws -> (items: [LocationRecord], total: Int) {
        try actor.require(.locationRead)
        var q = LocationRecord.query(on: db)
        if let type = filter.type { q = q.filter(\.$type == type.rawValue) }
        if let pcode = filter.pcode, !pcode.isEmpty { q = q.filter(\.$pcode == pcode.uppercased()) }
        if filter.activeOnly { q = q.filter(\.$active == true) }
        if let text = filter.query, !text.isEmpty {
            q = q.group(.or) { $0.filter(\.$nameEn ~~ text).filter(\.$nameFr ~~ text).filter(\.$nameAr ~~ text) }
        }
        let total = try await q.count()
        let items = try await q.sort(\.$nameEn).range(page.offset..<(page.offset + page.size)).all()
        return (items, total)
    }

    func get(_ id: UUID, by actor: Actor) async throws -> LocationRecord {
        try actor.require(.locationRead)
        guard let location = try await LocationRecord.find(id, on: db) else { throw DomainError.notFound }
        return location
    }

    private struct Valid {
        let type: LocationType; let en: String; let fr: String; let ar: String
        let pcode: String?; let operatorID: UUID?; let lat: Double?; let lon: Double?; let active: Bool
    }

    private func validated(_ input: LocationInput, current: LocationRecord?, cleared: Set<String> = [], on db: any Database) async throws -> Valid {
        // A field sent as null is cleared: forget the current value.
        func kept<T>(_ name: String, _ value: T?) -> T? { cleared.contains(name) ? nil : value }
        var v = FieldChecker()
        let type = v.choice("type", input.type ?? current?.type, required: true, as: LocationType.self)
        let en = v.requireText("nameEn", input.nameEn ?? current?.nameEn, max: 160)
        let fr = v.optionalText("nameFr", input.nameFr ?? kept("nameFr", current?.nameFr), max: 160) ?? en ?? ""
        let ar = v.optionalText("nameAr", input.nameAr ?? kept("nameAr", current?.nameAr), max: 160) ?? en ?? ""
        let pcode = ctx.reference.codes.adminArea(input.pcode ?? kept("pcode", current?.pcode), field: "pcode", into: &v)
        let operatorID = input.operatorId ?? kept("operatorId", current?.$operatorOrganization.id)
        if let operatorID, try await OrganizationRecord.find(operatorID, on: db) == nil {
            v.add("operatorId", "not_found_ref")
        }
        let lat = input.latitude ?? kept("latitude", current?.latitude)
        let lon = input.longitude ?? kept("longitude", current?.longitude)
        Coordinates.check(latitude: lat, longitude: lon, into: &v)
        try v.finish()
        return Valid(type: type!, en: en!, fr: fr, ar: ar, pcode: pcode, operatorID: operatorID, lat: lat, lon: lon,
                     active: input.active ?? current?.active ?? true)
    }

    private func apply(_ valid: Valid, to location: LocationRecord) -> [String] {
        var changed: [String] = []
        func set<T: Equatable>(_ name: String, _ old: T, _ new: T, _ assign: () -> Void) {
            if old != new { changed.append(name); assign() }
        }
        set("type", location.type, valid.type.rawValue) { location.type = valid.type.rawValue }
        set("nameEn", location.nameEn, valid.en) { location.nameEn = valid.en }
        set("nameFr", location.nameFr, valid.fr) { location.nameFr = valid.fr }
        set("nameAr", location.nameAr, valid.ar) { location.nameAr = valid.ar }
        set("pcode", location.pcode, valid.pcode) { location.pcode = valid.pcode }
        set("operatorId", location.$operatorOrganization.id, valid.operatorID) { location.$operatorOrganization.id = valid.operatorID }
        set("latitude", location.latitude, valid.lat) { location.latitude = valid.lat }
        set("longitude", location.longitude, valid.lon) { location.longitude = valid.lon }
        set("active", location.active, valid.active) { location.active = valid.active }
        return changed
    }

    func create(_ input: LocationInput, by actor: Actor) async throws -> LocationRecord {
        try actor.require(.locationManage)
        let now = ctx.now
        return try await db.writeTransaction { db in
            let valid = try await validated(input, current: nil, on: db)
            if try await LocationRecord.query(on: db).filter(\.$nameEn == valid.en).count() > 0 {
                throw DomainError.duplicate([FieldIssue("nameEn", "already_taken")])
            }
            let location = LocationRecord()
            location.nameEn = ""; location.nameFr = ""; location.nameAr = ""; location.type = ""; location.active = true
            location.version = 1
            let changed = apply(valid, to: location)
            try await location.create(on: db)
            try await AuditLog.append(AuditEntry("location.created", "location", location.id, fields: changed), by: AuditActor(actor), at: now, on: db)
            return location
        }
    }

    func update(_ id: UUID, _ input: LocationInput, cleared: Set<String> = [], expectedVersion: ExpectedVersion?, by actor: Actor) async throws -> LocationRecord {
        try actor.require(.locationManage)
        guard let expectedVersion else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let location = try await LocationRecord.find(id, on: db) else { throw DomainError.notFound }
            let valid = try await validated(input, current: location, cleared: cleared, on: db)
            if valid.en != location.nameEn, try await LocationRecord.query(on: db).filter(\.$nameEn == valid.en).count() > 0 {
                throw DomainError.duplicate([FieldIssue("nameEn", "already_taken")])
            }
            let newVersion = try await db.bumpVersion(table: LocationRecord.schema, id: id, expected: expectedVersion)
            let changed = apply(valid, to: location)
            location.version = newVersion
            try await location.save(on: db)
            try await AuditLog.append(AuditEntry("location.updated", "location", id, fields: changed), by: AuditActor(actor), at: now, on: db)
            return location
        }
    }
}
