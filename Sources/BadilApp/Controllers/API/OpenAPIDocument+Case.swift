import Foundation
import BadilCore

/// Case management in the OpenAPI document.
extension OpenAPIDocument {
    static var caseSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let int: [String: Any] = ["type": "integer"]
        let bool: [String: Any] = ["type": "boolean"]
        let nullableDate = nullable("string", ["format": "date"])
        let nullableID = nullable("string", ["format": "uuid"])
        let taskStatus = enumeration(CaseTaskStatus.self)
        return [
            "CaseGoal": object(["id": uuid, "text": str(), "status": enumeration(CaseGoalStatus.self), "createdBy": str(), "createdAt": dateTime, "version": int],
                               required: ["id", "text", "status", "createdBy", "createdAt", "version"]),
            "CaseGoalInput": object(["text": str(["maxLength": CasePlanRules.maxTextLength]), "status": nullableEnum(CaseGoalStatus.self)],
                                    required: ["text"]),
            "CaseStatusChange": object(["status": str(["description": "goals: open, achieved, dropped; plan items: planned, in_progress, done, cancelled (done and cancelled are final)"])],
                                       required: ["status"]),
            "CasePlanItem": object(["id": uuid, "goalId": nullableID, "serviceType": enumeration(CaseServiceType.self), "description": str(),
                                    "responsibleOrganizationId": nullableID, "responsibleOrganizationName": nullable("string"), "responsibleName": nullable("string"),
                                    "dueOn": nullableDate, "overdue": bool, "mandatory": bool, "status": enumeration(CasePlanItemStatus.self),
                                    "createdBy": str(), "createdAt": dateTime, "version": int],
                                   required: ["id", "serviceType", "description", "overdue", "mandatory", "status", "createdBy", "createdAt", "version"]),
            "CasePlanItemInput": object(["goalId": nullableID, "serviceType": enumeration(CaseServiceType.self),
                                         "description": str(["maxLength": CasePlanRules.maxTextLength]),
                                         "responsibleOrganizationId": nullable("string", ["format": "uuid", "description": "an organisation, or give responsibleName"]),
                                         "responsibleName": nullable("string", ["maxLength": CasePlanRules.maxNameLength]),
                                         "dueOn": nullable("string", ["format": "date", "description": "not before today; creates a plan_step task"]),
                                         "mandatory": nullable("boolean")],
                                        required: ["serviceType", "description"]),
            "CaseServiceRecord": object(["id": uuid, "mode": enumeration(CaseServiceMode.self), "serviceType": enumeration(CaseServiceType.self), "on": date,
                                         "providerOrganizationId": nullableID, "providerOrganizationName": nullable("string"), "planItemId": nullableID,
                                         "notes": nullable("string"), "recordedBy": str(), "recordedAt": dateTime],
                                        required: ["id", "mode", "serviceType", "on", "recordedBy", "recordedAt"]),
            "CaseServiceInput": object(["mode": nullableEnum(CaseServiceMode.self, ["description": "delivered (default) or referral"]),
                                        "serviceType": enumeration(CaseServiceType.self),
                                        "on": date.merging(["description": "not in the future"]) { a, _ in a },
                                        "providerOrganizationId": nullable("string", ["format": "uuid", "description": "required for a referral, which needs the person's active consent (referral or data_sharing) naming this organisation: otherwise 422 consent_required"]),
                                        "planItemId": nullableID, "notes": nullable("string", ["maxLength": CasePlanRules.maxTextLength])],
                                       required: ["serviceType", "on"]),
            "CaseVisit": object(["id": uuid, "kind": enumeration(CaseVisitKind.self), "visitedOn": date, "findings": str(), "wellbeingConcern": bool,
                                 "nextVisitOn": nullableDate, "recordedBy": str(), "recordedAt": dateTime],
                                required: ["id", "kind", "visitedOn", "findings", "wellbeingConcern", "recordedBy", "recordedAt"]),
            "CaseVisitInput": object(["kind": enumeration(CaseVisitKind.self), "visitedOn": date.merging(["description": "not in the future"]) { a, _ in a },
                                      "findings": str(["maxLength": CasePlanRules.maxTextLength]), "wellbeingConcern": nullable("boolean"),
                                      "nextVisitOn": nullable("string", ["format": "date", "description": "after the visit and not before today; creates a visit task"])],
                                     required: ["kind", "visitedOn", "findings"]),
            "CaseNote": object(["id": uuid, "text": str(), "confidentiality": enumeration(CaseNoteConfidentiality.self), "author": str(), "createdAt": dateTime],
                               required: ["id", "text", "confidentiality", "author", "createdAt"]),
            "CaseNoteInput": object(["text": str(["maxLength": CaseNoteRules.maxLength]),
                                     "confidentiality": nullable("string", ["enum": CaseNoteConfidentiality.allCases.map(\.rawValue) + [NSNull()],
                                                                            "description": "restricted: only the author, the assigned caseworker and supervisors see it"])],
                                    required: ["text"]),
            "CaseTask": object(["id": nullableID, "personId": uuid, "caseNumber": nullable("string"), "kind": enumeration(CaseTaskKind.self), "title": str(),
                                "dueOn": date, "overdue": bool, "mandatory": bool, "status": taskStatus, "assignedToId": nullableID, "sourceId": nullableID,
                                "derived": ["type": "boolean", "description": "a reminder from a decision's follow-up (review, check-in), not stored"],
                                "closedOn": nullableDate, "version": nullable("integer")],
                               required: ["personId", "kind", "title", "dueOn", "overdue", "mandatory", "status", "derived"]),
            "CaseTaskInput": object(["title": str(["maxLength": CaseTaskRules.maxTitleLength]), "dueOn": date.merging(["description": "not before today"]) { a, _ in a },
                                     "kind": nullableEnum(CaseTaskKind.self),
                                     "assignedToId": nullableID, "mandatory": nullable("boolean")],
                                    required: ["title", "dueOn"]),
            "CaseFile": object(["personId": uuid, "exists": bool, "status": enumeration(CaseStatus.self), "caseworkerId": nullableID, "caseworkerName": nullable("string"),
                                "team": nullable("string"), "openedOn": nullableDate, "closedOn": nullableDate, "lastContactOn": nullableDate, "version": int,
                                "goals": ["type": "array", "items": ref("CaseGoal")], "planItems": ["type": "array", "items": ref("CasePlanItem")],
                                "services": ["type": "array", "items": ref("CaseServiceRecord")], "visits": ["type": "array", "items": ref("CaseVisit")],
                                "notes": ["type": "array", "items": ref("CaseNote")], "tasks": ["type": "array", "items": ref("CaseTask")]],
                               required: ["personId", "exists", "status", "version", "goals", "planItems", "services", "visits", "notes", "tasks"]),
            "CaseAssignment": object(["personId": uuid, "status": enumeration(CaseStatus.self), "caseworkerId": nullableID, "team": nullable("string"), "version": int],
                                     required: ["personId", "status", "version"]),
            "CaseAssignmentInput": object(["caseworkerId": nullable("string", ["format": "uuid", "description": "an active caseworker or social worker of your organisation; null unassigns"]),
                                           "team": nullable("string", ["maxLength": CaseAssignmentRules.maxTeamLength])]),
            "CaseloadCase": object(["personId": uuid, "caseNumber": str(), "caseworkerId": nullableID, "team": nullable("string"), "lastContactOn": date, "overdueTasks": int],
                                   required: ["personId", "caseNumber", "lastContactOn", "overdueTasks"]),
            "CaseloadWorker": object(["userId": uuid, "username": str(), "displayName": str(), "openCases": int, "overdueTasks": int, "casesWithoutContact": int],
                                     required: ["userId", "username", "displayName", "openCases", "overdueTasks", "casesWithoutContact"]),
            "Caseload": object(["noContactDays": int, "workers": ["type": "array", "items": ref("CaseloadWorker")],
                                "unassigned": ["type": "array", "items": ref("CaseloadCase")], "withoutContact": ["type": "array", "items": ref("CaseloadCase")]],
                               required: ["noContactDays", "workers", "unassigned", "withoutContact"]),
            "CaseTimelineEvent": object(["on": date, "kind": str(), "title": str(), "detail": str(), "href": nullable("string")],
                                        required: ["on", "kind", "title", "detail"]),
            "CaseReDetentionAlert": object(["personId": uuid, "caseNumber": str(), "decisionId": uuid, "reopenedAt": nullable("string", ["format": "date-time"])],
                                           required: ["personId", "caseNumber", "decisionId"]),
        ]
    }

    /// A string of an enumeration, or null.
    static func nullableEnum<E: RawRepresentable & CaseIterable>(_ type: E.Type, _ extra: [String: Any] = [:]) -> [String: Any] where E.RawValue == String {
        ["type": ["string", "null"], "enum": E.allCases.map { $0.rawValue as Any } + [NSNull()]].merging(extra) { $1 }
    }

    static var caseOperations: [String: [Op]] {
        let read = Permission.personRead.rawValue
        let manage = Permission.caseManage.rawValue
        let itemParam: [String: Any] = ["name": "itemId", "in": "path", "required": true, "schema": uuid]
        func list(_ what: String, _ schema: String) -> Op {
            Op(method: "get", summary: "A person's case \(what), latest first (audited)", access: read, parameters: [idParam],
               responses: ["200": json(["type": "array", "items": ref(schema)])])
        }
        func create(_ summary: String, _ body: String, _ schema: String, etag: Bool = false) -> Op {
            Op(method: "post", summary: summary, access: manage, parameters: [idParam], body: body, responses: ["201": json(ref(schema), "Created", etag: etag)])
        }
        func change(_ summary: String, _ schema: String) -> Op {
            Op(method: "patch", summary: summary, access: manage, parameters: [idParam, itemParam], body: "CaseStatusChange",
               responses: ["200": json(ref(schema), etag: true)], ifMatch: true)
        }
        func closeTask(_ summary: String) -> [Op] {
            [Op(method: "post", summary: summary, access: manage, parameters: [idParam], responses: ["200": json(ref("CaseTask"), etag: true)], ifMatch: true)]
        }
        return [
            "/api/v1/persons/{id}/case": [
                Op(method: "get", summary: "A person's case: status, assignment, plan, services, visits, the notes you may read, tasks (audited)",
                   access: read, parameters: [idParam], responses: ["200": json(ref("CaseFile"), etag: true)]),
            ],
            "/api/v1/persons/{id}/case/assignment": [
                Op(method: "put", summary: "Assign or reassign the case to a caseworker and/or a team (version 0 before the case file exists)",
                   access: Permission.caseAssign.rawValue, parameters: [idParam], body: "CaseAssignmentInput",
                   responses: ["200": json(ref("CaseAssignment"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/case/plan/goals": [create("Add a goal to the case plan", "CaseGoalInput", "CaseGoal", etag: true)],
            "/api/v1/persons/{id}/case/plan/goals/{itemId}": [change("Change a goal's status (achieved and dropped are final)", "CaseGoal")],
            "/api/v1/persons/{id}/case/plan/items": [create("Add a plan item: a service, who is responsible, by when (a due date creates a plan_step task)",
                                                           "CasePlanItemInput", "CasePlanItem", etag: true)],
            "/api/v1/persons/{id}/case/plan/items/{itemId}": [change("Move a plan item on; done or cancelled closes its task", "CasePlanItem")],
            "/api/v1/persons/{id}/case/services": [
                list("services and referrals", "CaseServiceRecord"),
                create("Record a service delivered, or a referral to a provider (needs consent naming the provider)", "CaseServiceInput", "CaseServiceRecord"),
            ],
            "/api/v1/persons/{id}/case/visits": [
                list("visits", "CaseVisit"),
                create("Record a follow-up visit and its findings (a next visit date creates a visit task)", "CaseVisitInput", "CaseVisit"),
            ],
            "/api/v1/persons/{id}/case/notes": [
                list("notes you may read (restricted notes of others are left out)", "CaseNote"),
                create("Add a note (never edited: a correction is a new note)", "CaseNoteInput", "CaseNote"),
            ],
            "/api/v1/persons/{id}/case/tasks": [
                Op(method: "get", summary: "A person's case tasks: open ones by due date, then closed ones", access: read, parameters: [idParam],
                   responses: ["200": json(["type": "array", "items": ref("CaseTask")])]),
                create("Add a task to the case", "CaseTaskInput", "CaseTask", etag: true),
            ],
            "/api/v1/persons/{id}/timeline": [
                Op(method: "get", summary: "A person's single timeline, latest first (audited; restricted notes only for who may read them)", access: read,
                   parameters: [idParam, query("limit", ["type": "integer", "minimum": 1, "maximum": TimelineService.maxLimit])],
                   responses: ["200": json(["type": "array", "items": ref("CaseTimelineEvent")])]),
            ],
            "/api/v1/tasks": [
                Op(method: "get", summary: "My tasks: open tasks assigned to me or on my cases, and review and check-in reminders; overdue first",
                   access: manage, parameters: [query("overdue", ["type": "boolean"])], responses: ["200": json(["type": "array", "items": ref("CaseTask")])]),
            ],
            "/api/v1/tasks/{id}/complete": closeTask("Complete an open task"),
            "/api/v1/tasks/{id}/cancel": closeTask("Cancel an open task"),
            "/api/v1/caseload": [
                Op(method: "get", summary: "Caseload per caseworker of your organisation: open cases, overdue tasks, cases without contact; unassigned cases",
                   access: Permission.caseAssign.rawValue, parameters: [query("noContactDays", ["type": "integer", "minimum": 1, "maximum": 365, "default": 14])],
                   responses: ["200": json(ref("Caseload"))]),
            ],
            "/api/v1/alerts/re-detained": [
                Op(method: "get", summary: "People re-detained whose decision was reopened and who have no new approved decision", access: manage,
                   responses: ["200": json(["type": "array", "items": ref("CaseReDetentionAlert")])]),
            ],
        ]
    }
}
