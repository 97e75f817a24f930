import Fluent
import Foundation
import BadilCore

/// Something that happened during a person's case (absconding, re-detention, a medical emergency, a protection incident).
final class IncidentRecord: Model, @unchecked Sendable {
    static let schema = "incidents"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "kind") var kind: String
    /// 'YYYY-MM-DD'.
    @Field(key: "occurred_on") var occurredOn: String
    /// Where it happened; for a re-detention, the detention centre the person was taken to.
    @OptionalField(key: "location_id") var locationID: UUID?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var incidentKind: IncidentKind? { IncidentKind(rawValue: kind) }
}
