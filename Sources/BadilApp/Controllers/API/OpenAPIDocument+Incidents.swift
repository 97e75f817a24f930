import Foundation
import BadilCore

/// Incidents on a person's case in the OpenAPI document.
extension OpenAPIDocument {
    static var incidentSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        return [
            "Incident": object(["id": uuid, "personId": uuid, "kind": enumeration(IncidentKind.self), "occurredOn": date,
                                "locationId": nullable("string", ["format": "uuid"]), "locationName": nullable("string"),
                                "notes": nullable("string"), "recordedBy": str(), "recordedAt": dateTime],
                               required: ["id", "personId", "kind", "occurredOn", "recordedBy", "recordedAt"]),
            "IncidentInput": object(["kind": enumeration(IncidentKind.self),
                                     "occurredOn": date.merging(["description": "not in the future; for absconded and re_detained not before the current stay"]) { a, _ in a },
                                     "locationId": nullable("string", ["format": "uuid", "description": "required for re_detained: a detention centre"]),
                                     "notes": nullable("string", ["maxLength": IncidentRules.maxNotesLength])],
                                    required: ["kind", "occurredOn"]),
        ]
    }

    static var incidentOperations: [String: [Op]] {
        [
            "/api/v1/persons/{id}/incidents": [
                Op(method: "get", summary: "A person's incidents, latest first (audited)", access: Permission.personRead.rawValue, parameters: [idParam],
                   responses: ["200": json(["type": "array", "items": ref("Incident")])]),
                Op(method: "post", summary: "Record an incident: absconding from a facility ends the stay there; a re-detention moves the person to the detention centre",
                   access: Permission.caseManage.rawValue, parameters: [idParam], body: "IncidentInput",
                   responses: ["201": json(ref("Incident"), "Created")]),
            ],
        ]
    }
}
