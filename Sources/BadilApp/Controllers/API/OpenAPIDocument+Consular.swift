import Foundation
import BadilCore

/// The consular portal in the OpenAPI document.
extension OpenAPIDocument {
    static var consularSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let person = object([
            "id": uuid, "caseNumber": str(), "nameOriginal": nullable("string"), "nameLatin": nullable("string"), "sex": enumeration(Sex.self),
            "dateOfBirth": nullable("string", ["format": "date"]), "dateOfBirthEstimated": ["type": "boolean"], "age": nullable("integer"),
            "nationality": str(), "languages": ["type": "array", "items": str()],
        ], required: ["id", "caseNumber", "sex", "dateOfBirthEstimated", "nationality", "languages"])
        let verification = object(["id": uuid, "outcome": enumeration(VerificationOutcome.self), "verifiedOn": date, "note": nullable("string"),
                                   "recordedBy": str(), "recordedAt": dateTime],
                                  required: ["id", "outcome", "verifiedOn", "recordedBy", "recordedAt"])
        let document = object(["id": uuid, "type": enumeration(TravelDocumentType.self), "number": str(), "issuedOn": date, "validUntil": date,
                               "recordedBy": str(), "recordedAt": dateTime],
                              required: ["id", "type", "number", "issuedOn", "validUntil", "recordedBy", "recordedAt"])
        return [
            "ConsularPerson": person,
            "ConsularPersonPage": page("ConsularPerson"),
            "ConsularPersonDetail": object(["person": ref("ConsularPerson"), "verifications": ["type": "array", "items": ref("Verification")],
                                            "travelDocuments": ["type": "array", "items": ref("TravelDocument")]],
                                           required: ["person", "verifications", "travelDocuments"]),
            "Verification": verification,
            "VerificationInput": object(["outcome": enumeration(VerificationOutcome.self), "verifiedOn": date,
                                         "note": str(["maxLength": ConsularRules.maxNoteLength])], required: ["outcome"]),
            "TravelDocument": document,
            "TravelDocumentInput": object(["type": enumeration(TravelDocumentType.self),
                                           "number": str(["minLength": 1, "maxLength": ConsularRules.maxDocumentNumberLength, "pattern": nonBlank]),
                                           "issuedOn": date, "validUntil": date], required: ["type", "number", "issuedOn", "validUntil"]),
        ]
    }

    static var consularOperations: [String: [Op]] {
        let act = Permission.consularAct.rawValue
        return [
            "/api/v1/consular/persons": [
                Op(method: "get", summary: "Your nationals who consented to contact with your embassy and carry no protection flag (audited)",
                   access: act, parameters: pageParams, responses: ["200": json(ref("ConsularPersonPage"))]),
            ],
            "/api/v1/consular/persons/{id}": [
                Op(method: "get", summary: "Identity and your embassy's verifications and travel documents (audited); 404 outside the consular scope",
                   access: act, parameters: [idParam], responses: ["200": json(ref("ConsularPersonDetail"))]),
            ],
            "/api/v1/consular/persons/{id}/verifications": [
                Op(method: "post", summary: "Record a nationality verification", access: act, parameters: [idParam], body: "VerificationInput",
                   responses: ["201": json(ref("Verification"), "Created")]),
            ],
            "/api/v1/consular/persons/{id}/travel-documents": [
                Op(method: "post", summary: "Record a travel document issued or seen", access: act, parameters: [idParam], body: "TravelDocumentInput",
                   responses: ["201": json(ref("TravelDocument"), "Created")]),
            ],
        ]
    }
}
