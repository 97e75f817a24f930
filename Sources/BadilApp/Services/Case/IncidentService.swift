import Fluent
import Foundation
import SQLKit
import BadilCore

struct IncidentInput: StrictInput {
    var kind: String?
    var occurredOn: String?
    var locationId: UUID?
    var notes: String?
    static let allowedFields: Set<String> = ["kind", "occurredOn", "locationId", "notes"]
    static let nullableFields: Set<String> = ["locationId", "notes"]
}

/// Incidents on a person's case. Absconding from a facility ends the stay there (the bed is free again);
/// a re-detention ends the open stay and starts one at the detention centre, so the child-in-detention
/// alert picks up a child at once, and the decision in force is reopened (`CaseReDetention`). Medical emergencies and protection incidents are recorded only.
struct IncidentService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let incident: IncidentRecord
        let location: LocationRecord?
    }

    /// A person's incidents, latest first. `audit` is off where the read is part of a page already audited.
    func list(personID: UUID, by actor: Actor, audit: Bool = true) async throws -> [View] {
        try actor.require(.personRead)
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() == 1 else { throw DomainError.notFound }
        let rows = try await IncidentRecord.query(on: db).filter(\.$personID == personID)
            .sort(\.$occurredOn, .descending).sort(\.$recordedAt, .descending).all()
        let ids = Array(Set(rows.compactMap(\.locationID)))
        let locations = ids.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: try await LocationRecord.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
        if audit {
            let now = ctx.now
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("incident.list_read", "person", personID), by: AuditActor(actor), at: now, on: db)
            }
        }
        return rows.map { View(incident: $0, location: $0.locationID.flatMap { locations[$0] }) }
    }

    func record(personID: UUID, _ input: IncidentInput, by actor: Actor) async throws -> View {
        try actor.require(.caseManage)
        let now = ctx.now
        let today = DayDate(now)
        var location: IncidentLocation = .none
        var locationRecord: LocationRecord?
        if let id = input.locationId {
            locationRecord = try await LocationRecord.find(id, on: db)
            location = locationRecord.map { .known(id: id.uuidString, type: $0.locationType, active: $0.active) } ?? .unknown
        }
        let facts = location
        let place = locationRecord
        return try await db.writeTransaction { db in
            guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() == 1 else { throw DomainError.notFound }
            let open = try await StayRecord.query(on: db).filter(\.$personID == personID).filter(\.$endedAt == nil).first()
            let checked = try IncidentRules.validate(IncidentFacts(kind: input.kind, occurredOn: input.occurredOn, location: facts, notes: input.notes,
                                                                   currentStayStartedOn: open.map { DayDate($0.startedAt) },
                                                                   currentLocationID: open?.$location.id.uuidString), today: today)
            var fields = ["kind", "occurredOn"]
            var extra: [AuditEntry] = []
            if checked.locationID != nil { fields.append("location") }
            if checked.notes != nil { fields.append("notes") }
            switch checked.kind {
            case .absconded:
                if let open, try await FacilityRecord.query(on: db).filter(\.$location.$id == open.$location.id).count() > 0 {
                    open.endedAt = Self.moment(checked.occurredOn, today: today, now: now, notBefore: open.startedAt)
                    try await open.save(on: db)
                    try await FacilityService.touch(locationID: open.$location.id, on: db)
                    fields.append("stays")
                }
            case .reDetained:
                let target = place!.id!
                var start = Self.moment(checked.occurredOn, today: today, now: now, notBefore: .distantPast)
                if let open {
                    start = Self.moment(checked.occurredOn, today: today, now: now, notBefore: open.startedAt)
                    open.endedAt = start
                    try await open.save(on: db)
                    try await FacilityService.touch(locationID: open.$location.id, on: db)
                }
                try await PersonWrites.insertStays([personID], location: target, at: start, reason: "re_detained", by: actor.username, on: db)
                fields.append("stays")
                extra = try await CaseReDetention.apply(personID: personID, by: actor, ctx: ctx, on: db)
            case .medicalEmergency, .protectionIncident:
                break
            }
            let i = IncidentRecord()
            i.id = UUID()
            i.personID = personID
            i.kind = checked.kind.rawValue
            i.occurredOn = checked.occurredOn.description
            i.locationID = input.locationId
            i.notes = checked.notes
            i.recordedByID = actor.userID
            i.recordedBy = actor.username
            i.recordedAt = now
            try await i.create(on: db)
            try await AuditLog.append([AuditEntry("incident.recorded", "person", personID, fields: fields)] + extra, by: AuditActor(actor), at: now, on: db)
            return View(incident: i, location: place)
        }
    }

    /// When a stay ends (or starts) for an incident on `day`: now for today, else the start of that day (UTC),
    /// never before the stay it ends started.
    static func moment(_ day: DayDate, today: DayDate, now: Date, notBefore: Date) -> Date {
        let at = day == today ? now
            : DayDate.utc.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) ?? now
        return max(at, notBefore)
    }
}
