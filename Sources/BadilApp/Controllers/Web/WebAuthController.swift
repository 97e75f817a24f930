import Foundation
import Vapor
import BadilCore

/// Sign in and sign out in the browser.
struct WebAuthController {
    func register(_ app: Application) {
        app.on(.GET, "login", access: .public, use: showLogin)
        app.on(.POST, "login", access: .public, use: login)
        app.on(.POST, "logout", access: .signedIn, use: logout)
    }

    static func loginPage(_ req: Request, status: HTTPStatus, form: FormState) async throws -> Response {
        struct LoginBody: Encodable { let form: FormState }
        return try await req.renderPage("login", titleKey: "login.title", LoginBody(form: form), status: status)
    }

    @Sendable func showLogin(_ req: Request) async throws -> Response {
        if req.actorIfAny != nil { return req.redirect(to: "/") }
        return try await Self.loginPage(req, status: .ok, form: FormState())
    }

    @Sendable func login(_ req: Request) async throws -> Response {
        let fields = req.formFields()
        let username = fields["username"] ?? ""
        var form = FormState(values: ["username": String(username.prefix(64))])
        do {
            let auth = AuthService(db: req.db, ctx: req.badil)
            let user = try await auth.authenticate(username: username, password: fields["password"] ?? "",
                                                   address: req.remoteAddress?.ipAddress ?? "unknown")
            let signed = try await auth.startSession(for: user, replacing: req.cookies[AuthenticationMiddleware.sessionCookie]?.string)
            let response = req.redirect(to: "/")
            response.cookies[AuthenticationMiddleware.sessionCookie] = HTTPCookies.Value(
                string: signed.secret, expires: nil, maxAge: Int(req.badil.sessionRules.absoluteLimit), path: "/",
                isSecure: req.badil.settings.tls, isHTTPOnly: true, sameSite: .strict)
            response.cookies[CSRF.preLoginCookie] = .expired
            return response
        } catch AuthError.invalidCredentials {
            form.add(message: "error.invalid_credentials", req)
            return try await Self.loginPage(req, status: .unauthorized, form: form)
        } catch AuthError.throttled(let retryAfter) {
            form.add(message: "error.throttled", req)
            let response = try await Self.loginPage(req, status: .tooManyRequests, form: form)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter))
            return response
        }
    }

    @Sendable func logout(_ req: Request) async throws -> Response {
        try await AuthService(db: req.db, ctx: req.badil).signOut(try req.actor)
        req.actorIfAny = nil
        let response = req.redirect(to: "/login?notice=signed_out")
        response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
        return response
    }
}
