import Fluent
import Foundation
import Vapor
import BadilCore

/// Resolves the actor from a bearer token (API) or the session cookie (web). Never throws for a
/// missing or stale credential: the route's access requirement decides what that means.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let sessionCookie = "badil_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let auth = AuthService(db: request.db, ctx: request.badil)
        if request.isAPI {
            if let bearer = request.headers.bearerAuthorization {
                request.actorIfAny = try await auth.actor(forToken: bearer.token)
            }
        } else if let raw = request.cookies[Self.sessionCookie]?.string, !raw.isEmpty {
            request.actorIfAny = try await auth.actor(forSession: raw)
        }
        // Unauthenticated writes other than sign-in are refused by the route's access check (401);
        // sign-in itself is protected by the pre-login token.
        if !request.isAPI && ![.GET, .HEAD, .OPTIONS].contains(request.method)
            && (request.actorIfAny != nil || request.url.path == "/login") {
            try await CSRF.check(request)
        }
        let response = try await next.respond(to: request)
        if !request.isAPI, request.cookies[Self.sessionCookie] != nil, request.actorIfAny == nil,
           response.cookies[Self.sessionCookie] == nil {
            response.cookies[Self.sessionCookie] = .expired
        }
        return response
    }
}

/// SECURITY.md item 10: a token on every state-changing web request, plus an Origin / Sec-Fetch-Site check.
enum CSRF {
    static let preLoginCookie = "badil_prelogin"
    static let field = "_csrf"

    static func check(_ request: Request) async throws {
        if let site = request.headers.first(name: "Sec-Fetch-Site"), !["same-origin", "none"].contains(site) {
            throw AuthError.csrfRejected
        }
        // With `Referrer-Policy: no-referrer` browsers send `Origin: null` on same-origin form posts;
        // then Sec-Fetch-Site and the token decide.
        if let origin = request.headers.first(name: .origin), origin != "null", let host = request.headers.first(name: .host) {
            let originHost = URL(string: origin)?.host.map { h in URL(string: origin)?.port.map { "\(h):\($0)" } ?? h }
            guard originHost == host else { throw AuthError.csrfRejected }
        }
        let sent = (try? request.content.get(String.self, at: field)) ?? request.headers.first(name: "X-CSRF-Token") ?? ""
        let expected: String?
        if let actor = request.actorIfAny {
            expected = actor.csrfToken
        } else {
            expected = request.cookies[preLoginCookie]?.string
        }
        guard let expected, !expected.isEmpty, Digest.constantTimeEquals(sent, expected) else {
            throw AuthError.csrfRejected
        }
    }

    /// The token a form rendered for this request must carry.
    static func token(for request: Request, response: Response? = nil) -> String {
        if let token = request.actorIfAny?.csrfToken { return token }
        if let existing = request.cookies[preLoginCookie]?.string, !existing.isEmpty { return existing }
        let token = Digest.randomToken()
        request.storage[PendingPreLoginKey.self] = token
        return token
    }

    struct PendingPreLoginKey: StorageKey { typealias Value = String }

    /// Sets the pre-login cookie if a token was minted while rendering.
    static func attachPending(_ request: Request, to response: Response) {
        if let token = request.storage[PendingPreLoginKey.self] {
            response.cookies[preLoginCookie] = HTTPCookies.Value(
                string: token, maxAge: 3600, path: "/", isSecure: request.application.badil.settings.tls,
                isHTTPOnly: true, sameSite: .strict)
        }
    }
}
