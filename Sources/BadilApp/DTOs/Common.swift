import Foundation
import Vapor
import BadilCore

/// A page of results, as every list answers.
struct PageDTO<Item: Content>: Content {
    let items: [Item]
    let page: Int
    let pageSize: Int
    let total: Int
}

/// Request bodies name the fields they accept; anything else is refused (mass assignment).
protocol StrictInput: Decodable, Sendable {
    static var allowedFields: Set<String> { get }
    /// Fields that may be sent as `null` (to clear them in a change).
    static var nullableFields: Set<String> { get }
    /// Unknown fields inside nested objects (batch rows, links).
    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue]
}

extension StrictInput {
    static var nullableFields: Set<String> { [] }
    /// Unknown fields inside nested objects (batch rows, links).
    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] { [] }
}

struct OrganizationDTO: Content {
    let id: UUID
    let name: String
    let type: String
    let countryCode: String?
    let active: Bool
    let version: Int

    init(_ r: OrganizationRecord) {
        id = r.id!
        name = r.name
        type = r.type
        countryCode = r.countryCode
        active = r.active
        version = r.version
    }
}

struct OrganizationInput: StrictInput {
    var name: String?
    var type: String?
    var countryCode: String?
    var active: Bool?
    static let allowedFields: Set<String> = ["name", "type", "countryCode", "active"]
    static let nullableFields: Set<String> = ["countryCode"]
}

struct UserDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let role: String
    let organizationId: UUID
    let team: String?
    let active: Bool
    let version: Int
    let lastLoginAt: Date?

    init(_ r: UserRecord) {
        id = r.id!
        username = r.username
        displayName = r.displayName
        role = r.role
        organizationId = r.$organization.id
        team = r.team
        active = r.active
        version = r.version
        lastLoginAt = r.lastLoginAt
    }
}

struct UserInput: StrictInput {
    var username: String?
    var displayName: String?
    var role: String?
    var organizationId: UUID?
    var team: String?
    var active: Bool?
    var password: String?
    static let allowedFields: Set<String> = ["username", "displayName", "role", "organizationId", "team", "active", "password"]
    static let nullableFields: Set<String> = ["team"]
}

/// A change to a user: the login name and the password are not changed this way.
struct UserUpdateInput: StrictInput {
    var displayName: String?
    var role: String?
    var organizationId: UUID?
    var team: String?
    var active: Bool?
    static let allowedFields: Set<String> = ["displayName", "role", "organizationId", "team", "active"]
    static let nullableFields: Set<String> = ["team"]

    var asUserInput: UserInput {
        UserInput(displayName: displayName, role: role, organizationId: organizationId, team: team, active: active)
    }
}

struct PasswordChangeInput: StrictInput {
    var currentPassword: String?
    var newPassword: String?
    static let allowedFields: Set<String> = ["currentPassword", "newPassword"]
}

struct PasswordResetInput: StrictInput {
    var newPassword: String?
    static let allowedFields: Set<String> = ["newPassword"]
}

struct LocationDTO: Content {
    let id: UUID
    let type: String
    let nameEn: String
    let nameFr: String
    let nameAr: String
    let pcode: String?
    let operatorId: UUID?
    let latitude: Double?
    let longitude: Double?
    let active: Bool
    let version: Int

    init(_ r: LocationRecord) {
        id = r.id!
        type = r.type
        nameEn = r.nameEn
        nameFr = r.nameFr
        nameAr = r.nameAr
        pcode = r.pcode
        operatorId = r.$operatorOrganization.id
        latitude = r.latitude
        longitude = r.longitude
        active = r.active
        version = r.version
    }
}

struct LocationInput: StrictInput {
    var type: String?
    var nameEn: String?
    var nameFr: String?
    var nameAr: String?
    var pcode: String?
    var operatorId: UUID?
    var latitude: Double?
    var longitude: Double?
    var active: Bool?
    static let allowedFields: Set<String> = ["type", "nameEn", "nameFr", "nameAr", "pcode", "operatorId", "latitude", "longitude", "active"]
    static let nullableFields: Set<String> = ["nameFr", "nameAr", "pcode", "operatorId", "latitude", "longitude"]
}

struct AuditEventDTO: Content {
    let sequence: Int
    let occurredAt: Date
    let actorId: String
    let actorName: String
    let action: String
    let entityType: String
    let entityId: String
    let fields: [String]
    let flagged: Bool
    let hash: String

    init(_ r: AuditEventRecord) {
        sequence = r.sequence
        occurredAt = Date(timeIntervalSince1970: Double(r.occurredMillis) / 1000)
        actorId = r.actorID
        actorName = r.actorName
        action = r.action
        entityType = r.entityType
        entityId = r.entityID
        fields = r.fields.isEmpty ? [] : r.fields.split(separator: ",").map(String.init)
        flagged = r.flagged
        hash = r.hash
    }
}

struct TokenRequest: StrictInput {
    var username: String?
    var password: String?
    var purpose: String?
    static let allowedFields: Set<String> = ["username", "password", "purpose"]
}

struct TokenResponse: Content {
    let token: String
    let tokenType: String
    let expiresAt: Date
    let purpose: String
}

struct MeDTO: Content {
    let id: UUID
    let username: String
    let displayName: String
    let role: String
    let organizationId: UUID
    let organizationName: String
    let scope: String
    let permissions: [String]
}

struct ReferenceEntryDTO: Content {
    let code: String
    let name: String
    let nameEn: String
    let nameFr: String
    let nameAr: String
}
