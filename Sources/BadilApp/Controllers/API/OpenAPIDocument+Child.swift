import Foundation
import BadilCore

/// Child protection and family tracing in the OpenAPI document.
extension OpenAPIDocument {
    static var childSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let pastDate = date.merging(["description": "YYYY-MM-DD, not in the future"]) { $1 }
        let optText = { (max: Int) in nullable("string", ["maxLength": max]) }
        let text = { (max: Int) in str(["minLength": 1, "maxLength": max, "pattern": nonBlank]) }
        let bool: [String: Any] = ["type": "boolean"]
        let int: [String: Any] = ["type": "integer"]
        let reasons: [String: Any] = ["type": "array", "items": ref("Reason")]
        let finding = optText(BestInterestsRules.maxFindingLength)
        return [
            "ChildBia": object(["id": uuid, "personId": uuid, "conductedOn": date, "trigger": enumeration(BIATrigger.self),
                                "safety": nullable("string"), "health": nullable("string"), "education": nullable("string"),
                                "familyContact": nullable("string"), "childHeard": bool, "childViews": nullable("string"),
                                "notHeardReason": nullable("string"), "recommendation": str(), "recommendedCare": enumeration(CareType.self),
                                "assessor": str(), "recordedAt": dateTime],
                               required: ["id", "personId", "conductedOn", "trigger", "childHeard", "recommendation", "recommendedCare", "assessor", "recordedAt"]),
            "ChildBiaInput": object(["conductedOn": pastDate, "trigger": enumeration(BIATrigger.self), "safety": finding, "health": finding,
                                     "education": finding, "familyContact": finding,
                                     "childHeard": bool.merging(["description": "true: childViews required; false: notHeardReason required"]) { $1 },
                                     "childViews": finding, "notHeardReason": finding, "recommendation": text(BestInterestsRules.maxTextLength),
                                     "recommendedCare": enumeration(CareType.self)],
                                    required: ["conductedOn", "trigger", "childHeard", "recommendation", "recommendedCare"]),
            "ChildPanelMember": object(["name": text(200), "role": text(200), "organisation": optText(200)], required: ["name", "role"]),
            "ChildBid": object(["id": uuid, "personId": uuid, "biaId": uuid, "decidedOn": date, "solution": enumeration(DurableSolution.self),
                                "rationale": str(), "panel": ["type": "array", "items": ref("ChildPanelMember")],
                                "confirmedBy": nullable("string"), "confirmedOn": nullable("string", ["format": "date"]),
                                "recordedBy": str(), "recordedAt": dateTime, "version": int],
                               required: ["id", "personId", "biaId", "decidedOn", "solution", "rationale", "panel", "recordedBy", "recordedAt", "version"]),
            "ChildBidInput": object(["decidedOn": pastDate.merging(["description": "not in the future nor before the latest BIA"]) { $1 },
                                     "solution": enumeration(DurableSolution.self), "rationale": text(BestInterestsRules.maxTextLength),
                                     "panel": ["type": "array", "items": ref("ChildPanelMember"), "minItems": BestInterestsRules.minPanel,
                                               "maxItems": BestInterestsRules.maxPanel, "description": "at least 3 distinct named members, else 422 panel_required"]],
                                    required: ["decidedOn", "solution", "rationale", "panel"]),
            "ChildCare": object(["id": uuid, "personId": uuid, "careType": enumeration(CareType.self), "caregiver": str(), "startedOn": date,
                                 "endedOn": nullable("string", ["format": "date"]), "notes": nullable("string"), "recordedBy": str(), "recordedAt": dateTime],
                                required: ["id", "personId", "careType", "caregiver", "startedOn", "recordedBy", "recordedAt"]),
            "ChildCareInput": object(["careType": enumeration(CareType.self), "caregiver": text(200),
                                      "startedOn": pastDate.merging(["description": "not in the future nor before the arrangement in force, which it ends"]) { $1 },
                                      "notes": optText(CareArrangementRules.maxNotesLength)], required: ["careType", "caregiver", "startedOn"]),
            "ChildGuardian": object(["id": uuid, "personId": uuid, "name": str(), "role": enumeration(GuardianRole.self), "organisation": nullable("string"),
                                     "appointedOn": date, "endedOn": nullable("string", ["format": "date"]), "recordedBy": str(), "version": int],
                                    required: ["id", "personId", "name", "role", "appointedOn", "recordedBy", "version"]),
            "ChildGuardianInput": object(["name": text(200), "role": enumeration(GuardianRole.self), "organisation": optText(200),
                                          "appointedOn": pastDate.merging(["description": "ends the appointment in force that day"]) { $1 }],
                                         required: ["name", "role", "appointedOn"]),
            "ChildGuardianEnd": object(["endedOn": pastDate], required: ["endedOn"]),
            "TracingRequest": object(["id": uuid, "personId": uuid, "soughtNameOriginal": nullable("string"), "soughtNameLatin": nullable("string"),
                                      "soughtSex": enumeration(Sex.self), "soughtBirthYear": nullable("integer"),
                                      "relationship": enumeration(TracingRelationship.self), "lastKnownPlace": nullable("string"),
                                      "lastSeenOn": nullable("string", ["format": "date"]), "notes": nullable("string"),
                                      "status": enumeration(TracingStatus.self), "openedOn": date, "closedOn": nullable("string", ["format": "date"]), "closedReason": nullable("string"),
                                      "recordedBy": str(), "version": int],
                                     required: ["id", "personId", "soughtSex", "relationship", "status", "openedOn", "recordedBy", "version"]),
            "TracingRequestInput": object(["soughtNameOriginal": optText(TracingRules.maxNameLength),
                                           "soughtNameLatin": optText(TracingRules.maxNameLength).merging(["description": "Latin letters; one of the two names is required"]) { $1 },
                                           "soughtSex": ["type": ["string", "null"], "enum": Sex.allCases.map(\.rawValue) + [NSNull()]],
                                           "soughtBirthYear": nullable("integer"), "soughtApproxAge": nullable("integer", ["minimum": 0, "maximum": AgeRules.maximumAge]),
                                           "relationship": enumeration(TracingRelationship.self), "lastKnownPlace": optText(200),
                                           "lastSeenOn": nullable("string", ["format": "date"]), "notes": optText(TracingRules.maxNotesLength)],
                                          required: ["relationship"]),
            "TracingPerson": object(["personId": uuid, "caseNumber": str(), "nameOriginal": nullable("string"), "nameLatin": nullable("string"),
                                     "sex": str(), "birthYear": nullable("integer")], required: ["personId", "caseNumber", "sex"]),
            "TracingCandidate": object(["kind": str(["enum": ["person", "request"]]), "person": ref("TracingPerson"), "requestId": nullable("string", ["format": "uuid"]),
                                        "score": ["type": "number"], "mutual": bool, "reasons": reasons],
                                       required: ["kind", "person", "score", "mutual", "reasons"]),
            "TracingMatch": object(["id": uuid, "requestId": uuid, "matchedPersonId": uuid, "matchedRequestId": nullable("string", ["format": "uuid"]),
                                    "person": ["oneOf": [ref("TracingPerson"), ["type": "null"]]], "score": ["type": "number"], "reasons": reasons,
                                    "status": enumeration(TracingMatchStatus.self), "method": nullable("string"),
                                    "verifiedOn": nullable("string", ["format": "date"]), "seekerWishes": nullable("boolean"), "soughtWishes": nullable("boolean"),
                                    "notes": nullable("string"), "proposedBy": str(), "decidedBy": nullable("string"), "version": int],
                                   required: ["id", "requestId", "matchedPersonId", "score", "reasons", "status", "proposedBy", "version"]),
            "TracingMatchInput": object(["personId": nullable("string", ["format": "uuid"]), "requestId": nullable("string", ["format": "uuid"])]),
            "TracingVerifyInput": object(["method": enumeration(VerificationMethod.self), "verifiedOn": pastDate,
                                          "seekerWishes": bool.merging(["description": "the seeker wishes contact and reunification"]) { $1 },
                                          "soughtWishes": bool.merging(["description": "the person found wishes it too"]) { $1 },
                                          "notes": optText(TracingRules.maxNotesLength)],
                                         required: ["method", "verifiedOn", "seekerWishes", "soughtWishes"]),
            "TracingReunification": object(["id": uuid, "requestId": uuid, "matchId": uuid, "personId": uuid, "relatedPersonId": uuid,
                                            "reunifiedOn": date, "place": str(), "notes": nullable("string"), "recordedBy": str()],
                                           required: ["id", "requestId", "matchId", "personId", "relatedPersonId", "reunifiedOn", "place", "recordedBy"]),
            "TracingCloseInput": object(["reason": text(TracingRules.maxNotesLength)], required: ["reason"]),
            "TracingReunificationInput": object(["reunifiedOn": pastDate, "place": text(200), "notes": optText(TracingRules.maxNotesLength)],
                                                required: ["reunifiedOn", "place"]),
            "TracingRequestDetail": object(["request": ref("TracingRequest"), "seeker": ref("TracingPerson"),
                                            "matches": ["type": "array", "items": ref("TracingMatch")],
                                            "reunification": ["oneOf": [ref("TracingReunification"), ["type": "null"]]]],
                                           required: ["request", "seeker", "matches"]),
            "TracingOpenRow": object(["request": ref("TracingRequest"), "seeker": ref("TracingPerson"), "candidates": int, "proposedMatches": int],
                                     required: ["request", "seeker", "candidates", "proposedMatches"]),
            "TracingOpenPage": page("TracingOpenRow"),
        ]
    }

    static var childOperations: [String: [Op]] {
        let read = Permission.personRead.rawValue, write = Permission.caseManage.rawValue
        let list = { (schema: String, what: String) in
            Op(method: "get", summary: "\(what) (audited)", access: read, parameters: [idParam], responses: ["200": json(["type": "array", "items": ref(schema)])])
        }
        let create = { (schema: String, what: String, etag: Bool) in
            Op(method: "post", summary: what, access: write, parameters: [idParam], body: "\(schema)Input",
               responses: ["201": json(ref(schema), "Created", etag: etag)])
        }
        return [
            "/api/v1/persons/{id}/bias": [
                list("ChildBia", "A child's best-interests assessments, latest first"),
                create("ChildBia", "Record a best-interests assessment (child only, else 422 not_a_child); completes open BIA tasks", false),
            ],
            "/api/v1/persons/{id}/bids": [
                list("ChildBid", "A child's best-interests determinations, latest first"),
                create("ChildBid", "Record a best-interests determination: a BIA on file and a panel of at least 3 (else 422 panel_required)", true),
            ],
            "/api/v1/child-bids/{id}/confirm": [
                Op(method: "post", summary: "A supervisor confirms a determination recorded by someone else", access: Permission.caseAssign.rawValue,
                   parameters: [idParam], responses: ["200": json(ref("ChildBid"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/care-arrangements": [
                list("ChildCare", "A child's care arrangements, latest first"),
                create("ChildCare", "Start a care arrangement: ends the one in force and puts a mandatory BIA task (due in 3 days) on the case", false),
            ],
            "/api/v1/persons/{id}/guardians": [
                list("ChildGuardian", "A child's guardians and caregivers, latest first"),
                create("ChildGuardian", "Appoint a guardian or caregiver (ends the appointment in force)", true),
            ],
            "/api/v1/child-guardians/{id}/end": [
                Op(method: "post", summary: "End a guardian's appointment", access: write, parameters: [idParam], body: "ChildGuardianEnd",
                   responses: ["200": json(ref("ChildGuardian"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/tracing-requests": [
                list("TracingRequest", "A person's tracing requests"),
                create("TracingRequest", "Open a tracing request: the person's consent to tracing is required (else 422 tracing_consent_required)", true),
            ],
            "/api/v1/tracing-requests": [
                Op(method: "get", summary: "Open tracing requests the user may see, oldest first, with candidate and match counts", access: read,
                   parameters: pageParams, responses: ["200": json(ref("TracingOpenPage"))]),
            ],
            "/api/v1/tracing-requests/{id}": [
                Op(method: "get", summary: "A tracing request with its matches and reunification (audited)", access: read, parameters: [idParam],
                   responses: ["200": json(ref("TracingRequestDetail"), etag: true)]),
            ],
            "/api/v1/tracing-requests/{id}/candidates": [
                Op(method: "get", summary: "Candidates, best first: people with a tracing consent (registration matching across scripts) and open requests seeking this seeker (audited)",
                   access: read, parameters: [idParam], responses: ["200": json(["type": "array", "items": ref("TracingCandidate")])]),
            ],
            "/api/v1/tracing-requests/{id}/matches": [
                Op(method: "get", summary: "Matches taken up for a request (audited)", access: read, parameters: [idParam],
                   responses: ["200": json(["type": "array", "items": ref("TracingMatch")])]),
                Op(method: "post", summary: "Take up a candidate (personId or requestId) for verification", access: write, parameters: [idParam],
                   body: "TracingMatchInput", responses: ["201": json(ref("TracingMatch"), "Created", etag: true)]),
            ],
            "/api/v1/tracing-matches/{id}/verify": [
                Op(method: "post", summary: "Verify the relationship and record both sides' wishes", access: write, parameters: [idParam],
                   body: "TracingVerifyInput", responses: ["200": json(ref("TracingMatch"), etag: true)], ifMatch: true),
            ],
            "/api/v1/tracing-matches/{id}/reject": [
                Op(method: "post", summary: "Not the person sought: never proposed again for this request", access: write, parameters: [idParam],
                   responses: ["200": json(ref("TracingMatch"), etag: true)], ifMatch: true),
            ],
            "/api/v1/tracing-requests/{id}/close": [
                Op(method: "post", summary: "Close an open request without a reunification (withdrawn, found elsewhere...), with a reason; 409 tracing_not_open otherwise",
                   access: write, parameters: [idParam], body: "TracingCloseInput", responses: ["200": json(ref("TracingRequest"), etag: true)], ifMatch: true),
            ],
            "/api/v1/tracing-requests/{id}/reunification": [
                Op(method: "post", summary: "Record a reunification: needs a verified match both sides wish (else 422 verification_required) and, for a child, a BIA recommending family-based care (else 422 best_interests_check_required); closes the request and adds a follow-up task in 30 days",
                   access: write, parameters: [idParam], body: "TracingReunificationInput", responses: ["201": json(ref("TracingReunification"), "Created")]),
            ],
        ]
    }
}
