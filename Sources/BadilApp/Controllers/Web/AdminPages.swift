import Fluent
import Foundation
import Vapor
import BadilCore

/// Administration pages: organisations, users, locations and the audit trail. Same services as the API.
struct AdminPages {
    func register(_ app: Application) {
        let admin = app.grouped("admin")
        admin.on(.GET, "organizations", access: .permission(.organizationRead), use: organizations)
        admin.on(.GET, "organizations", "new", access: .permission(.organizationManage), use: newOrganization)
        admin.on(.POST, "organizations", access: .permission(.organizationManage), use: createOrganization)
        admin.on(.GET, "organizations", ":id", access: .permission(.organizationManage), use: editOrganization)
        admin.on(.POST, "organizations", ":id", access: .permission(.organizationManage), use: updateOrganization)

        admin.on(.GET, "users", access: .permission(.userRead), use: users)
        admin.on(.GET, "users", "new", access: .permission(.userManage), use: newUser)
        admin.on(.POST, "users", access: .permission(.userManage), use: createUser)
        admin.on(.GET, "users", ":id", access: .permission(.userManage), use: editUser)
        admin.on(.POST, "users", ":id", access: .permission(.userManage), use: updateUser)
        admin.on(.POST, "users", ":id", "password", access: .permission(.userManage), use: resetPassword)

        admin.on(.GET, "locations", access: .permission(.locationRead), use: locations)
        admin.on(.GET, "locations", "new", access: .permission(.locationManage), use: newLocation)
        admin.on(.POST, "locations", access: .permission(.locationManage), use: createLocation)
        admin.on(.GET, "locations", ":id", access: .permission(.locationManage), use: editLocation)
        admin.on(.POST, "locations", ":id", access: .permission(.locationManage), use: updateLocation)

        admin.on(.GET, "audit", access: .permission(.auditRead), use: audit)
    }

    /// Runs a form submission: on success redirect; on invalid input re-render the form with what was typed.
    private func submit(_ req: Request, values: [String: String], success: String, notice: String,
                        render: @escaping (FormState, HTTPStatus) async throws -> Response,
                        _ action: () async throws -> Void) async throws -> Response {
        var form = FormState(values: values)
        do {
            try await action()
            return req.redirect(success, notice: notice)
        } catch DomainError.invalid(let issues) {
            form.add(issues, req)
            return try await render(form, .unprocessableEntity)
        } catch DomainError.duplicate(let issues) {
            form.add(issues, req)
            return try await render(form, .conflict)
        } catch DomainError.staleVersion {
            form.add(message: "error.stale_version", req)
            return try await render(form, .preconditionFailed)
        }
    }

    // MARK: Organisations

    struct OrgRow: Encodable { let id: String; let name: String; let type: String; let country: String; let active: Bool }
    struct OrgList: Encodable { let rows: [OrgRow]; let pager: Pager; let types: [SelectOption]; let q: String; let canManage: Bool }

    @Sendable func organizations(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let type = try req.filterChoice("type", OrganizationType.self)
        let q = req.filterText("q")
        let page = try req.page()
        let result = try await OrganizationService(db: req.db, ctx: req.badil).list(.init(type: type, query: q), page: page, by: actor)
        let rows = result.items.map { OrgRow(id: $0.id!.uuidString, name: $0.name, type: req.t($0.organizationType.labelKey),
                                             country: req.badil.reference.countryName($0.countryCode, req.language) ?? "", active: $0.active) }
        return try await req.renderPage("organizations/list", titleKey: "organizations.title", OrgList(
            rows: rows, pager: Pager(page, total: result.total, path: "/admin/organizations", query: ["type": type?.rawValue ?? "", "q": q ?? ""]),
            types: req.options(OrganizationType.self, selected: type?.rawValue) { $0.labelKey }, q: q ?? "",
            canManage: actor.can(.organizationManage)))
    }

    struct OrgForm: Encodable { let action: String; let isNew: Bool; let form: FormState; let types: [SelectOption]; let countries: [SelectOption]; let version: Int }

    private func orgForm(_ req: Request, form: FormState, id: UUID?, version: Int, status: HTTPStatus) async throws -> Response {
        let countries = req.badil.reference.countries.map { SelectOption(value: $0.code, label: "\($0.name(req.language)) (\($0.code))", selected: $0.code == form.values["countryCode"]) }
        return try await req.renderPage("organizations/form", titleKey: id == nil ? "organizations.new" : "organizations.edit", OrgForm(
            action: id.map { "/admin/organizations/\($0.uuidString)" } ?? "/admin/organizations", isNew: id == nil, form: form,
            types: req.options(OrganizationType.self, selected: form.values["type"]) { $0.labelKey }, countries: countries, version: version),
            status: status)
    }

