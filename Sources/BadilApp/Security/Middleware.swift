import Foundation
import Vapor
import BadilCore

/// SECURITY.md item 20: headers on every response; no server version.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let tls: Bool

    static let contentSecurityPolicy = [
        "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
        "font-src 'self'", "connect-src 'self'", "form-action 'self'", "base-uri 'none'",
        "frame-ancestors 'none'", "object-src 'none'",
    ].joined(separator: "; ")

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let h = response.headers
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        response.headers.replaceOrAdd(name: "Cross-Origin-Opener-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Cross-Origin-Resource-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()")
        if tls {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        let isStatic = request.url.path.hasPrefix("/css/") || request.url.path.hasPrefix("/js/")
            || request.url.path == "/favicon.svg"
        if isStatic && response.status == .ok {
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        } else if h[.cacheControl].isEmpty || request.actorIfAny != nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        response.headers.remove(name: .server)
        return response
    }
}

/// Picks the interface language: `?lang=` (remembered in a cookie), then the cookie, then Accept-Language.
struct LanguageMiddleware: AsyncMiddleware {
    static let cookieName = "badil_lang"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let queryValue: String? = try? request.query.get(String.self, at: "lang")
        let fromQuery = queryValue.flatMap { UILanguage(rawValue: $0) }
        let cookieValue: String? = request.cookies[Self.cookieName]?.string
        let fromCookie = cookieValue.flatMap { UILanguage(rawValue: $0) }
        let chosen = fromQuery ?? fromCookie ?? UILanguage.negotiate(request.headers.first(name: .acceptLanguage)) ?? .en
        request.language = chosen
        let response = try await next.respond(to: request)
        if let fromQuery, fromQuery != fromCookie, !request.url.path.hasPrefix("/api/") {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: fromQuery.rawValue, maxAge: 365 * 24 * 3600, path: "/",
                isSecure: request.application.badil.settings.tls, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}

extension Request {
    private struct LanguageKey: StorageKey { typealias Value = UILanguage }

    var language: UILanguage {
        get { storage[LanguageKey.self] ?? .en }
        set { storage[LanguageKey.self] = newValue }
    }

    /// Translates a key in the request's language.
    func t(_ key: String, _ params: [String: String] = [:]) -> String {
        badil.localizer.t(key, language, params)
    }

    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// A correlation id for this request, shown to the user on errors and written to the log.
    var correlationID: String {
        if let id = storage[CorrelationKey.self] { return id }
        let id = String(UUID().uuidString.prefix(8)).lowercased()
        storage[CorrelationKey.self] = id
        return id
    }

    private struct CorrelationKey: StorageKey { typealias Value = String }

    /// The route template ("/api/v1/users/:id"), never the concrete URL, for logs and metrics.
    var routeTemplate: String {
        guard let route else { return "unmatched" }
        return "/" + route.path.map(\.description).joined(separator: "/")
    }
}

/// One log line per request, with the route template and no query string, plus metrics.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next.respond(to: request)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let template = request.routeTemplate
        request.application.badil.metrics.record(method: request.method.rawValue, route: template,
                                                 status: Int(response.status.code), seconds: seconds)
        request.logger.info("\(request.method.rawValue) \(template) \(response.status.code) \(String(format: "%.1f", seconds * 1000))ms")
        return response
    }
}
