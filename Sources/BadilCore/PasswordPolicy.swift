/// SECURITY.md item 1: at least 12 characters, up to 128, any Unicode, no composition rules,
/// refuse the most common breached passwords and the username itself.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 12
    public static let maximumLength = 128

    /// Lower-cased common breached passwords.
    public let breached: Set<String>

    public init(breached: Set<String>) {
        self.breached = Set(breached.map { $0.lowercased() })
    }

    /// The problems with a candidate password, as translation codes (`error.<code>`).
    public func problems(password: String, username: String?) -> [String] {
        let length = password.count
        if length < Self.minimumLength { return ["password_too_short"] }
        if length > Self.maximumLength { return ["password_too_long"] }
        let lowered = password.lowercased()
        if breached.contains(lowered) { return ["password_breached"] }
        if let username, !username.isEmpty, lowered.contains(username.lowercased()) {
            return ["password_contains_username"]
        }
        if Set(password).count < 4 { return ["password_breached"] }
        return []
    }

    public func validate(password: String, username: String?, field: String = "password") throws {
        let found = problems(password: password, username: username)
        if let first = found.first {
            throw DomainError.invalid([FieldIssue(field, first, ["min": String(Self.minimumLength), "max": String(Self.maximumLength)])])
        }
    }
}
