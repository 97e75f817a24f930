import Foundation
import BadilCore

/// The OpenAPI 3.1 description of every `/api/v1` route. A test compares it with the registered routes.
enum OpenAPIDocument {
    nonisolated(unsafe) static let json: Data = {
        // Sorted keys make the document stable byte for byte.
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])) ?? Data("{}".utf8)
    }()

    private static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    private static func str(_ extra: [String: Any] = [:]) -> [String: Any] { ["type": "string"].merging(extra) { $1 } }
    private static func nullable(_ type: String, _ extra: [String: Any] = [:]) -> [String: Any] {
        ["type": [type, "null"]].merging(extra) { $1 }
    }
    private static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    private static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }

    private static func object(_ properties: [String: Any], required: [String] = [], closed: Bool = true) -> [String: Any] {
        var o: [String: Any] = ["type": "object", "properties": properties]
        if !required.isEmpty { o["required"] = required }
        if closed { o["additionalProperties"] = false }
        return o
    }

    private static func page(_ item: String) -> [String: Any] {
        object(["items": ["type": "array", "items": ref(item)], "page": ["type": "integer", "minimum": 1],
                "pageSize": ["type": "integer", "minimum": 1], "total": ["type": "integer", "minimum": 0]],
               required: ["items", "page", "pageSize", "total"])
    }

    /// At least one character that is neither white space nor a control character (what the server keeps).
    private static let nonBlank = "[^\\s\\u0000-\\u001f\\u007f-\\u009f]"

    private static func enumeration<E: RawRepresentable & CaseIterable>(_ type: E.Type) -> [String: Any] where E.RawValue == String {
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

    private static func errorResponse(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ref("Error")]]]
    }

    private static func json(_ schema: [String: Any], _ description: String = "OK", etag: Bool = false) -> [String: Any] {
        var r: [String: Any] = ["description": description, "content": ["application/json": ["schema": schema]]]
        if etag { r["headers"] = ["ETag": ["description": "The record's version, for If-Match", "schema": str()]] }
        return r
    }

    private struct Op {
        let method: String
        let summary: String
        let access: String
        var parameters: [[String: Any]] = []
        var body: String? = nil
        var responses: [String: Any]
        var secured = true
        var ifMatch = false
    }

    private static var idParam: [String: Any] { ["name": "id", "in": "path", "required": true, "schema": uuid] }
    private static var pageParams: [[String: Any]] { [
        ["name": "page", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": 1_000_000]],
        ["name": "pageSize", "in": "query", "required": false, "schema": ["type": "integer", "minimum": 1, "maximum": Paging.maxSize]],
    ] }
    private static func query(_ name: String, _ schema: [String: Any]) -> [String: Any] {
        ["name": name, "in": "query", "required": false, "schema": schema]
    }
    private static var ifMatchParam: [String: Any] { ["name": "If-Match", "in": "header", "required": true,
                                                      "description": "The ETag (version) last read, e.g. \"3\"; a stale one answers 412, a missing one 400; * skips the check", "schema": str(["pattern": "^(\\*|(W/)?\"?[0-9]+\"?)$"])] }

    private static var operations: [String: [Op]] {
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
            "/api/v1/reference/countries": [referenceList("ISO 3166-1 alpha-3 countries")],
            "/api/v1/reference/languages": [referenceList("ISO 639 languages")],
            "/api/v1/reference/admin-areas": [referenceList("Libyan administrative areas (OCHA P-codes)")],
            "/api/v1/openapi.json": [Op(method: "get", summary: "This document", access: "public",
                                        responses: ["200": ["description": "OpenAPI 3.1 document",
                                                            "content": ["application/json": ["schema": ["type": "object"]]]]], secured: false)],
        ]
    }

    private static var paths: [String: Any] {
        var out: [String: Any] = [:]
        for (path, ops) in operations {
            var item: [String: Any] = [:]
            for op in ops {
                var responses = op.responses
                if op.body != nil || !op.parameters.isEmpty {
                    responses["400"] = errorResponse("Malformed request, unknown fields or parameters")
                }
                if op.body != nil && op.method == "post" && op.summary.hasPrefix("Create") {
                    responses["409"] = errorResponse("A unique value is already used")
                }
                if op.body != nil {
                    responses["415"] = errorResponse("Body is not JSON")
                    responses["422"] = errorResponse("Invalid values; nothing was changed")
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
                "schemas": schemas.merging(createSchemas) { a, _ in a },
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
