import Foundation
import BadilCore

/// Facilities, consent, placement options, referrals, transfers and reports in the OpenAPI document.
extension OpenAPIDocument {
    static var placementSchemas: [String: Any] {
        let beds = object(["male": ["type": "integer"], "female": ["type": "integer"], "familyRoom": ["type": "integer"], "child": ["type": "integer"]],
                          required: ["male", "female", "familyRoom", "child"])
        let capacityInput: [String: Any] = ["type": "object", "additionalProperties": false,
                                            "properties": Dictionary(uniqueKeysWithValues: BedKind.allCases.map { ($0.rawValue, ["type": "integer", "minimum": 0, "maximum": 10_000] as [String: Any]) })]
        let codeLabel = object(["code": str(), "label": str()], required: ["code", "label"])
        let date: [String: Any] = ["type": "string", "format": "date"]
        let nullableDate: [String: Any] = ["type": ["string", "null"], "format": "date"]
        let nullableTime: [String: Any] = ["type": ["string", "null"], "format": "date-time"]
        let referral = object([
            "id": uuid, "groupId": uuid, "personId": uuid, "caseNumber": str(), "name": str(), "facilityId": uuid, "facilityName": str(),
            "bedKind": enumeration(BedKind.self), "status": enumeration(ReferralStatus.self), "deadline": dateTime, "referredBy": str(),
            "referredAt": dateTime, "decidedBy": nullable("string"), "decidedAt": nullableTime,
            "declineReason": ["type": ["string", "null"], "enum": DeclineReason.allCases.map(\.rawValue) + [NSNull()]],
            "reason": nullable("string"), "splitReason": nullable("string"), "transferId": nullable("string", ["format": "uuid"]),
            "handedOverAt": nullableTime, "arrivedAt": nullableTime, "version": ["type": "integer"],
        ], required: ["id", "groupId", "personId", "caseNumber", "name", "facilityId", "facilityName", "bedKind", "status", "deadline",
                      "referredBy", "referredAt", "version"])
        let facility = object([
            "id": uuid, "locationId": uuid, "name": str(), "type": enumeration(AccommodationType.self), "operatorId": nullable("string", ["format": "uuid"]),
            "status": enumeration(FacilityStatus.self), "capacity": beds, "staying": beds, "committed": beds, "reserved": beds, "free": beds,
            "suitability": ["type": "array", "items": enumeration(FacilitySuitability.self)], "languages": ["type": "array", "items": str()],
            "contact": nullable("string"), "notes": nullable("string"), "acceptanceRate": nullable("number"),
            "latitude": nullable("number"), "longitude": nullable("number"), "version": ["type": "integer"],
        ], required: ["id", "locationId", "name", "type", "status", "capacity", "staying", "committed", "reserved", "free", "suitability", "languages", "version"])
        let passenger = object(["referralId": uuid, "personId": uuid, "caseNumber": str(), "name": str(), "nameOriginal": nullable("string"),
                                "sex": enumeration(Sex.self), "destination": str(), "status": enumeration(ReferralStatus.self),
                                "handedOverAt": nullableTime, "arrivedAt": nullableTime],
                               required: ["referralId", "personId", "caseNumber", "name", "sex", "destination", "status"])
        let count = object(["code": str(), "label": str(), "count": ["type": "integer"]], required: ["code", "label", "count"])
        return [
            "Facility": facility,
            "FacilityPage": page("Facility"),
            "FacilityInput": object([
                "locationId": uuid, "status": enumeration(FacilityStatus.self), "capacity": capacityInput,
                "suitability": ["type": "array", "items": enumeration(FacilitySuitability.self)],
                "languages": ["type": "array", "items": str(["pattern": "^[a-z]{2,3}$"]), "maxItems": FacilityRules.maxLanguages],
                "contact": nullable("string", ["maxLength": 300]), "notes": nullable("string", ["maxLength": 2000]),
            ]),
            "Consent": object(["id": uuid, "personId": uuid, "purpose": enumeration(ConsentPurpose.self),
                               "recipientOrganizationId": nullable("string", ["format": "uuid"]), "givenOn": date, "givenBy": enumeration(ConsentGiver.self),
                               "withdrawnOn": nullableDate, "active": ["type": "boolean"], "recordedBy": str()],
                              required: ["id", "personId", "purpose", "givenOn", "givenBy", "active", "recordedBy"]),
            "ConsentInput": object(["purpose": enumeration(ConsentPurpose.self),
                                    "recipientOrganizationId": nullable("string", ["format": "uuid", "description": "required for a referral: the facility's operator"]),
                                    "givenOn": date, "givenBy": enumeration(ConsentGiver.self)], required: ["purpose"]),
            "PlacementOptions": object([
                "personIds": ["type": "array", "items": uuid], "needed": beds, "familyLeftOut": ["type": "array", "items": uuid],
                "proposals": ["type": "array", "items": object([
                    "facilityId": uuid, "name": str(), "type": str(), "score": ["type": "number"], "fits": ["type": "boolean"],
                    "distanceKm": nullable("number"), "free": beds, "needed": beds, "reasons": ["type": "array", "items": codeLabel],
                    "gaps": ["type": "array", "items": codeLabel]], required: ["facilityId", "name", "type", "score", "fits", "free", "needed", "reasons", "gaps"])],
            ], required: ["personIds", "needed", "familyLeftOut", "proposals"]),
            "ReferralInput": object([
                "personIds": ["type": "array", "items": uuid, "minItems": 1, "maxItems": 30, "uniqueItems": true],
                "facilityId": uuid, "holdHours": ["type": "integer", "minimum": ReferralRules.holdHours.lowerBound, "maximum": ReferralRules.holdHours.upperBound],
                "allowSplit": ["type": "boolean"], "splitReason": str(["maxLength": PlacementRules.maxSplitReasonLength]), "note": str(["maxLength": 2000]),
            ], required: ["personIds", "facilityId"]),
            "Referral": referral,
            "ReferralPage": page("Referral"),
            "ReferralDecline": object(["declineReason": enumeration(DeclineReason.self), "reason": str(["maxLength": ReferralRules.maxReasonLength])],
                                      required: ["declineReason"]),
            "ReasonText": object(["reason": str(["minLength": 1, "maxLength": ReferralRules.maxReasonLength, "pattern": nonBlank])], required: ["reason"]),
            "TransferInput": object(["referralIds": ["type": "array", "items": uuid, "minItems": 1, "maxItems": TransferRules.maxPassengers],
                                     "date": date, "vehicle": str(["maxLength": TransferRules.maxVehicleLength, "pattern": nonBlank]),
                                     "notes": str(["maxLength": TransferRules.maxNotesLength])], required: ["referralIds", "date", "vehicle"]),
            "Transfer": object(["id": uuid, "origin": str(), "originId": uuid, "date": date, "vehicle": str(), "notes": nullable("string"),
                                "status": enumeration(TransferStatus.self), "passengers": ["type": "array", "items": passenger], "version": ["type": "integer"]],
                               required: ["id", "origin", "originId", "date", "vehicle", "status", "passengers", "version"]),
            "TransferSummary": object(["id": uuid, "originId": uuid, "date": date, "vehicle": str(), "status": enumeration(TransferStatus.self),
                                       "version": ["type": "integer"]], required: ["id", "originId", "date", "vehicle", "status", "version"]),
            "TransferSummaryPage": page("TransferSummary"),
            "PassengerAction": object(["referralId": uuid, "reason": str(["maxLength": ReferralRules.maxReasonLength])], required: ["referralId"]),
            "PlacementReport": object([
                "from": date, "to": date,
                "occupancy": ["type": "array", "items": object(["facilityId": uuid, "name": str(), "capacity": ["type": "integer"],
                                                                "days": ["type": "array", "items": object(["date": date, "staying": ["type": "integer"]], required: ["date", "staying"])]],
                                                               required: ["facilityId", "name", "capacity", "days"])],
                "referralsByStatus": ["type": "array", "items": count], "declinesByReason": ["type": "array", "items": count],
                "medianHoursDecisionToArrival": nullable("number"), "arrivals": ["type": "integer"],
            ], required: ["from", "to", "occupancy", "referralsByStatus", "declinesByReason", "arrivals"]),
        ]
    }

