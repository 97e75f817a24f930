import Foundation
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor
import BadilCore

/// Replaces Vapor's error middleware: a translated, generic message and a correlation id; internals only
/// go to the log as an error type, never the URL, the query string or values.
struct ErrorResponder: AsyncMiddleware {
    struct APIErrorBody: Content {
        struct Field: Content { let field: String; let code: String; let message: String }
        struct Detail: Content {
            let status: Int
            let code: String
            let message: String
            let correlationId: String
            let fields: [Field]?
        }
        let error: Detail
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await Self.response(for: error, request)
        }
    }

    /// The methods registered for the request's path, when the path exists at all.
    static func allowedMethods(_ request: Request) -> [String]? {
        let segments = request.url.path.split(separator: "/").map(String.init)
        let methods = request.application.routes.all.filter { route in
            guard route.path.count == segments.count else { return false }
            return zip(route.path, segments).allSatisfy { component, segment in
                switch component {
                case .constant(let c): return c == segment
                case .parameter: return true
                default: return false
                }
            }
        }.map(\.method.rawValue)
        return methods.isEmpty ? nil : Array(Set(methods)).sorted()
    }

    static func classify(_ error: any Error) -> (HTTPStatus, String, [FieldIssue]?, [(String, String)]) {
        switch error {
        case let e as DomainError:
            switch e {
            case .invalid(let issues): return (.unprocessableEntity, "validation_failed", issues, [])
            case .notFound: return (.notFound, "not_found", nil, [])
            case .forbidden: return (.forbidden, "forbidden", nil, [])
            case .staleVersion(let current): return (.preconditionFailed, "stale_version", nil, [("ETag", "\"\(current)\"")])
            case .versionRequired: return (.badRequest, "version_required", [FieldIssue("If-Match", "required")], [])
            case .conflict(let key): return (.conflict, key, nil, [])
            case .duplicate(let issues): return (.conflict, "duplicate", issues, [])
            }
        case let e as AuthError:
            switch e {
            case .notSignedIn: return (.unauthorized, "not_signed_in", nil, [])
            case .invalidCredentials: return (.unauthorized, "invalid_credentials", nil, [])
            case .throttled(let after): return (.tooManyRequests, "throttled", nil, [("Retry-After", String(after))])
            case .csrfRejected: return (.forbidden, "csrf_rejected", nil, [])
            }
        case let e as BodyError:
            return (.badRequest, e.code, e.issues, [])
        case is DecodingError:
            return (.badRequest, "malformed_body", nil, [])
        case let e as any AbortError:
            switch e.status {
            case .notFound: return (.notFound, "not_found", nil, [])
            case .payloadTooLarge: return (.payloadTooLarge, "payload_too_large", nil, [])
            case .unsupportedMediaType: return (.unsupportedMediaType, "unsupported_media_type", nil, [])
            case .methodNotAllowed: return (.methodNotAllowed, "method_not_allowed", nil, [])
            case .unauthorized: return (.unauthorized, "not_signed_in", nil, [])
            case .forbidden: return (.forbidden, "forbidden", nil, [])
            default:
                if e.status.code >= 500 { return (e.status, "internal", nil, []) }
                return (e.status == .ok ? .badRequest : e.status, "bad_request", nil, [])
            }
        default:
            return (.internalServerError, "internal", nil, [])
        }
    }

    static func response(for error: any Error, _ request: Request) async -> Response {
        var (status, code, issues, headers) = classify(error)
        // A known path asked with a method it does not support: 405 with the methods it does.
        if status == .notFound, request.route == nil, let allowed = allowedMethods(request), !allowed.isEmpty {
            status = .methodNotAllowed
            code = "method_not_allowed"
            headers.append(("Allow", allowed.joined(separator: ", ")))
        }
        let correlation = request.correlationID
        if status.code >= 500 {
            // The type and, for database errors, the engine's reason code: never messages that could carry values.
            var detail = String(reflecting: type(of: error))
            if let e = error as? SQLiteError { detail += " reason=\(e.reason)" }
            if let e = error as? PSQLError { detail += " sqlstate=\(e.serverInfo?[.sqlState] ?? "-") code=\(e.code)" }
            request.logger.error("unhandled error \(detail) correlation=\(correlation) route=\(request.routeTemplate)")
        }
        let message = request.t("error.\(code)")
        if request.isAPI || status == .tooManyRequests && request.url.path.hasPrefix("/api") {
            let body = APIErrorBody(error: .init(
                status: Int(status.code), code: code, message: message, correlationId: correlation,
                fields: issues.map { $0.map { .init(field: $0.field, code: $0.code, message: request.badil.localizer.message(for: $0, request.language)) } }))
            let response = Response(status: status)
            try? response.content.encode(body, as: .json)
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            if status == .unauthorized { response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer") }
            return response
        }
        do {
            let response: Response
            if status == .unauthorized {
                response = try await WebAuthController.loginPage(request, status: .unauthorized, form: FormState(values: [:]))
            } else {
                struct ErrorPage: Encodable { let status: Int; let message: String; let correlationId: String; let issues: [String]; let hasIssues: Bool }
                let lines = (issues ?? []).map { request.badil.localizer.message(for: $0, request.language) }
                response = try await request.renderPage("error", titleKey: "error.title",
                                                        ErrorPage(status: Int(status.code), message: message, correlationId: correlation, issues: lines, hasIssues: !lines.isEmpty),
                                                        status: status)
            }
            for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        } catch {
            request.logger.error("error page failed \(String(reflecting: type(of: error))) correlation=\(correlation)")
            let response = Response(status: status, body: .init(string: "\(message) (\(correlation))"))
            response.headers.contentType = .plainText
            return response
        }
    }
}
