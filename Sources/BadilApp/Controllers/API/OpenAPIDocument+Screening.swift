import Foundation
import BadilCore

/// Screening, priority queue, CAP decisions, reviews and check-ins in the OpenAPI document.
extension OpenAPIDocument {
    static var screeningSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let nullableDate: [String: Any] = ["type": ["string", "null"], "format": "date"]
        let localized = object(["en": str(), "fr": str(), "ar": str()], required: ["en", "fr", "ar"])
        let answer: [String: Any] = ["description": "yes/no as a boolean, a choice or text as a string, a number, several choices as an array of strings, a date as YYYY-MM-DD",
                                     "oneOf": [["type": "boolean"], ["type": "string", "maxLength": ScreeningRules.maxTextAnswerLength],
                                               ["type": "number"], ["type": "array", "items": str()]]]
        let section = object(["risk": ["type": ["string", "null"], "enum": RiskLevel.allCases.map(\.rawValue) + [NSNull()]],
                              "notes": nullable("string", ["maxLength": ScreeningRules.maxNotesLength])])
        let sectionMap: [String: Any] = ["type": "object",
                                         "properties": Dictionary(uniqueKeysWithValues: ScreeningSection.allCases.map { ($0.rawValue, section) }),
                                         "additionalProperties": false]
        let levelEnum = enumeration(InterventionLevel.self)
        let condition = object(["kind": enumeration(ConditionKind.self), "details": nullable("string", ["maxLength": DecisionRules.maxDetailsLength]),
                                "reportingIntervalDays": nullable("integer", ["minimum": 1, "maximum": 90])], required: ["kind"])
        let check = ["type": ["string", "null"], "enum": CheckStatus.allCases.map(\.rawValue) + [NSNull()]] as [String: Any]
        let availability = ["type": ["string", "null"], "enum": Availability.allCases.map(\.rawValue) + [NSNull()]] as [String: Any]
        let notes = nullable("string", ["maxLength": DecisionRules.maxNotesLength])
        let draftProperties: [String: Any] = [
            "outcome": enumeration(DecisionOutcome.self),
            "presumptionOfLiberty": ["type": "boolean", "description": "CAP step 1: must be true"], "presumptionNotes": notes,
            "legalObligations": check, "identityCheck": check, "healthCheck": check, "securityCheck": check,
            "individualFactors": notes, "caseManagement": availability, "legalAdvice": availability, "interpretation": availability,
            "basicNeeds": availability, "documents": availability, "communityNotes": notes,
            "conditions": ["type": "array", "items": condition, "maxItems": 10],
            "justification": notes, "legalBasis": nullable("string", ["maxLength": 500]), "decidingAuthority": nullable("string", ["maxLength": 200]),
            "reviewDate": nullableDate, "urgencyReason": notes, "summary": notes,
        ]
        var content = draftProperties
        content["outcome"] = ["type": ["string", "null"], "enum": DecisionOutcome.allCases.map(\.rawValue) + [NSNull()]]
        content["screeningId"] = nullable("string")
        var input = draftProperties
        input["screeningId"] = nullable("string", ["format": "uuid", "description": "a completed screening of this person; default: the latest"])
        let codeLabel = object(["code": str(), "label": str()], required: ["code", "label"])
        let decision = object([
            "id": uuid, "personId": uuid, "caseNumber": nullable("string"), "status": enumeration(DecisionStatus.self),
            "outcome": enumeration(DecisionOutcome.self), "content": object(content, closed: false), "screeningId": nullable("string", ["format": "uuid"]),
            "reviewDate": nullableDate, "proposedBy": str(), "proposedAt": dateTime, "decidedBy": nullable("string"),
            "decidedAt": nullable("string", ["format": "date-time"]), "returnReason": nullable("string"),
            "supersededById": nullable("string", ["format": "uuid"]), "version": ["type": "integer"],
        ], required: ["id", "personId", "status", "outcome", "content", "proposedBy", "proposedAt", "version"], closed: false)
        let screening = object([
            "id": uuid, "personId": uuid, "instrumentId": str(), "instrumentVersion": ["type": "integer"], "status": enumeration(ScreeningStatus.self),
            "answers": ["type": "object", "additionalProperties": answer], "sections": ["type": "object", "additionalProperties": section],
            "manualIndicators": ["type": "array", "items": enumeration(Indicator.self)], "indicators": ["type": "array", "items": codeLabel],
            "suggestedLevel": ["type": ["string", "null"], "enum": InterventionLevel.allCases.map(\.rawValue) + [NSNull()]],
            "suggestedReasons": ["type": "array", "items": str()],
            "interventionLevel": ["type": ["string", "null"], "enum": InterventionLevel.allCases.map(\.rawValue) + [NSNull()]],
            "levelReason": nullable("string"), "referrals": ["type": "array", "items": enumeration(AssessmentReferral.self)],
            "suggestedReferrals": ["type": "array", "items": enumeration(AssessmentReferral.self)], "summary": nullable("string"),
            "conductedBy": str(), "createdAt": nullable("string", ["format": "date-time"]), "completedAt": nullable("string", ["format": "date-time"]),
            "version": ["type": "integer"],
        ], required: ["id", "personId", "instrumentId", "instrumentVersion", "status", "answers", "sections", "indicators", "referrals", "version"], closed: false)
        let checkIn = object(["due": date, "status": enumeration(CheckInStatus.self), "checkedOn": nullableDate], required: ["due", "status"])
        return [
            "Instrument": object(["id": str(), "version": ["type": "integer"], "title": localized,
                                  "sections": ["type": "array", "items": ["type": "object"]]], required: ["id", "version", "title", "sections"], closed: false),
            "ScreeningInput": object([
                "instrumentVersion": ["type": "integer", "minimum": 1, "description": "start only; default: the current version"],
                "answers": ["type": "object", "additionalProperties": answer, "description": "question key → answer; merged into the saved answers, a blank answer removes one"],
                "sections": sectionMap, "manualIndicators": ["type": "array", "items": enumeration(Indicator.self)],
                "interventionLevel": levelEnum, "levelReason": str(["maxLength": ScreeningRules.maxNotesLength]),
                "referrals": ["type": "array", "items": enumeration(AssessmentReferral.self)], "summary": str(["maxLength": ScreeningRules.maxNotesLength]),
                "complete": ["type": "boolean", "description": "complete the screening (needs consent, every required answer and each section's risk)"],
            ]),
            "Screening": screening,
            "DecisionInput": object(input, required: ["outcome"]),
            "CapDecision": decision,
            "CapDecisionPage": page("CapDecision"),
            "DecisionDetail": object(["decision": decision, "screening": ["oneOf": [screening, ["type": "null"]]],
                                      "reviews": ["type": "array", "items": object(["outcome": enumeration(ReviewOutcome.self), "justification": str(),
                                                                                   "nextReviewDate": nullableDate, "reviewedBy": str(), "reviewedAt": dateTime],
                                                                                  required: ["outcome", "justification", "reviewedBy", "reviewedAt"])],
                                      "reviewOverdue": ["type": "boolean"], "schedule": ["type": "array", "items": checkIn],
                                      "missedCheckIns": ["type": "integer"]],
                                     required: ["decision", "reviews", "reviewOverdue", "schedule", "missedCheckIns"]),
            "PriorityItem": object(["place": ["type": "integer"], "tier": ["type": "integer"], "personId": uuid, "caseNumber": str(), "name": str(),
                                    "isChild": ["type": "boolean"], "careStatus": ["type": ["string", "null"], "enum": CareStatus.allCases.map(\.rawValue) + [NSNull()]],
                                    "reasons": ["type": "array", "items": codeLabel], "locationName": nullable("string"), "inDetention": ["type": "boolean"],
                                    "daysInDetention": ["type": "integer"], "interventionLevel": nullable("string"), "decisionStatus": nullable("string")],
                                   required: ["place", "tier", "personId", "caseNumber", "name", "isChild", "reasons", "inDetention", "daysInDetention"]),
            "PriorityItemPage": page("PriorityItem"),
            "ReturnInput": object(["reason": str(["minLength": 1, "maxLength": DecisionRules.maxNotesLength, "pattern": nonBlank])], required: ["reason"]),
            "ReviewInput": object(["outcome": enumeration(ReviewOutcome.self), "justification": str(["maxLength": ReviewRules.maxJustificationLength, "pattern": nonBlank]),
                                   "nextReviewDate": date], required: ["outcome", "justification"]),
            "CheckInInput": object(["date": date, "kind": enumeration(CheckInRecordKind.self), "note": str(["maxLength": 2000])]),
            "CheckIn": checkIn,
            "ReviewItem": object(["decisionId": uuid, "personId": uuid, "caseNumber": str(), "name": str(), "reviewDate": date,
                                  "daysOverdue": ["type": "integer"], "version": ["type": "integer"]],
                                 required: ["decisionId", "personId", "caseNumber", "name", "reviewDate", "daysOverdue", "version"]),
            "MissedCheckIn": object(["decisionId": uuid, "personId": uuid, "caseNumber": str(), "name": str(), "missed": ["type": "integer"],
                                     "lastDue": nullableDate], required: ["decisionId", "personId", "caseNumber", "name", "missed"]),
        ]
    }

    static var screeningOperations: [String: [Op]] {
        let screen = Permission.screeningConduct.rawValue
        let read = Permission.personRead.rawValue
        let propose = Permission.decisionPropose.rawValue
        let approve = Permission.decisionApprove.rawValue
        let versionParam: [String: Any] = ["name": "version", "in": "path", "required": true, "schema": ["type": "integer", "minimum": 1]]
        let decisionChange = { (summary: String, access: String, body: String?) -> Op in
            Op(method: "post", summary: summary, access: access, parameters: [idParam], body: body,
               responses: ["200": json(ref("CapDecision"), etag: true)], ifMatch: true)
        }
        return [
            "/api/v1/screening-instruments/current": [Op(method: "get", summary: "The current screening instrument (questions, answer types, indicators; labels in en/fr/ar)",
                                                         access: screen, responses: ["200": json(ref("Instrument"))])],
            "/api/v1/screening-instruments/{version}": [Op(method: "get", summary: "One version of the screening instrument", access: screen,
                                                           parameters: [versionParam], responses: ["200": json(ref("Instrument")), "404": errorResponse("No such version")])],
            "/api/v1/persons/{id}/screenings": [
                Op(method: "get", summary: "A person's screenings, newest first", access: screen, parameters: [idParam],
                   responses: ["200": json(["type": "array", "items": ref("Screening")])]),
                Op(method: "post", summary: "Start a screening (a draft unless complete is true)", access: screen, parameters: [idParam],
                   body: "ScreeningInput", responses: ["201": json(ref("Screening"), "Created", etag: true)]),
            ],
            "/api/v1/screenings/{id}": [
                Op(method: "get", summary: "One screening (audited)", access: screen, parameters: [idParam], responses: ["200": json(ref("Screening"), etag: true)]),
                Op(method: "patch", summary: "Save answers to a draft screening, or complete it", access: screen, parameters: [idParam],
                   body: "ScreeningInput", responses: ["200": json(ref("Screening"), etag: true)], ifMatch: true),
            ],
            "/api/v1/priority-queue": [Op(method: "get", summary: "Who to screen or release first, with the reasons for each place", access: screen,
                                          parameters: pageParams, responses: ["200": json(ref("PriorityItemPage"))])],
            "/api/v1/persons/{id}/decisions": [
                Op(method: "get", summary: "A person's decisions, newest first", access: read, parameters: [idParam],
                   responses: ["200": json(["type": "array", "items": ref("CapDecision")])]),
                Op(method: "post", summary: "Propose a decision (checked against the CAP rules; detention is refused for a child)", access: propose,
                   parameters: [idParam], body: "DecisionInput", responses: ["201": json(ref("CapDecision"), "Created", etag: true)]),
            ],
            "/api/v1/decisions": [Op(method: "get", summary: "Decisions by status in your scope (default: proposed, the approval inbox)", access: read,
                                     parameters: pageParams + [query("status", enumeration(DecisionStatus.self))], responses: ["200": json(ref("CapDecisionPage"))])],
            "/api/v1/decisions/{id}": [
                Op(method: "get", summary: "A decision with its screening, reviews and check-in schedule (audited)", access: read, parameters: [idParam],
                   responses: ["200": json(ref("DecisionDetail"), etag: true)]),
                Op(method: "put", summary: "Send a returned decision again, corrected", access: propose, parameters: [idParam], body: "DecisionInput",
                   responses: ["200": json(ref("CapDecision"), etag: true)], ifMatch: true),
            ],
            "/api/v1/decisions/{id}/approve": [decisionChange("Approve a proposed decision (not one's own)", approve, nil)],
            "/api/v1/decisions/{id}/return": [decisionChange("Return a proposed decision with a reason", approve, "ReturnInput")],
            "/api/v1/decisions/{id}/withdraw": [decisionChange("Withdraw a decision that is not final", propose, nil)],
            "/api/v1/decisions/{id}/reviews": [decisionChange("Review a detention decision: confirm with a new date, or call for a new decision", propose, "ReviewInput")],
            "/api/v1/decisions/{id}/check-ins": [Op(method: "post", summary: "Record a check-in under a reporting condition; answers the schedule",
                                                    access: Permission.caseManage.rawValue, parameters: [idParam], body: "CheckInInput",
                                                    responses: ["201": json(["type": "array", "items": ref("CheckIn")], "Created")])],
            "/api/v1/reviews": [Op(method: "get", summary: "Detention reviews that are overdue (or due within dueWithin days)", access: read,
                                   parameters: [query("dueWithin", ["type": "integer", "minimum": 0, "maximum": 365])],
                                   responses: ["200": json(["type": "array", "items": ref("ReviewItem")])])],
            "/api/v1/alerts/missed-check-ins": [Op(method: "get", summary: "People who missed a check-in beyond the grace period", access: read,
                                                   responses: ["200": json(["type": "array", "items": ref("MissedCheckIn")])])],
        ]
    }
}
