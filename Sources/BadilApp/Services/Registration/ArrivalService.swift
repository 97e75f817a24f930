import Fluent
import SQLKit
import Foundation
import BadilCore

struct ArrivalInput: StrictInput {
    var kind: String?
    var locationId: UUID?
    var occurredAt: Date?
    var interceptingUnit: String?
    var reportedCount: Int?
    static let allowedFields: Set<String> = ["kind", "locationId", "occurredAt", "interceptingUnit", "reportedCount"]
    static let nullableFields: Set<String> = ["interceptingUnit", "reportedCount"]
}

/// Disembarkations and detention intakes: registrations hang off them.
struct ArrivalService {
    let db: any Database
    let ctx: BadilContext

    struct Summary { let arrival: ArrivalRecord; let registered: Int }

    func list(kind: ArrivalKind?, locationID: UUID?, page: Paging, by actor: Actor) async throws -> (items: [Summary], total: Int) {
        guard actor.can(.arrivalRead) || actor.can(.arrivalRecord) || actor.can(.personRegister) else { throw DomainError.forbidden }
        var q = RecordScopes.arrivals(actor, on: db).with(\.$location)
        if let kind { q = q.filter(\.$kind == kind.rawValue) }
        if let locationID { q = q.filter(\.$location.$id == locationID) }
        let total = try await q.count()
        let items = try await q.sort(\.$occurredAt, .descending).range(page.offset..<(page.offset + page.size)).all()
        let counts = try await registeredCounts(items.compactMap(\.id))
        return (items.map { Summary(arrival: $0, registered: counts[$0.id!] ?? 0) }, total)
    }

    func registeredCounts(_ ids: [UUID]) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let arrival_id: UUID; let n: Int }
        let rows = try await db.sql.select().column("arrival_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(PersonRecord.schema).where("arrival_id", .in, ids).groupBy("arrival_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.arrival_id, $0.n) })
    }

    func get(_ id: UUID, by actor: Actor) async throws -> Summary {
        guard actor.can(.arrivalRead) || actor.can(.arrivalRecord) || actor.can(.personRegister) else { throw DomainError.forbidden }
        guard let arrival = try await RecordScopes.arrivals(actor, on: db).filter(\.$id == id).with(\.$location).first() else {
            throw DomainError.notFound
        }
        return Summary(arrival: arrival, registered: try await registeredCounts([id])[id] ?? 0)
    }

    func create(_ input: ArrivalInput, by actor: Actor) async throws -> ArrivalRecord {
        try actor.require(.arrivalRecord)
        var v = FieldChecker()
        let kind = v.choice("kind", input.kind, required: true, as: ArrivalKind.self)
        var location: LocationRecord?
        if let id = input.locationId {
            location = try await LocationRecord.find(id, on: db)
            if location == nil { v.add("locationId", "not_found_ref") }
        } else { v.add("locationId", "required") }
        if let kind, let location {
            if location.locationType != kind.locationType { v.add("locationId", "location_kind_mismatch") }
            if !location.active { v.add("locationId", "location_inactive") }
        }
        let now = ctx.now
        let occurredAt = input.occurredAt ?? now
        if occurredAt > now.addingTimeInterval(10 * 60) { v.add("occurredAt", "date_in_future") }
        if occurredAt < now.addingTimeInterval(-5 * 365 * 86400) { v.add("occurredAt", "date_too_old") }
        let unit = v.optionalText("interceptingUnit", input.interceptingUnit, max: 120)
        if let n = input.reportedCount, !(0...2000).contains(n) { v.add("reportedCount", "out_of_range", ["min": "0", "max": "2000"]) }
        try v.finish()
        let arrival = ArrivalRecord()
        arrival.kind = kind!.rawValue
        arrival.$location.id = location!.id!
        arrival.occurredAt = occurredAt
        arrival.interceptingUnit = unit
        arrival.reportedCount = input.reportedCount
        arrival.officeCode = ctx.reference.officeCode(forPcode: location!.pcode)
        arrival.createdByID = actor.userID
        arrival.organizationID = actor.organizationID
        arrival.version = 1
        try await db.writeTransaction { db in
            try await arrival.create(on: db)
            try await AuditLog.append(AuditEntry("arrival.recorded", "arrival", arrival.id, fields: Array(ArrivalInput.allowedFields)),
                                      by: AuditActor(actor), at: now, on: db)
        }
        arrival.$location.value = location
        return arrival
    }
}