    private func orgInput(_ f: [String: String]) -> OrganizationInput {
        OrganizationInput(name: f["name"] ?? "", type: f["type"] ?? "", countryCode: f["countryCode"] ?? "", active: f["active"] == "on")
    }

    @Sendable func newOrganization(_ req: Request) async throws -> Response {
        try await orgForm(req, form: FormState(values: ["active": "on"]), id: nil, version: 0, status: .ok)
    }

    @Sendable func createOrganization(_ req: Request) async throws -> Response {
        let f = req.formFields()
        return try await submit(req, values: f, success: "/admin/organizations", notice: "created",
                                render: { try await orgForm(req, form: $0, id: nil, version: 0, status: $1) }) {
            _ = try await OrganizationService(db: req.db, ctx: req.badil).create(orgInput(f), by: try req.actor)
        }
    }

    @Sendable func editOrganization(_ req: Request) async throws -> Response {
        let org = try await OrganizationService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        let values = ["name": org.name, "type": org.type, "countryCode": org.countryCode ?? "", "active": org.active.formValue]
        return try await orgForm(req, form: FormState(values: values), id: org.id, version: org.version, status: .ok)
    }

    @Sendable func updateOrganization(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let version = Int(f["version"] ?? "")
        let expected = version.map(ExpectedVersion.version)
        return try await submit(req, values: f, success: "/admin/organizations", notice: "saved",
                                render: { try await orgForm(req, form: $0, id: id, version: version ?? 0, status: $1) }) {
            _ = try await OrganizationService(db: req.db, ctx: req.badil).update(id, orgInput(f), expectedVersion: expected, by: try req.actor)
        }
    }

    // MARK: Users

    struct UserRow: Encodable { let id: String; let username: String; let displayName: String; let role: String; let organization: String; let active: Bool }
    struct UserList: Encodable { let rows: [UserRow]; let pager: Pager; let roles: [SelectOption]; let q: String; let canManage: Bool }

