import Foundation
import Vapor
import BadilCore

/// Who is acting: resolved once per request from a session or a bearer token.
struct Actor: Sendable {
    let userID: UUID
    let username: String
    let displayName: String
    let role: Role
    let organizationID: UUID
    let organizationName: String
    let organizationType: OrganizationType
    let countryCode: String?
    let team: String?
    /// Set when the request came with a browser session.
    let sessionID: UUID?
    let csrfToken: String?
    /// Set when the request came with an API token.
    let tokenID: UUID?

    var permissions: Set<Permission> { AccessPolicy.permissions(for: role) }
    var scope: RecordScope { AccessPolicy.scope(for: role) }

    func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// May read case records (see `AccessPolicy.readsCaseRecords`).
    var readsCaseRecords: Bool { AccessPolicy.readsCaseRecords(role) }

    func requireCaseRead() throws {
        guard readsCaseRecords else { throw DomainError.forbidden }
    }

    func require(_ permission: Permission) throws {
        guard can(permission) else { throw DomainError.forbidden }
    }
}

/// Who an audit entry names: a person, or the system itself (commands, jobs, anonymous login attempts).
struct AuditActor: Sendable {
    let id: String
    let name: String

    init(_ actor: Actor) {
        self.id = actor.userID.uuidString
        self.name = actor.username
    }

    init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    static let system = AuditActor(id: "system", name: "system")
    static let anonymous = AuditActor(id: "anonymous", name: "anonymous")
}

extension Request {
    private struct ActorKey: StorageKey { typealias Value = Actor }

    /// The signed-in actor, when any.
    var actorIfAny: Actor? {
        get { storage[ActorKey.self] }
        set { storage[ActorKey.self] = newValue }
    }

    /// The signed-in actor; routes behind the access middleware always have one.
    var actor: Actor {
        get throws {
            guard let actor = actorIfAny else { throw Abort(.unauthorized) }
            return actor
        }
    }
}
