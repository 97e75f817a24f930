import Fluent
import Foundation
import BadilCore

final class UserRecord: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @Parent(key: "organization_id") var organization: OrganizationRecord
    @OptionalField(key: "team") var team: String?
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, username: String, displayName: String, passwordHash: String, role: Role,
         organizationID: UUID, team: String?, active: Bool = true) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.passwordHash = passwordHash
        self.role = role.rawValue
        self.$organization.id = organizationID
        self.team = team
        self.active = active
        self.version = 1
    }

    var userRole: Role { Role(rawValue: role) ?? .viewer }
}