    @Sendable func users(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let role = try req.filterChoice("role", Role.self)
        let q = req.filterText("q")
        let page = try req.page()
        let result = try await UserService(db: req.db, ctx: req.badil).list(.init(role: role, query: q), page: page, by: actor)
        let orgIDs = Set(result.items.map { $0.$organization.id })
        let orgs = try await OrganizationRecord.query(on: req.db).filter(\.$id ~~ Array(orgIDs)).all()
        let names = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0.name) })
        let rows = result.items.map { UserRow(id: $0.id!.uuidString, username: $0.username, displayName: $0.displayName,
                                              role: req.t($0.userRole.labelKey), organization: names[$0.$organization.id] ?? "", active: $0.active) }
        return try await req.renderPage("users/list", titleKey: "users.title", UserList(
            rows: rows, pager: Pager(page, total: result.total, path: "/admin/users", query: ["role": role?.rawValue ?? "", "q": q ?? ""]),
            roles: req.options(Role.self, selected: role?.rawValue) { $0.labelKey }, q: q ?? "", canManage: actor.can(.userManage)))
    }

    struct UserForm: Encodable {
        let action: String; let isNew: Bool; let form: FormState; let roles: [SelectOption]; let organizations: [SelectOption]
        let version: Int; let passwordAction: String?; let passwordForm: FormState
    }

    private func userForm(_ req: Request, form: FormState, id: UUID?, version: Int, status: HTTPStatus,
                          passwordForm: FormState = FormState()) async throws -> Response {
        let orgs = try await OrganizationRecord.query(on: req.db).filter(\.$active == true).sort(\.$name).all()
        let orgOptions = orgs.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.values["organizationId"]) }
        return try await req.renderPage("users/form", titleKey: id == nil ? "users.new" : "users.edit", UserForm(
            action: id.map { "/admin/users/\($0.uuidString)" } ?? "/admin/users", isNew: id == nil, form: form,
            roles: req.options(Role.self, selected: form.values["role"]) { $0.labelKey }, organizations: orgOptions, version: version,
            passwordAction: id.map { "/admin/users/\($0.uuidString)/password" }, passwordForm: passwordForm), status: status)
    }

    @Sendable func newUser(_ req: Request) async throws -> Response {
        try await userForm(req, form: FormState(values: ["active": "on"]), id: nil, version: 0, status: .ok)
    }

    @Sendable func createUser(_ req: Request) async throws -> Response {
        var f = req.formFields()
        let input = UserInput(username: f["username"] ?? "", displayName: f["displayName"] ?? "", role: f["role"] ?? "",
                              organizationId: f["organizationId"].flatMap(UUID.init(uuidString:)), team: f["team"],
                              active: f["active"] == "on", password: f["password"] ?? "")
        f.removeValue(forKey: "password")
        return try await submit(req, values: f, success: "/admin/users", notice: "created",
                                render: { try await userForm(req, form: $0, id: nil, version: 0, status: $1) }) {
            if input.organizationId == nil && !(f["organizationId"] ?? "").isEmpty { throw DomainError.invalid([FieldIssue("organizationId", "not_found_ref")]) }
            _ = try await UserService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        }
    }

    @Sendable func editUser(_ req: Request) async throws -> Response {
        let user = try await UserService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        let values = ["username": user.username, "displayName": user.displayName, "role": user.role,
                      "organizationId": user.$organization.id.uuidString, "team": user.team ?? "", "active": user.active.formValue]
        return try await userForm(req, form: FormState(values: values), id: user.id, version: user.version, status: .ok)
    }

    @Sendable func updateUser(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let version = Int(f["version"] ?? "")
        let expected = version.map(ExpectedVersion.version)
        let input = UserInput(displayName: f["displayName"] ?? "", role: f["role"] ?? "",
                              organizationId: f["organizationId"].flatMap(UUID.init(uuidString:)), team: f["team"] ?? "",
                              active: f["active"] == "on")
        return try await submit(req, values: f, success: "/admin/users", notice: "saved",
                                render: { try await userForm(req, form: $0, id: id, version: version ?? 0, status: $1) }) {
            _ = try await UserService(db: req.db, ctx: req.badil).update(id, input, expectedVersion: expected, by: try req.actor)
        }
    }

    @Sendable func resetPassword(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let service = UserService(db: req.db, ctx: req.badil)
        do {
            try await service.resetPassword(id, newPassword: f["newPassword"], by: try req.actor)
            return req.redirect("/admin/users/\(id.uuidString)", notice: "password_changed")
        } catch DomainError.invalid(let issues) {
            let user = try await service.get(id, by: try req.actor)
            var passwordForm = FormState()
            passwordForm.add(issues, req)
            let values = ["username": user.username, "displayName": user.displayName, "role": user.role,
                          "organizationId": user.$organization.id.uuidString, "team": user.team ?? "", "active": user.active.formValue]
            return try await userForm(req, form: FormState(values: values), id: id, version: user.version, status: .unprocessableEntity,
                                      passwordForm: passwordForm)
        }
    }

    // MARK: Locations

    struct LocationRow: Encodable { let id: String; let name: String; let type: String; let area: String; let active: Bool }
    struct LocationList: Encodable { let rows: [LocationRow]; let pager: Pager; let types: [SelectOption]; let q: String; let canManage: Bool }

    @Sendable func locations(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let type = try req.filterChoice("type", LocationType.self)
        let q = req.filterText("q")
        let page = try req.page()
        let result = try await LocationService(db: req.db, ctx: req.badil).list(.init(type: type, query: q), page: page, by: actor)
        let rows = result.items.map { LocationRow(id: $0.id!.uuidString, name: $0.name(in: req.language), type: req.t($0.locationType.labelKey),
                                                  area: Self.areaLabel($0.pcode, req),
                                                  active: $0.active) }
        return try await req.renderPage("locations/list", titleKey: "locations.title", LocationList(
            rows: rows, pager: Pager(page, total: result.total, path: "/admin/locations", query: ["type": type?.rawValue ?? "", "q": q ?? ""]),
            types: req.options(LocationType.self, selected: type?.rawValue) { $0.labelKey }, q: q ?? "", canManage: actor.can(.locationManage)))
    }

    static func areaLabel(_ pcode: String?, _ req: Request) -> String {
        guard let pcode, let name = req.badil.reference.adminAreaName(pcode, req.language) else { return "" }
        return "\(name) (\(pcode))"
    }

    struct LocationForm: Encodable {
        let action: String; let isNew: Bool; let form: FormState; let types: [SelectOption]; let areas: [SelectOption]; let operators: [SelectOption]; let version: Int
    }

    private func locationForm(_ req: Request, form: FormState, id: UUID?, version: Int, status: HTTPStatus) async throws -> Response {
        let areas = req.badil.reference.adminAreas.map { SelectOption(value: $0.code, label: "\($0.name(req.language)) (\($0.code))", selected: $0.code == form.values["pcode"]) }
        let orgs = try await OrganizationRecord.query(on: req.db).filter(\.$active == true).sort(\.$name).all()
        let operators = orgs.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == form.values["operatorId"]) }
        return try await req.renderPage("locations/form", titleKey: id == nil ? "locations.new" : "locations.edit", LocationForm(
            action: id.map { "/admin/locations/\($0.uuidString)" } ?? "/admin/locations", isNew: id == nil, form: form,
            types: req.options(LocationType.self, selected: form.values["type"]) { $0.labelKey }, areas: areas, operators: operators,
            version: version), status: status)
    }

    private func locationInput(_ f: [String: String]) throws -> LocationInput {
        var issues: [FieldIssue] = []
        func number(_ key: String) -> Double? {
            guard let raw = f[key]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            guard let value = Double(raw.replacingOccurrences(of: ",", with: ".")) else { issues.append(FieldIssue(key, "invalid_number")); return nil }
            return value
        }
        let input = LocationInput(type: f["type"] ?? "", nameEn: f["nameEn"] ?? "", nameFr: f["nameFr"] ?? "", nameAr: f["nameAr"] ?? "",
                                  pcode: f["pcode"] ?? "", operatorId: f["operatorId"].flatMap(UUID.init(uuidString:)),
                                  latitude: number("latitude"), longitude: number("longitude"), active: f["active"] == "on")
        if !issues.isEmpty { throw DomainError.invalid(issues) }
        return input
    }

    @Sendable func newLocation(_ req: Request) async throws -> Response {
        try await locationForm(req, form: FormState(values: ["active": "on"]), id: nil, version: 0, status: .ok)
    }

    @Sendable func createLocation(_ req: Request) async throws -> Response {
        let f = req.formFields()
        return try await submit(req, values: f, success: "/admin/locations", notice: "created",
                                render: { try await locationForm(req, form: $0, id: nil, version: 0, status: $1) }) {
            _ = try await LocationService(db: req.db, ctx: req.badil).create(try locationInput(f), by: try req.actor)
        }
    }

    @Sendable func editLocation(_ req: Request) async throws -> Response {
        let l = try await LocationService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        let values = ["type": l.type, "nameEn": l.nameEn, "nameFr": l.nameFr, "nameAr": l.nameAr, "pcode": l.pcode ?? "",
                      "operatorId": l.$operatorOrganization.id?.uuidString ?? "", "latitude": l.latitude.map { String($0) } ?? "",
                      "longitude": l.longitude.map { String($0) } ?? "", "active": l.active.formValue]
        return try await locationForm(req, form: FormState(values: values), id: l.id, version: l.version, status: .ok)
    }

    @Sendable func updateLocation(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let version = Int(f["version"] ?? "")
        let expected = version.map(ExpectedVersion.version)
        return try await submit(req, values: f, success: "/admin/locations", notice: "saved",
                                render: { try await locationForm(req, form: $0, id: id, version: version ?? 0, status: $1) }) {
            _ = try await LocationService(db: req.db, ctx: req.badil).update(id, try locationInput(f), expectedVersion: expected, by: try req.actor)
        }
    }

    // MARK: Audit

    struct AuditRow: Encodable { let sequence: Int; let when: String; let actor: String; let action: String; let entity: String; let fields: String; let flagged: Bool }
    struct AuditList: Encodable { let rows: [AuditRow]; let pager: Pager; let action: String }

    @Sendable func audit(_ req: Request) async throws -> Response {
        let action = req.filterText("action")
        let page = try req.page()
        let result = try await AuditQueryService(db: req.db, ctx: req.badil).list(.init(action: action), page: page, by: try req.actor)
        let formatter = ISO8601DateFormatter()
        let rows = result.items.map { AuditRow(sequence: $0.sequence, when: formatter.string(from: Date(timeIntervalSince1970: Double($0.occurredMillis) / 1000)),
                                               actor: $0.actorName, action: $0.action, entity: "\($0.entityType) \($0.entityID.prefix(8))",
                                               fields: $0.fields.replacingOccurrences(of: ",", with: ", "), flagged: $0.flagged) }
        return try await req.renderPage("audit/list", titleKey: "audit.title", AuditList(
            rows: rows, pager: Pager(page, total: result.total, path: "/admin/audit", query: ["action": action ?? ""]), action: action ?? ""))
    }
}
