import Foundation
import Vapor
import BadilCore

struct AuthAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.POST, "auth", "token", access: .public, use: issue)
        api.on(.DELETE, "auth", "token", access: .signedIn, use: revoke)
        api.on(.GET, "me", access: .signedIn, use: me)
    }

    @Sendable func issue(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TokenRequest.self)
        var v = FieldChecker()
        v.requireText("username", input.username, max: 64)
        if (input.password ?? "").isEmpty { v.add("password", "required") }
        let purpose = v.choice("purpose", input.purpose ?? "api", required: true, as: TokenPurpose.self)
        try v.finish()
        let auth = AuthService(db: req.db, ctx: req.badil)
        let user = try await auth.authenticate(username: input.username!, password: input.password!,
                                               address: req.remoteAddress?.ipAddress ?? "unknown")
        let signed = try await auth.issueToken(for: user, purpose: purpose!)
        return try await TokenResponse(token: signed.secret, tokenType: "Bearer", expiresAt: signed.expiresAt!,
                                       purpose: purpose!.rawValue).response(.created, for: req)
    }

    @Sendable func revoke(_ req: Request) async throws -> HTTPStatus {
        let actor = try req.actor
        try await AuthService(db: req.db, ctx: req.badil).revokeToken(actor)
        return .noContent
    }

    @Sendable func me(_ req: Request) async throws -> MeDTO {
        let a = try req.actor
        return MeDTO(id: a.userID, username: a.username, displayName: a.displayName, role: a.role.rawValue,
                     organizationId: a.organizationID, organizationName: a.organizationName, scope: a.scope.rawValue,
                     permissions: a.permissions.map(\.rawValue).sorted())
    }
}
