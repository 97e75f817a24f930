import Foundation
import BadilCore

/// The OpenAPI 3.1 description of every `/api/v1` route. A test compares it with the registered routes.
enum OpenAPIDocument {
    static let json: Data = {
        // Sorted keys make the document stable byte for byte.
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }()

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func str(_ extra: [String: Any] = [:]) -> [String: Any] { ["type": "string"].merging(extra) { $1 } }
    static func nullable(_ type: String, _ extra: [String: Any] = [:]) -> [String: Any] {
        ["type": [type, "null"]].merging(extra) { $1 }
    }
    static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }

    static func object(_ properties: [String: Any], required: [String] = [], closed: Bool = true) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { o["required"] = required }
        if closed { o["additionalProperties"] = false }
        return o
    }

    static func page(_ item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ref(item)], "page": ["type": "integer", "minimum": 1],
                "pageSize": ["type": "integer", "minimum": 1], "total": ["type": "integer", "minimum": 0]],
               required: ["items", "page", "pageSize", "total"])
    }

    /// At least one character that is neither white space nor a control character (what the server keeps).
    static let nonBlank = "[^\\s\\u0000-\\u001f\\u007f-\\u009f]"

    static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> [String: Any] where E.RawValue == String {
        ["type": "string", "enum": E.allCases.map(\.rawValue)]
    }

    static var schemas: [String: Any] { [
        "Error": object(["error": object([
            "status": ["type": "integer"], "code": str(), "message": str(), "correlationId": str(),
            "fields": ["type": "array", "items": object(["field": str(), "code": str(), "message": str()], required: ["field", "code", "message"])],
        ], required: ["status", "code", "message", "correlationId"])], required: ["error"]),
        "TokenRequest": object(["username": str(["minLength": 1, "maxLength": 64]), "password": str(["minLength": 1, "maxLength": 1024]),
                                "purpose": enumeration(TokenPurpose.self)], required: ["username", "password"]),
        "TokenResponse": object(["token": str(), "tokenType": str(["enum": ["Bearer"]]), "expiresAt": dateTime,
                                 "purpose": enumeration(TokenPurpose.self)], required: ["token", "tokenType", "expiresAt", "purpose"]),
        "Me": object(["id": uuid, "username": str(), "displayName": str(), "role": enumeration(Role.self), "organizationId": uuid,
                      "organizationName": str(), "scope": enumeration(RecordScope.self),
                      "permissions": ["type": "array", "items": enumeration(Permission.self)]],
                     required: ["id", "username", "displayName", "role", "organizationId", "organizationName", "scope", "permissions"]),
        "Organization": object(["id": uuid, "name": str(), "type": enumeration(OrganizationType.self),
                                "countryCode": nullable("string", ["pattern": "^[A-Z]{3}$"]), "active": ["type": "boolean"], "version": ["type": "integer"]],
                               required: ["id", "name", "type", "active", "version"]),
        "OrganizationInput": object(["name": str(["maxLength": 120, "pattern": nonBlank]), "type": enumeration(OrganizationType.self),
                                     "countryCode": nullable("string", ["description": "ISO 3166-1 alpha-3; required for embassies"]),
                                     "active": ["type": "boolean"]]),
        "OrganizationPage": page("Organization"),
        "User": object(["id": uuid, "username": str(), "displayName": str(), "role": enumeration(Role.self), "organizationId": uuid,
                        "team": nullable("string"), "active": ["type": "boolean"], "version": ["type": "integer"],
                        "lastLoginAt": nullable("string", ["format": "date-time"])],
                       required: ["id", "username", "displayName", "role", "organizationId", "active", "version"]),
        "UserInput": object(["username": str(["pattern": "^[a-z0-9._-]{3,64}$", "description": "create only"]),
                             "displayName": str(["maxLength": 120, "pattern": nonBlank]), "role": enumeration(Role.self), "organizationId": uuid,
                             "team": nullable("string", ["maxLength": 80]), "active": ["type": "boolean"],
                             "password": str(["minLength": PasswordPolicy.minimumLength, "maxLength": PasswordPolicy.maximumLength,
                                              "description": "create only; change with password-reset"])]),
        "UserPage": page("User"),
        "PasswordChange": object(["currentPassword": str(), "newPassword": str(["minLength": PasswordPolicy.minimumLength, "maxLength": PasswordPolicy.maximumLength])],
                                 required: ["currentPassword", "newPassword"]),
        "PasswordReset": object(["newPassword": str(["minLength": PasswordPolicy.minimumLength, "maxLength": PasswordPolicy.maximumLength])],
                                required: ["newPassword"]),
        "Location": object(["id": uuid, "type": enumeration(LocationType.self), "nameEn": str(), "nameFr": str(), "nameAr": str(),
                            "pcode": nullable("string"), "operatorId": nullable("string", ["format": "uuid"]),
                            "latitude": nullable("number"), "longitude": nullable("number"), "active": ["type": "boolean"],
                            "version": ["type": "integer"]],
                           required: ["id", "type", "nameEn", "nameFr", "nameAr", "active", "version"]),
        "LocationInput": object(["type": enumeration(LocationType.self), "nameEn": str(["maxLength": 160, "pattern": nonBlank]),
                                 "nameFr": nullable("string", ["maxLength": 160]), "nameAr": nullable("string", ["maxLength": 160]),
                                 "pcode": nullable("string", ["description": "OCHA P-code of a Libyan region or district"]),
                                 "operatorId": nullable("string", ["format": "uuid"]),
                                 "latitude": nullable("number", ["minimum": -90, "maximum": 90]),
                                 "longitude": nullable("number", ["minimum": -180, "maximum": 180]), "active": ["type": "boolean"]]),
        "LocationPage": page("Location"),
        "AuditEvent": object(["sequence": ["type": "integer"], "occurredAt": dateTime, "actorId": str(), "actorName": str(), "action": str(),
                              "entityType": str(), "entityId": str(), "fields": ["type": "array", "items": str()],
                              "flagged": ["type": "boolean"], "hash": str()],
                             required: ["sequence", "occurredAt", "actorId", "actorName", "action", "entityType", "entityId", "fields", "flagged", "hash"]),
        "AuditEventPage": page("AuditEvent"),
        "ReferenceEntry": object(["code": str(), "name": str(), "nameEn": str(), "nameFr": str(), "nameAr": str()],
                                 required: ["code", "name", "nameEn", "nameFr", "nameAr"]),
        "Health": object(["status": str(["enum": ["ok", "degraded"]]), "database": str(["enum": ["sqlite", "postgresql"]]),
                          "databaseReachable": ["type": "boolean"]], required: ["status", "database", "databaseReachable"]),
    ] }

    static var registrationSchemas: [String: Any] {
        let date: [String: Any] = ["type": "string", "format": "date"]
        let nullableDate: [String: Any] = ["type": ["string", "null"], "format": "date"]
        let reason = object(["code": str(), "params": ["type": "object", "additionalProperties": str()], "message": str()], required: ["code", "params", "message"])
        let person = object([
            "id": uuid, "caseNumber": str(["pattern": "^[A-Z]{3}-[A-Z]{3,5}-[0-9]{4}-[0-9]{6,}$"]), "arrivalId": uuid,
            "nameOriginal": nullable("string"), "nameLatin": nullable("string"), "sex": enumeration(Sex.self),
            "dateOfBirth": nullableDate, "dateOfBirthEstimated": ["type": "boolean"], "claimedAge": nullable("integer"),
            "assessedAge": nullable("integer"), "assessmentMethod": ["type": ["string", "null"], "enum": AgeAssessmentMethod.allCases.map(\.rawValue) + [NSNull()]],
            "assessedOn": nullableDate, "ageDisputed": ["type": "boolean"], "age": nullable("integer"), "isChild": ["type": "boolean"],
            "careStatus": ["type": ["string", "null"], "enum": CareStatus.allCases.map(\.rawValue) + [NSNull()]],
            "careOverride": ["type": ["string", "null"], "enum": CareStatus.allCases.map(\.rawValue) + [NSNull()]],
            "nationality": str(["description": "ISO 3166-1 alpha-3, undetermined or stateless"]),
            "languages": ["type": "array", "items": str()], "urgentNeeds": ["type": "array", "items": enumeration(UrgentNeed.self)],
            "mergedIntoId": nullable("string", ["format": "uuid"]), "version": ["type": "integer"],
        ], required: ["id", "caseNumber", "arrivalId", "sex", "dateOfBirthEstimated", "ageDisputed", "isChild", "nationality", "languages", "urgentNeeds", "version"])
        let draftProps: [String: Any] = [
            "nameOriginal": nullable("string", ["maxLength": 200, "description": "any script; this or nameLatin is required"]),
            "nameLatin": nullable("string", ["maxLength": 200]), "sex": enumeration(Sex.self),
            "dateOfBirth": nullableDate, "dateOfBirthEstimated": ["type": "boolean"],
            "claimedAge": ["type": ["integer", "null"], "minimum": 0, "maximum": AgeRules.maximumAge],
            "nationality": nullable("string", ["description": "ISO 3166-1 alpha-3, undetermined or stateless"]),
        ]
        var rowProps = draftProps
        rowProps["ref"] = str(["maxLength": 40, "description": "a name for this row, so other rows can link to it"])
        rowProps["ageDisputed"] = ["type": "boolean"]
        rowProps["languages"] = ["type": "array", "maxItems": RegistrationRules.maxLanguages, "items": str(["description": "ISO 639-1, or 639-3"])]
        rowProps["urgentNeeds"] = ["type": "array", "items": enumeration(UrgentNeed.self)]
        rowProps["links"] = ["type": "array", "items": object(["ref": str(), "personId": uuid, "relationship": enumeration(Relationship.self)],
                                                             required: ["relationship"])]
        return [
            "Arrival": object(["id": uuid, "kind": enumeration(ArrivalKind.self), "locationId": uuid, "locationName": str(), "occurredAt": dateTime,
                               "interceptingUnit": nullable("string"), "reportedCount": nullable("integer"), "registeredCount": ["type": "integer"],
                               "officeCode": str(), "version": ["type": "integer"]],
                              required: ["id", "kind", "locationId", "locationName", "occurredAt", "registeredCount", "officeCode", "version"]),
            "ArrivalCreate": object(["kind": enumeration(ArrivalKind.self), "locationId": uuid, "occurredAt": dateTime,
                                     "interceptingUnit": nullable("string", ["maxLength": 120]),
                                     "reportedCount": ["type": ["integer", "null"], "minimum": 0, "maximum": 2000]], required: ["kind", "locationId"]),
            "ArrivalPage": page("Arrival"),
            "Person": person,
            "PersonPage": page("Person"),
            "PersonDetail": object(["person": ref("Person"), "arrival": uuid, "currentLocationId": nullable("string", ["format": "uuid"]),
                                    "daysInDetention": ["type": "integer"],
                                    "stays": ["type": "array", "items": object(["locationId": uuid, "locationName": str(), "locationType": enumeration(LocationType.self),
                                                                               "startedAt": dateTime, "endedAt": nullable("string", ["format": "date-time"]), "reason": str()],
                                                                              required: ["locationId", "locationName", "locationType", "startedAt", "reason"])],
                                    "links": ["type": "array", "items": object(["relatedId": nullable("string", ["format": "uuid"]), "relationship": enumeration(Relationship.self),
                                                                               "caseNumber": nullable("string"), "name": nullable("string")], required: ["relationship"])],
                                    "mergedCaseNumbers": ["type": "array", "items": str()]],
                                   required: ["person", "arrival", "daysInDetention", "stays", "links", "mergedCaseNumbers"]),
            "PersonUpdate": object(draftProps.merging([
                "ageDisputed": ["type": "boolean"], "assessedAge": ["type": ["integer", "null"], "minimum": 0, "maximum": AgeRules.maximumAge],
                "assessmentMethod": ["type": ["string", "null"], "enum": AgeAssessmentMethod.allCases.map(\.rawValue) + [NSNull()]],
                "assessedOn": nullableDate, "languages": rowProps["languages"]!, "urgentNeeds": rowProps["urgentNeeds"]!,
                "careOverride": ["type": ["string", "null"], "enum": CareStatus.allCases.map(\.rawValue) + [NSNull()]],
                "nationality": str(["description": "ISO 3166-1 alpha-3, undetermined or stateless; cannot be cleared"]),
            ]) { $1 }),
            "RegistrationRow": object(rowProps, required: ["sex"]),
            "BatchRegistration": object(["rows": ["type": "array", "minItems": 1, "maxItems": RegistrationService.maxBatch, "items": ref("RegistrationRow")]],
                                        required: ["rows"]),
            "Reason": reason,
            "Candidate": object(["personId": nullable("string", ["format": "uuid"]), "score": ["type": "number"], "reasons": ["type": "array", "items": ref("Reason")],
                                 "visible": ["type": "boolean", "description": "false: a record outside your scope; only the match is disclosed"],
                                 "caseNumber": nullable("string"), "name": nullable("string"), "nationality": nullable("string"),
                                 "birthYear": nullable("integer"), "sex": nullable("string")], required: ["score", "reasons", "visible"]),
            "BatchResult": object(["registered": ["type": "integer"], "people": ["type": "array", "items": object(
                ["person": ref("Person"), "candidates": ["type": "array", "items": ref("Candidate")]], required: ["person", "candidates"])]],
                                  required: ["registered", "people"]),
            "DuplicateCheck": object(draftProps, required: ["sex"]),
            "DuplicatePair": object(["id": uuid, "score": ["type": "number"], "status": str(["enum": ["proposed", "same", "different"]]),
                                     "source": str(["enum": ["registration", "sweep"]]), "reasons": ["type": "array", "items": ref("Reason")],
                                     "a": ref("Person"), "b": ref("Person"), "survivorId": nullable("string", ["format": "uuid"]), "version": ["type": "integer"]],
                                    required: ["id", "score", "status", "source", "reasons", "a", "b", "version"]),
            "DuplicatePairPage": page("DuplicatePair"),
            "Decision": object(["decision": str(["enum": ["same", "different"]])], required: ["decision"]),
            "LinkCreate": object(["relatedId": uuid, "relationship": enumeration(Relationship.self)], required: ["relatedId", "relationship"]),
            "Move": object(["locationId": uuid, "reason": str(["minLength": 1, "maxLength": 200, "pattern": nonBlank]),
                            "at": nullable("string", ["format": "date-time"])], required: ["locationId", "reason"]),
            "SweepResult": object(["checked": ["type": "integer"], "ran": ["type": "boolean"]], required: ["checked", "ran"]),
            "ChildAlerts": object(["total": ["type": "integer"], "items": ["type": "array", "items": object(
                ["personId": uuid, "caseNumber": str(), "name": str(), "locationName": str(), "since": dateTime, "days": ["type": "integer"]],
                required: ["personId", "caseNumber", "name", "locationName", "since", "days"])]], required: ["total", "items"]),
        ]
    }

    /// Create bodies: the input schema with the fields a new record needs.
    static var createSchemas: [String: Any] {
        func required(_ name: String, _ fields: [String]) -> [String: Any] {
            var schema = schemas[name] as! [String: Any]
            schema["required"] = fields
            return schema
        }
        return [
            "OrganizationCreate": required("OrganizationInput", ["name", "type"]),
            "UserCreate": required("UserInput", ["username", "displayName", "role", "organizationId", "password"]),
            "LocationCreate": required("LocationInput", ["type", "nameEn"]),
            "UserUpdate": {
                var schema = schemas["UserInput"] as! [String: Any]
                var props = schema["properties"] as! [String: Any]
                props.removeValue(forKey: "username")
                props.removeValue(forKey: "password")
                schema["properties"] = props
                return schema
            }(),
        ]
    }

    static func errorResponse(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ref("Error")]]]
    }

    static func json(_ schema: [String: Any], _ description: String = "OK", etag: Bool = false) -> [String: Any] {
        var r: [String: Any] = ["description": description, "content": ["application/json": ["schema": schema]]]
        if etag { r["headers"] = ["ETag": ["description": "The record's version, for If-Match", "schema": str()]] }
        return r
    }

    struct Op {
        let method: String
        let summary: String
        let access: String
        var parameters: [[String: Any]] = []
        var body: String? = nil
        var responses: [String: Any]
        var secured = true
        var ifMatch = false
    }

    static var idParam: [String: Any] { ["name": "id", "in": "path", "required": true, "schema": uuid] }
    static var pageParams: [[String: Any]] { [
        ["name": "page", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 1_000_000]],
        ["name": "pageSize", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": Paging.maxSize]],
    ] }
    static func query(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema]
    }
    static var ifMatchParam: [String: Any] { ["name": "If-Match", "in": "header", "required": true,
                                                      "description": "The ETag (version) last read, e.g. \"3\"; a stale one answers 412, a missing one 400; * skips the check", "schema": str(["pattern": "^(\\*|(W/)?\"?[0-9]+\"?)$"])] }

    static var operations: [String: [Op]] {
        coreOperations.merging(screeningOperations) { a, _ in a }.merging(placementOperations) { a, _ in a }.merging(consularOperations) { a, _ in a }
            .merging(incidentOperations) { a, _ in a }.merging(caseOperations) { a, _ in a }.merging(childOperations) { a, _ in a }
            .merging(outcomeOperations) { a, _ in a }
    }

    static var coreOperations: [String: [Op]] {
        let list = { (item: String, access: String, extra: [[String: Any]]) -> Op in
            Op(method: "get", summary: "List \(item.lowercased())s", access: access, parameters: pageParams + extra,
               responses: ["200": json(ref("\(item)Page"))])
        }
        let getOne = { (item: String, access: String) -> Op in
            Op(method: "get", summary: "One \(item.lowercased())", access: access, parameters: [idParam], responses: ["200": json(ref(item), etag: true)])
        }
        let create = { (item: String, access: String) -> Op in
            Op(method: "post", summary: "Create a \(item.lowercased())", access: access, body: "\(item)Create",
               responses: ["201": json(ref(item), "Created", etag: true)])
        }
        let update = { (item: String, access: String) -> Op in
            Op(method: "patch", summary: "Change a \(item.lowercased()) (only the fields sent; null clears an optional field)", access: access, parameters: [idParam],
               body: item == "User" ? "UserUpdate" : "\(item)Input", responses: ["200": json(ref(item), etag: true)], ifMatch: true)
        }
        let referenceList = { (what: String) -> Op in
            Op(method: "get", summary: "Reference list: \(what)", access: "signed-in", parameters: [query("q", str())],
               responses: ["200": json(["type": "array", "items": ref("ReferenceEntry")])])
        }
        return [
            "/api/v1/auth/token": [
                Op(method: "post", summary: "Exchange username and password for a bearer token", access: "public", body: "TokenRequest",
                   responses: ["201": json(ref("TokenResponse"), "Created"), "429": errorResponse("Too many failed attempts; see Retry-After")],
                   secured: false),
                Op(method: "delete", summary: "Revoke the token used for this request", access: "signed-in",
                   responses: ["204": ["description": "Revoked"]]),
            ],
            "/api/v1/me": [Op(method: "get", summary: "The signed-in user, role, scope and permissions", access: "signed-in",
                              responses: ["200": json(ref("Me"))])],
            "/api/v1/me/password": [Op(method: "post", summary: "Change one's own password (ends all sessions and tokens)", access: "signed-in",
                                       body: "PasswordChange", responses: ["204": ["description": "Changed"]])],
            "/api/v1/organizations": [
                list("Organization", Permission.organizationRead.rawValue, [query("type", enumeration(OrganizationType.self)), query("q", str())]),
                create("Organization", Permission.organizationManage.rawValue),
            ],
            "/api/v1/organizations/{id}": [getOne("Organization", Permission.organizationRead.rawValue),
                                           update("Organization", Permission.organizationManage.rawValue)],
            "/api/v1/users": [
                list("User", Permission.userRead.rawValue, [query("role", enumeration(Role.self)), query("organizationId", uuid), query("q", str())]),
                create("User", Permission.userManage.rawValue),
            ],
            "/api/v1/users/{id}": [getOne("User", Permission.userRead.rawValue), update("User", Permission.userManage.rawValue)],
            "/api/v1/users/{id}/password-reset": [Op(method: "post", summary: "Set a new password for a user (ends their sessions and tokens)",
                                                     access: Permission.userManage.rawValue, parameters: [idParam], body: "PasswordReset",
                                                     responses: ["204": ["description": "Reset"]])],
            "/api/v1/locations": [
                list("Location", Permission.locationRead.rawValue, [query("type", enumeration(LocationType.self)), query("q", str()),
                                                                    query("pcode", str()), query("active", ["type": "string", "enum": ["true", "false"]])]),
                create("Location", Permission.locationManage.rawValue),
            ],
            "/api/v1/locations/{id}": [getOne("Location", Permission.locationRead.rawValue), update("Location", Permission.locationManage.rawValue)],
            "/api/v1/audit-events": [Op(method: "get", summary: "The audit trail, newest first", access: Permission.auditRead.rawValue,
                                        parameters: pageParams + [query("action", str()), query("entityType", str()), query("entityId", str()),
                                                                  query("flagged", ["type": "string", "enum": ["true", "false"]])],
                                        responses: ["200": json(ref("AuditEventPage"))])],
            "/api/v1/arrivals": [
                list("Arrival", Permission.personRegister.rawValue, [query("kind", enumeration(ArrivalKind.self)), query("locationId", uuid)]),
                Op(method: "post", summary: "Record a disembarkation or a detention intake", access: Permission.arrivalRecord.rawValue,
                   body: "ArrivalCreate", responses: ["201": json(ref("Arrival"), "Created", etag: true)]),
            ],
            "/api/v1/arrivals/{id}": [getOne("Arrival", Permission.personRegister.rawValue)],
            "/api/v1/arrivals/{id}/registrations": [Op(method: "post", summary: "Register up to 1,000 people on an arrival, all or nothing; answers the duplicate candidates of each",
                                                       access: Permission.personRegister.rawValue, parameters: [idParam], body: "BatchRegistration",
                                                       responses: ["201": json(ref("BatchResult"), "Created")])],
            "/api/v1/arrivals/{id}/duplicate-check": [Op(method: "post", summary: "Probable earlier registrations of a person about to be registered (nothing is saved)",
                                                         access: Permission.personRegister.rawValue, parameters: [idParam], body: "DuplicateCheck",
                                                         responses: ["200": json(["type": "array", "items": ref("Candidate")])])],
            "/api/v1/persons": [list("Person", Permission.personRead.rawValue, [
                query("q", str(["description": "case number, or a name in any script"])), query("nationality", str()), query("locationId", uuid),
                query("ageGroup", str(["enum": ["child", "adult"]])), query("sex", enumeration(Sex.self)), query("care", enumeration(CareStatus.self)),
                query("urgent", enumeration(UrgentNeed.self)), query("arrivalId", uuid)])],
            "/api/v1/persons/{id}": [
                Op(method: "get", summary: "A person's record (audited); a merged record answers with the record it was merged into",
                   access: Permission.personRead.rawValue, parameters: [idParam], responses: ["200": json(ref("PersonDetail"), etag: true)]),
                Op(method: "patch", summary: "Correct a person's facts (only the fields sent; null clears an optional field)", access: Permission.personUpdate.rawValue,
                   parameters: [idParam], body: "PersonUpdate", responses: ["200": json(ref("Person"), etag: true)], ifMatch: true),
            ],
            "/api/v1/persons/{id}/links": [Op(method: "post", summary: "Link two people (relatedId is this person's relationship)", access: Permission.personUpdate.rawValue,
                                              parameters: [idParam], body: "LinkCreate", responses: ["204": ["description": "Linked"]])],
            "/api/v1/persons/{id}/stays": [Op(method: "post", summary: "Record a move in custody: the open stay ends, a new one starts", access: Permission.stayRecord.rawValue,
                                              parameters: [idParam], body: "Move", responses: ["204": ["description": "Moved"]])],
            "/api/v1/duplicates": [Op(method: "get", summary: "Pairs of records that may be the same person", access: Permission.personMerge.rawValue,
                                      parameters: pageParams + [query("status", str(["enum": ["proposed", "same", "different"]]))],
                                      responses: ["200": json(ref("DuplicatePairPage"))])],
            "/api/v1/duplicates/{id}/decision": [Op(method: "post", summary: "Same person (merge) or different people", access: Permission.personMerge.rawValue,
                                                    parameters: [idParam], body: "Decision", responses: ["200": json(ref("SweepResult"))])],
            "/api/v1/duplicates/{id}/unmerge": [Op(method: "post", summary: "Undo a merge (supervisors)", access: Permission.personUnmerge.rawValue,
                                                   parameters: [idParam], responses: ["204": ["description": "Unmerged"]])],
            "/api/v1/duplicates/sweep": [Op(method: "post", summary: "Run the duplicate sweep now", access: Permission.personMerge.rawValue,
                                            responses: ["200": json(ref("SweepResult"))])],
            "/api/v1/alerts/children-in-detention": [Op(method: "get", summary: "Children whose current stay is in detention, in your scope",
                                                        access: Permission.personRead.rawValue, responses: ["200": json(ref("ChildAlerts"))])],
            "/api/v1/reference/countries": [referenceList("ISO 3166-1 alpha-3 countries")],
            "/api/v1/reference/languages": [referenceList("ISO 639 languages")],
            "/api/v1/reference/admin-areas": [referenceList("Libyan administrative areas (OCHA P-codes)")],
            "/api/v1/openapi.json": [Op(method: "get", summary: "This document", access: "public",
                                        responses: ["200": ["description": "OpenAPI 3.1 document",
                                                            "content": ["application/json": ["schema": ["type": "object"]]]]], secured: false)],
        ]
    }

    static var paths: [String: Any] {
        var out: [String: Any] = [:]
        for (path, ops) in operations {
            var item: [String: Any] = [:]
            for op in ops {
                var responses = op.responses
                if op.body != nil || !op.parameters.isEmpty {
                    responses["400"] = errorResponse("Malformed request, unknown fields or parameters")
                }
                if op.body != nil || op.method == "post" {
                    responses["409"] = errorResponse("A unique value is already used, or the action conflicts with the record's state")
                }
                if op.body != nil {
                    responses["415"] = errorResponse("Body is not JSON")
                    responses["422"] = errorResponse("Invalid values; nothing was changed")
                } else if op.method == "post" {
                    responses["422"] = errorResponse("The action does not fit the record's state; nothing was changed")
                }
                if op.secured {
                    responses["401"] = errorResponse("Missing, expired or revoked token")
                    if op.access != "signed-in" { responses["403"] = errorResponse("The role lacks the permission") }
                } else if op.method == "post" {
                    responses["401"] = errorResponse("Wrong username or password")
                }
                if op.parameters.contains(where: { ($0["name"] as? String) == "id" }) { responses["404"] = errorResponse("Not found or outside your scope") }
                if op.ifMatch {
                    responses["412"] = errorResponse("The record changed since it was read")
                    responses["409"] = errorResponse("A unique value is already used, or the change conflicts with the record's state")
                }
                var operation: [String: Any] = [
                    "summary": op.summary, "operationId": "\(op.method)\(path.replacingOccurrences(of: "/api/v1", with: "").split(whereSeparator: { "/{}.-".contains($0) }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined())",
                    "responses": responses, "x-badil-access": op.access,
                ]
                var params = op.parameters
                if op.ifMatch { params.append(ifMatchParam) }
                if !params.isEmpty { operation["parameters"] = params }
                if let body = op.body {
                    operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(body)]]]
                }
                operation["security"] = op.secured ? [["bearerAuth": [String]()]] : [[String: Any]]()
                item[op.method] = operation
            }
            out[path] = item
        }
        return out
    }

    static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": ["title": "Badil API", "version": "1.0.0",
                     "description": "Alternatives to immigration detention: registration, screening, decisions, placement and case management. Every route names the permission it needs in x-badil-access. Bad input answers 400/422 and changes nothing."],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": schemas.merging(createSchemas) { a, _ in a }.merging(registrationSchemas) { a, _ in a }.merging(screeningSchemas) { a, _ in a }.merging(placementSchemas) { a, _ in a }
                    .merging(consularSchemas) { a, _ in a }.merging(incidentSchemas) { a, _ in a }
                    .merging(caseSchemas) { a, _ in a }.merging(childSchemas) { a, _ in a }.merging(outcomeSchemas) { a, _ in a },
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer", "description": "Token from POST /api/v1/auth/token"]],
            ],
        ]
    }

    /// Every (method, path) pair the document describes, for the route-coverage test.
    static var describedOperations: Set<String> {
        var out = Set<String>()
        for (path, ops) in operations { for op in ops { out.insert("\(op.method.uppercased()) \(path)") } }
        return out
    }
}
