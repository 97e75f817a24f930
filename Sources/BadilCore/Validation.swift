/// One problem with one field of an input. `code` is a translation key (`error.<code>`),
/// `params` fill its placeholders, so the API and the web UI say the same thing in every language.
public struct FieldIssue: Equatable, Sendable, Codable {
    public var field: String
    public var code: String
    public var params: [String: String]

    public init(_ field: String, _ code: String, _ params: [String: String] = [:]) {
        self.field = field
        self.code = code
        self.params = params
    }
}

/// Errors the domain can raise. The HTTP edge maps them to status codes; the message is always a translation key.
public enum DomainError: Error, Equatable, Sendable {
    /// The input is invalid; nothing was changed.
    case invalid([FieldIssue])
    /// The record does not exist or is outside the user's scope (both answer the same, on purpose).
    case notFound
    /// The user lacks the permission for this action.
    case forbidden
    /// The record changed since the client read it.
    case staleVersion(current: Int)
    /// A write that needs the client's last-seen version came without one.
    case versionRequired
    /// The action conflicts with the record's state.
    case conflict(String)
    /// A value that must be unique is already used; nothing was changed.
    case duplicate([FieldIssue])

    public var messageKey: String {
        switch self {
        case .invalid: return "error.validation_failed"
        case .notFound: return "error.not_found"
        case .forbidden: return "error.forbidden"
        case .staleVersion: return "error.stale_version"
        case .versionRequired: return "error.version_required"
        case .conflict(let key): return "error.\(key)"
        case .duplicate: return "error.duplicate"
        }
    }
}

/// Collects field issues while checking an input; `finish()` throws when there are any.
public struct FieldChecker: Sendable {
    public private(set) var issues: [FieldIssue] = []

    public init() {}

    public mutating func add(_ field: String, _ code: String, _ params: [String: String] = [:]) {
        issues.append(FieldIssue(field, code, params))
    }

    /// Trims and checks a required text; returns the trimmed value (or nil after recording the issue).
    @discardableResult
    public mutating func requireText(_ field: String, _ value: String?, max: Int = 200) -> String? {
        let trimmed = value.map(TextRules.clean) ?? ""
        if trimmed.isEmpty { add(field, "required"); return nil }
        if trimmed.count > max { add(field, "too_long", ["max": String(max)]); return nil }
        return trimmed
    }

    /// Trims an optional text; empty becomes nil.
    public mutating func optionalText(_ field: String, _ value: String?, max: Int = 2000) -> String? {
        guard let value else { return nil }
        let trimmed = TextRules.clean(value)
        if trimmed.isEmpty { return nil }
        if trimmed.count > max { add(field, "too_long", ["max": String(max)]); return nil }
        return trimmed
    }

    public mutating func check(_ condition: Bool, _ field: String, _ code: String, _ params: [String: String] = [:]) {
        if !condition { add(field, code, params) }
    }

    /// Parses an enum from its raw value, recording `unknown_value` with the allowed values.
    public mutating func choice<E: RawRepresentable & CaseIterable>(_ field: String, _ raw: String?, required: Bool, as: E.Type) -> E?
    where E.RawValue == String {
        guard let raw = raw?.trimmingWhitespace(), !raw.isEmpty else {
            if required { add(field, "required") }
            return nil
        }
        guard let value = E(rawValue: raw) else {
            add(field, "unknown_value", ["allowed": E.allCases.map(\.rawValue).joined(separator: ", ")])
            return nil
        }
        return value
    }

    public func finish() throws {
        if !issues.isEmpty { throw DomainError.invalid(issues) }
    }
}

public enum TextRules {
    /// Trims surrounding white space and drops control characters (keeps letters of every script).
    public static func clean(_ s: String) -> String {
        let filtered = s.unicodeScalars.filter { scalar in
            !(scalar.properties.generalCategory == .control) || scalar == "\n"
        }
        return String(String.UnicodeScalarView(filtered)).trimmingWhitespace()
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// Usernames: lower-case letters, digits, dot, dash, underscore; 3 to 64 characters.
public enum UsernameRules {
    public static func normalize(_ raw: String) -> String { raw.trimmingWhitespace().lowercased() }

    public static func isValid(_ username: String) -> Bool {
        guard (3...64).contains(username.count) else { return false }
        return username.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("0"..."9").contains(s) || s == "." || s == "-" || s == "_"
        }
    }
}
