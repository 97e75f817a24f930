import Foundation
import BadilCore

/// Outcomes and closure in the OpenAPI document.
extension OpenAPIDocument {
    static var outcomeSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let optionalDate = nullable("string", ["format": "date"])
        let text = { (max: Int) -> [String: Any] in nullable("string", ["maxLength": max]) }
        let step = object(["step": enumeration(ReturnStep.self), "status": enumeration(ReturnStepStatus.self), "on": optionalDate,
                           "note": nullable("string"), "updatedBy": nullable("string"),
                           "source": nullable("string", ["description": "caseworker, or embassy for steps advanced from the consular portal"])],
                          required: ["step", "status"])
        let pathway = object(["id": uuid, "personId": uuid, "status": enumeration(ReturnPathwayStatus.self), "startedOn": date, "startedBy": str(),
                              "overrideReason": nullable("string"), "withdrawnOn": optionalDate, "withdrawReason": nullable("string"),
                              "version": ["type": "integer"], "steps": ["type": "array", "items": ref("ReturnStep")]],
                             required: ["id", "personId", "status", "startedOn", "startedBy", "version", "steps"])
        let referral = object(["id": uuid, "personId": uuid, "kind": enumeration(OutcomeReferralKind.self), "otherText": nullable("string"),
                               "organization": nullable("string"), "status": enumeration(OutcomeReferralStatus.self), "referredOn": date,
                               "statusOn": date, "note": nullable("string"), "createdBy": str(), "updatedBy": str(), "version": ["type": "integer"]],
                              required: ["id", "personId", "kind", "status", "referredOn", "statusOn", "createdBy", "updatedBy", "version"])
        let event = object(["id": uuid, "action": enumeration(ClosureAction.self), "reason": nullable("string", ["enum": (ClosureReason.allCases.map(\.rawValue) as [Any]) + [NSNull()]]),
                            "reasonText": nullable("string"), "overrideReason": nullable("string"), "openMandatoryTasks": ["type": "integer"],
                            "by": str(), "on": date, "at": dateTime],
                           required: ["id", "action", "openMandatoryTasks", "by", "on", "at"])
        let closure = object(["personId": uuid, "caseStatus": enumeration(CaseStatus.self),
                              "caseVersion": ["type": "integer", "description": "The case file version for If-Match (0 while there is no case file)"],
                              "closedOn": optionalDate, "closureReason": nullable("string"), "openMandatoryTasks": ["type": "integer"],
                              "history": ["type": "array", "items": ref("CaseClosureEvent"), "description": "latest first"]],
                             required: ["personId", "caseStatus", "caseVersion", "openMandatoryTasks", "history"])
        let inboxItem = object(["personId": uuid, "caseNumber": str(), "caseStatus": enumeration(CaseStatus.self), "caseVersion": ["type": "integer"],
                                "closureReason": nullable("string"), "requestedBy": nullable("string"), "requestedOn": optionalDate,
                                "overrideReason": nullable("string"), "openMandatoryTasks": nullable("integer")],
                               required: ["personId", "caseNumber", "caseStatus", "caseVersion"])
        return [
            "ReturnStep": step,
            "ReturnPathway": pathway,
            "ReturnPathwayState": object(["current": ["oneOf": [ref("ReturnPathway"), ["type": "null"] as [String: Any]] as [Any]],
                                          "withdrawn": ["type": "array", "items": ref("ReturnPathway")]], required: ["current", "withdrawn"]),
            "ReturnPathwayStart": object(["overrideReason": text(ReturnPathwayRules.maxReasonLength).merging(
                ["description": "Required, from a supervisor, for a person with a protection flag or a child without a confirmed best-interests determination deciding voluntary_return"]) { $1 }]),
            "ReturnStepChange": object(["status": enumeration(ReturnStepStatus.self),
                                        "on": optionalDate.merging(["description": "default today; not in the future"]) { $1 },
                                        "note": text(ReturnPathwayRules.maxNoteLength)], required: ["status"]),
            "ReturnPathwayWithdraw": object(["reason": str(["minLength": 1, "maxLength": ReturnPathwayRules.maxReasonLength, "pattern": nonBlank])],
                                            required: ["reason"]),
            "OutcomeReferral": referral,
            "OutcomeReferralInput": object(["kind": enumeration(OutcomeReferralKind.self),
                                            "otherText": text(OutcomeRules.maxTextLength).merging(["description": "required for kind other"]) { $1 },
                                            "organization": text(OutcomeRules.maxTextLength),
                                            "referredOn": optionalDate.merging(["description": "default today; not in the future"]) { $1 },
                                            "note": text(OutcomeRules.maxNoteLength)], required: ["kind"]),
            "OutcomeReferralChange": object(["status": enumeration(OutcomeReferralStatus.self).merging(
                ["description": "referred → accepted or declined; accepted → completed or declined"]) { $1 },
                                             "on": optionalDate, "note": text(OutcomeRules.maxNoteLength)], required: ["status"]),
            "CaseClosureEvent": event,
            "CaseClosure": closure,
            "CaseClosureRequest": object(["reason": enumeration(ClosureReason.self),
                                          "reasonText": text(ClosureRules.maxTextLength).merging(["description": "required for reason other"]) { $1 },
                                          "overrideReason": text(ClosureRules.maxTextLength).merging(
                                            ["description": "required while the case has open mandatory tasks (422 open_mandatory_tasks otherwise)"]) { $1 }],
                                         required: ["reason"]),
            "CaseClosureReason": object(["reason": text(ClosureRules.maxTextLength).merging(
                ["description": "optional to approve; required to reject or reopen"]) { $1 }]),
            "CaseClosureInboxItem": inboxItem,
            "CaseClosureInboxPage": page("CaseClosureInboxItem"),
        ]
    }

    static var outcomeOperations: [String: [Op]] {
        let read = Permission.personRead.rawValue, manage = Permission.caseManage.rawValue, close = Permission.caseClose.rawValue
        let stepParam: [String: Any] = ["name": "step", "in": "path", "required": true, "schema": enumeration(ReturnStep.self)]
        let pathwayOK = ["200": json(ref("ReturnPathway"), etag: true)]
        let closureOK = ["200": json(ref("CaseClosure"), etag: true)]
        let stepChange = { (method: String) in
            Op(method: method, summary: "Set a step's status, day and note. Departure needs every earlier step done or not applicable; nationality verification needs informed consent done",
               access: manage, parameters: [idParam, stepParam], body: "ReturnStepChange", responses: pathwayOK, ifMatch: true)
        }
        return [
            "/api/v1/persons/{id}/return-pathway": [
                Op(method: "get", summary: "The person's return pathway and withdrawn ones (audited; case roles only); ETag is the current pathway's version",
                   access: read, parameters: [idParam], responses: ["200": json(ref("ReturnPathwayState"), etag: true)]),
                Op(method: "post", summary: "Start a voluntary return pathway (422 protection_flag / child_bid_required without a supervisor's override reason)",
                   access: manage, parameters: [idParam], body: "ReturnPathwayStart", responses: ["201": json(ref("ReturnPathway"), "Created", etag: true)]),
            ],
            "/api/v1/persons/{id}/return-pathway/steps/{step}": [stepChange("put"), stepChange("patch")],
            "/api/v1/persons/{id}/return-pathway/withdraw": [
                Op(method: "post", summary: "Withdraw the return pathway with a reason", access: manage, parameters: [idParam], body: "ReturnPathwayWithdraw",
                   responses: pathwayOK, ifMatch: true),
            ],
            "/api/v1/persons/{id}/outcome-referrals": [
                Op(method: "get", summary: "Referrals to UNHCR, family reunification, regularisation or other outcomes (audited; case roles only)", access: read,
                   parameters: [idParam], responses: ["200": json(["type": "array", "items": ref("OutcomeReferral")])]),
                Op(method: "post", summary: "Refer the person towards an outcome", access: manage, parameters: [idParam], body: "OutcomeReferralInput",
                   responses: ["201": json(ref("OutcomeReferral"), "Created", etag: true)]),
            ],
            "/api/v1/outcome-referrals/{id}": [
                Op(method: "patch", summary: "Record the referral's next status (accepted, declined, completed)", access: manage, parameters: [idParam],
                   body: "OutcomeReferralChange", responses: ["200": json(ref("OutcomeReferral"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/closure": [
                Op(method: "get", summary: "Case status and closure history (audited; case roles only); ETag is the case file version", access: read, parameters: [idParam],
                   responses: closureOK),
                Op(method: "post", summary: "Ask to close the case (open mandatory tasks need an override reason); a supervisor approves",
                   access: manage, parameters: [idParam], body: "CaseClosureRequest", responses: ["201": json(ref("CaseClosure"), "Created", etag: true)]),
            ],
            "/api/v1/persons/{id}/closure/approve": [
                Op(method: "post", summary: "Approve a pending closure (not your own request: 409 closure_self_approval)", access: close,
                   parameters: [idParam], body: "CaseClosureReason", responses: closureOK, ifMatch: true),
            ],
            "/api/v1/persons/{id}/closure/reject": [
                Op(method: "post", summary: "Reject a pending closure with a reason: the case is open again", access: close, parameters: [idParam],
                   body: "CaseClosureReason", responses: closureOK, ifMatch: true),
            ],
            "/api/v1/persons/{id}/closure/reopen": [
                Op(method: "post", summary: "Reopen a closed case with a reason", access: manage, parameters: [idParam], body: "CaseClosureReason",
                   responses: closureOK, ifMatch: true),
            ],
            "/api/v1/closures": [
                Op(method: "get", summary: "Cases awaiting closure approval (status=pending, default) or closed, in your scope (audited)", access: close,
                   parameters: pageParams + [query("status", ["type": "string", "enum": ["pending", "closed"]])],
                   responses: ["200": json(ref("CaseClosureInboxPage"))]),
            ],
        ]
    }
}