    static var placementOperations: [String: [Op]] {
        let read = Permission.personRead.rawValue
        let refer = Permission.referralCreate.rawValue
        let decide = Permission.referralDecide.rawValue
        let groupResponse: [String: Any] = ["200": json(["type": "array", "items": ref("Referral")], etag: true)]
        let passengerOp = { (summary: String, access: String) -> Op in
            Op(method: "post", summary: summary, access: access, parameters: [idParam], body: "PassengerAction", responses: ["200": json(ref("Transfer"))])
        }
        return [
            "/api/v1/facilities": [
                Op(method: "get", summary: "Facilities with live occupancy (beds staying, committed, reserved, free)", access: Permission.locationRead.rawValue,
                   parameters: pageParams + [query("type", enumeration(AccommodationType.self)), query("mine", ["type": "string", "enum": ["true", "false"]])],
                   responses: ["200": json(ref("FacilityPage"))]),
                Op(method: "post", summary: "Describe one of your organisation's alternative locations as a facility", access: Permission.facilityManage.rawValue,
                   body: "FacilityInput", responses: ["201": json(ref("Facility"), "Created", etag: true)]),
            ],
            "/api/v1/facilities/{id}": [
                Op(method: "get", summary: "One facility with its occupancy", access: Permission.locationRead.rawValue, parameters: [idParam],
                   responses: ["200": json(ref("Facility"), etag: true)]),
                Op(method: "patch", summary: "Change capacity, suitability, status (never below the beds in use)", access: Permission.facilityManage.rawValue,
                   parameters: [idParam], body: "FacilityInput", responses: ["200": json(ref("Facility"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/consents": [
                Op(method: "get", summary: "A person's consents", access: read, parameters: [idParam], responses: ["200": json(["type": "array", "items": ref("Consent")])]),
                Op(method: "post", summary: "Record consent (a child's by a parent or guardian)", access: Permission.caseManage.rawValue, parameters: [idParam],
                   body: "ConsentInput", responses: ["201": json(ref("Consent"), "Created", etag: true)]),
            ],
            "/api/v1/consents/{id}/withdraw": [Op(method: "post", summary: "Withdraw a consent (kept, dated)", access: Permission.caseManage.rawValue,
                                                  parameters: [idParam], responses: ["200": json(ref("Consent"))])],
            "/api/v1/persons/{id}/placement-options": [Op(method: "get", summary: "Facilities ranked for the person and their family, with what fits and what is lacking",
                                                          access: refer, parameters: [idParam, query("family", ["type": "string", "enum": ["true", "false"]]),
                                                                                      query("includeUnfit", ["type": "string", "enum": ["true", "false"]])],
                                                          responses: ["200": json(ref("PlacementOptions"))])],
            "/api/v1/persons/{id}/referrals": [Op(method: "get", summary: "A person's referrals, newest first", access: read, parameters: [idParam],
                                                  responses: ["200": json(["type": "array", "items": ref("Referral")])])],
            "/api/v1/referrals": [
                Op(method: "get", summary: "Referrals to your facilities or of people in your scope", access: read,
                   parameters: pageParams + [query("status", enumeration(ReferralStatus.self)), query("facilityId", uuid),
                                             query("overdue", ["type": "string", "enum": ["true", "false"]])],
                   responses: ["200": json(ref("ReferralPage"))]),
                Op(method: "post", summary: "Refer a person or a family: consent checked, beds reserved until the operator's deadline", access: refer,
                   body: "ReferralInput", responses: ["201": json(["type": "array", "items": ref("Referral")], "Created"),
                                                      "404": errorResponse("A person is not found or outside your scope")]),
            ],
            "/api/v1/referrals/{id}": [Op(method: "get", summary: "One referral", access: read, parameters: [idParam], responses: ["200": json(ref("Referral"), etag: true)])],
            "/api/v1/referrals/{id}/accept": [Op(method: "post", summary: "Accept the referral's whole group (if there is room for all of it)", access: decide,
                                                 parameters: [idParam], responses: groupResponse, ifMatch: true)],
            "/api/v1/referrals/{id}/decline": [Op(method: "post", summary: "Decline the referral's group with a reason", access: decide, parameters: [idParam],
                                                  body: "ReferralDecline", responses: groupResponse, ifMatch: true)],
            "/api/v1/referrals/{id}/cancel": [Op(method: "post", summary: "Cancel (pending) or revoke (accepted, before hand-over) with a reason", access: refer,
                                                 parameters: [idParam], body: "ReasonText", responses: groupResponse, ifMatch: true)],
            "/api/v1/transfers": [
                Op(method: "get", summary: "Transfers you plan, hand people over on, or receive", access: read, parameters: pageParams,
                   responses: ["200": json(ref("TransferSummaryPage"))]),
                Op(method: "post", summary: "Plan a transfer of accepted referrals from one origin", access: refer, body: "TransferInput",
                   responses: ["201": json(ref("Transfer"), "Created", etag: true), "404": errorResponse("A referral is not found or outside your scope")]),
            ],
            "/api/v1/transfers/{id}": [Op(method: "get", summary: "A transfer and its manifest (audited)", access: read, parameters: [idParam],
                                          responses: ["200": json(ref("Transfer"), etag: true)])],
            "/api/v1/transfers/{id}/handover": [passengerOp("Confirm the hand-over of one person at the origin", read)],
            "/api/v1/transfers/{id}/arrival": [passengerOp("Confirm one person's arrival: the old stay ends, the new one starts", decide)],
            "/api/v1/transfers/{id}/no-show": [passengerOp("Record that a person did not come (reason required)", read)],
            "/api/v1/transfers/{id}/refusal": [passengerOp("Record that a person refused the transfer (reason required)", read)],
            "/api/v1/transfers/{id}/cancel": [Op(method: "post", summary: "Cancel a transfer before anyone is handed over", access: refer,
                                                 parameters: [idParam], body: "ReasonText", responses: ["200": json(ref("Transfer"))])],
            "/api/v1/reports/placement": [Op(method: "get", summary: "Occupancy by facility and day, referrals by status, declines by reason, median time from decision to arrival",
                                             access: Permission.reportAggregate.rawValue, parameters: [query("days", ["type": "integer", "minimum": 1, "maximum": 92])],
                                             responses: ["200": json(ref("PlacementReport"))])],
        ]
    }
}
