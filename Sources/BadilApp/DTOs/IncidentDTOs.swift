import Foundation
import Vapor
import BadilCore

struct IncidentDTO: Content {
    let id: UUID
    let personId: UUID
    let kind: String
    let occurredOn: String
    let locationId: UUID?
    let locationName: String?
    let notes: String?
    let recordedBy: String
    let recordedAt: Date

    init(_ v: IncidentService.View, _ req: Request) {
        let i = v.incident
        id = i.id!; personId = i.personID; kind = i.kind; occurredOn = i.occurredOn; locationId = i.locationID
        locationName = v.location?.name(in: req.language); notes = i.notes; recordedBy = i.recordedBy; recordedAt = i.recordedAt
    }
}
