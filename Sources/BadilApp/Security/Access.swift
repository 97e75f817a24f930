import Vapor
import BadilCore

/// What a route needs. Every route is registered through `on(_:_:access:use:)`, so none can forget it.
enum Access: Sendable, CustomStringConvertible {
    /// Anyone, signed in or not (login page, health, OpenAPI document).
    case `public`
    /// Any signed-in user (home page, own account, sign out).
    case signedIn
    /// A signed-in user whose role grants the permission.
    case permission(Permission)

    var description: String {
        switch self {
        case .public: return "public"
        case .signedIn: return "signed-in"
        case .permission(let p): return p.rawValue
        }
    }
}

struct AccessKey: Sendable {
    static let userInfoKey = "badil.access"
}

/// Enforces a route's declared access. Unauthenticated: 401. Authenticated without the permission: 403.
struct AccessMiddleware: AsyncMiddleware {
    let access: Access

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        switch access {
        case .public:
            break
        case .signedIn:
            guard request.actorIfAny != nil else { throw AuthError.notSignedIn }
        case .permission(let permission):
            guard let actor = request.actorIfAny else { throw AuthError.notSignedIn }
            guard actor.can(permission) else { throw DomainError.forbidden }
        }
        return try await next.respond(to: request)
    }
}

enum AuthError: Error {
    case notSignedIn
    case invalidCredentials
    case throttled(retryAfter: Int)
    case csrfRejected
}

extension RoutesBuilder {
    /// Registers a route with its access requirement, enforced and recorded in the route's userInfo.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ method: HTTPMethod, _ path: PathComponent..., access: Access,
        body: HTTPBodyStreamStrategy = .collect,
        use closure: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        let route = self.grouped(AccessMiddleware(access: access)).on(method, path, body: body, use: closure)
        route.userInfo[AccessKey.userInfoKey] = access
        return route
    }
}

extension Route {
    var access: Access? { userInfo[AccessKey.userInfoKey] as? Access }
}
