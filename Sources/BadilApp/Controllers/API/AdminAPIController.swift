import Foundation
import Vapor
import BadilCore

/// Organisations, users and locations over JSON. Decode, call the service, encode: nothing else.
struct AdminAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "organizations", access: .permission(.organizationRead), use: listOrganizations)
        api.on(.POST, "organizations", access: .permission(.organizationManage), use: createOrganization)
        api.on(.GET, "organizations", ":id", access: .permission(.organizationRead), use: getOrganization)
        api.on(.PATCH, "organizations", ":id", access: .permission(.organizationManage), use: updateOrganization)

        api.on(.GET, "users", access: .permission(.userRead), use: listUsers)
        api.on(.POST, "users", access: .permission(.userManage), use: createUser)
        api.on(.GET, "users", ":id", access: .permission(.userRead), use: getUser)
        api.on(.PATCH, "users", ":id", access: .permission(.userManage), use: updateUser)
        api.on(.POST, "users", ":id", "password-reset", access: .permission(.userManage), use: resetPassword)
        api.on(.POST, "me", "password", access: .signedIn, use: changeOwnPassword)

        api.on(.GET, "locations", access: .permission(.locationRead), use: listLocations)
        api.on(.POST, "locations", access: .permission(.locationManage), use: createLocation)
        api.on(.GET, "locations", ":id", access: .permission(.locationRead), use: getLocation)
        api.on(.PATCH, "locations", ":id", access: .permission(.locationManage), use: updateLocation)

        api.on(.GET, "audit-events", access: .permission(.auditRead), use: listAudit)
    }

    // Organisations
    @Sendable func listOrganizations(_ req: Request) async throws -> PageDTO<OrganizationDTO> {
        let filter = OrganizationService.Filter(type: try req.filterChoice("type", OrganizationType.self), query: req.filterText("q"))
        let result = try await OrganizationService(db: req.db, ctx: req.badil).list(filter, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result, OrganizationDTO.init)
    }

    @Sendable func getOrganization(_ req: Request) async throws -> Response {
        let org = try await OrganizationService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await OrganizationDTO(org).response(version: org.version, for: req)
    }

    @Sendable func createOrganization(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(OrganizationInput.self)
        let org = try await OrganizationService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        return try await OrganizationDTO(org).response(.created, version: org.version, for: req)
    }

    @Sendable func updateOrganization(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(OrganizationInput.self)
        let org = try await OrganizationService(db: req.db, ctx: req.badil).update(id, input, cleared: req.clearedFields, expectedVersion: req.expectedVersion, by: try req.actor)
        return try await OrganizationDTO(org).response(version: org.version, for: req)
    }

    // Users
    @Sendable func listUsers(_ req: Request) async throws -> PageDTO<UserDTO> {
        let orgID = try req.filterUUID("organizationId")
        let filter = UserService.Filter(organizationID: orgID, role: try req.filterChoice("role", Role.self), query: req.filterText("q"))
        let result = try await UserService(db: req.db, ctx: req.badil).list(filter, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result, UserDTO.init)
    }

    @Sendable func getUser(_ req: Request) async throws -> Response {
        let user = try await UserService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await UserDTO(user).response(version: user.version, for: req)
    }

    @Sendable func createUser(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(UserInput.self)
        let user = try await UserService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        return try await UserDTO(user).response(.created, version: user.version, for: req)
    }

    @Sendable func updateUser(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(UserUpdateInput.self).asUserInput
        let user = try await UserService(db: req.db, ctx: req.badil).update(id, input, cleared: req.clearedFields, expectedVersion: req.expectedVersion, by: try req.actor)
        return try await UserDTO(user).response(version: user.version, for: req)
    }

    @Sendable func resetPassword(_ req: Request) async throws -> HTTPStatus {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(PasswordResetInput.self)
        try await UserService(db: req.db, ctx: req.badil).resetPassword(id, newPassword: input.newPassword, by: try req.actor)
        return .noContent
    }

    @Sendable func changeOwnPassword(_ req: Request) async throws -> HTTPStatus {
        let input = try req.strictJSON(PasswordChangeInput.self)
        try await UserService(db: req.db, ctx: req.badil).changeOwnPassword(current: input.currentPassword, new: input.newPassword, by: try req.actor)
        return .noContent
    }

    // Locations
    @Sendable func listLocations(_ req: Request) async throws -> PageDTO<LocationDTO> {
        let filter = LocationService.Filter(type: try req.filterChoice("type", LocationType.self), query: req.filterText("q"),
                                            pcode: req.filterText("pcode"), activeOnly: try req.filterBool("active") == true)
        let result = try await LocationService(db: req.db, ctx: req.badil).list(filter, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result, LocationDTO.init)
    }

    @Sendable func getLocation(_ req: Request) async throws -> Response {
        let location = try await LocationService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await LocationDTO(location).response(version: location.version, for: req)
    }

    @Sendable func createLocation(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(LocationInput.self)
        let location = try await LocationService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        return try await LocationDTO(location).response(.created, version: location.version, for: req)
    }

    @Sendable func updateLocation(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(LocationInput.self)
        let location = try await LocationService(db: req.db, ctx: req.badil).update(id, input, cleared: req.clearedFields, expectedVersion: req.expectedVersion, by: try req.actor)
        return try await LocationDTO(location).response(version: location.version, for: req)
    }

    // Audit
    @Sendable func listAudit(_ req: Request) async throws -> PageDTO<AuditEventDTO> {
        let filter = AuditQueryService.Filter(action: req.filterText("action"), entityType: req.filterText("entityType"),
                                              entityID: req.filterText("entityId"), flaggedOnly: try req.filterBool("flagged") == true)
        let result = try await AuditQueryService(db: req.db, ctx: req.badil).list(filter, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result, AuditEventDTO.init)
    }
}
