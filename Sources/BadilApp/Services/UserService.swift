import Fluent
import Foundation
import BadilCore

/// Accounts and their roles. Reading needs `user.read` (scoped); changes need `user.manage`.
struct UserService {
    let db: any Database
    let ctx: BadilContext

    struct Filter { var organizationID: UUID?; var role: Role?; var query: String? }

    /// Users the actor may see: everyone for `all` scope, their own organisation otherwise.
    private func scoped(_ actor: Actor, on db: any Database) -> QueryBuilder<UserRecord> {
        let q = UserRecord.query(on: db)
        return actor.scope == .all ? q : q.filter(\.$organization.$id == actor.organizationID)
    }

    func list(_ filter: Filter, page: Paging, by actor: Actor) async throws -> (items: [UserRecord], total: Int) {
        try actor.require(.userRead)
        var q = scoped(actor, on: db)
        if let org = filter.organizationID { q = q.filter(\.$organization.$id == org) }
        if let role = filter.role { q = q.filter(\.$role == role.rawValue) }
        if let text = filter.query?.lowercased(), !text.isEmpty {
            q = q.group(.or) { $0.filter(\.$username ~~ text).filter(\.$displayName ~~ text) }
        }
        let total = try await q.count()
        let items = try await q.sort(\.$username).range(page.offset..<(page.offset + page.size)).all()
        return (items, total)
    }

    func get(_ id: UUID, by actor: Actor) async throws -> UserRecord {
        try actor.require(.userRead)
        guard let user = try await scoped(actor, on: db).filter(\.$id == id).first() else { throw DomainError.notFound }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("user.read", "user", id), by: AuditActor(actor), at: now, on: db)
        }
        return user
    }

    private func checkRole(_ role: Role, in orgID: UUID, v: inout FieldChecker, on db: any Database) async throws {
        guard let org = try await OrganizationRecord.find(orgID, on: db) else {
            v.add("organizationId", "not_found_ref")
            return
        }
        if !AccessPolicy.rolesAllowed(in: org.organizationType).contains(role) {
            v.add("role", "role_not_allowed_for_organization")
        }
    }

    func create(_ input: UserInput, by actor: Actor) async throws -> UserRecord {
        try actor.require(.userManage)
        var v = FieldChecker()
        let username = input.username.map(UsernameRules.normalize)
        if let username, !username.isEmpty {
            v.check(UsernameRules.isValid(username), "username", "invalid_username")
        } else { v.add("username", "required") }
        let displayName = v.requireText("displayName", input.displayName, max: 120)
        let role = v.choice("role", input.role, required: true, as: Role.self)
        let team = v.optionalText("team", input.team, max: 80)
        if input.organizationId == nil { v.add("organizationId", "required") }
        if let orgID = input.organizationId, let role { try await checkRole(role, in: orgID, v: &v, on: db) }
        if let password = input.password {
            for p in ctx.passwordPolicy.problems(password: password, username: username) {
                v.add("password", p, ["min": String(PasswordPolicy.minimumLength), "max": String(PasswordPolicy.maximumLength)])
            }
        } else { v.add("password", "required") }
        try v.finish()
        let hash = try await ctx.hasher.hash(input.password!)
        let user = UserRecord(username: username!, displayName: displayName!, passwordHash: hash, role: role!,
                              organizationID: input.organizationId!, team: team, active: input.active ?? true)
        user.passwordChangedAt = ctx.now
        let now = ctx.now
        try await db.writeTransaction { db in
            if try await UserRecord.query(on: db).filter(\.$username == username!).count() > 0 {
                throw DomainError.duplicate([FieldIssue("username", "already_taken")])
            }
            try await user.create(on: db)
            try await AuditLog.append(AuditEntry("user.created", "user", user.id,
                                                 fields: ["username", "displayName", "role", "organizationId", "team", "active", "password"]),
                                      by: AuditActor(actor), at: now, on: db)
        }
        return user
    }

    func update(_ id: UUID, _ input: UserInput, cleared: Set<String> = [], expectedVersion: ExpectedVersion?, by actor: Actor) async throws -> UserRecord {
        try actor.require(.userManage)
        guard let expectedVersion else { throw DomainError.versionRequired }
        if input.username != nil { throw DomainError.invalid([FieldIssue("username", "read_only")]) }
        if input.password != nil { throw DomainError.invalid([FieldIssue("password", "use_password_reset")]) }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let user = try await scoped(actor, on: db).filter(\.$id == id).first() else { throw DomainError.notFound }
            var v = FieldChecker()
            let displayName = v.requireText("displayName", input.displayName ?? user.displayName, max: 120)
            let role = v.choice("role", input.role ?? user.role, required: true, as: Role.self)
            let orgID = input.organizationId ?? user.$organization.id
            let team = cleared.contains("team") ? nil : input.team == nil ? user.team : v.optionalText("team", input.team, max: 80)
            let active = input.active ?? user.active
            if let role { try await checkRole(role, in: orgID, v: &v, on: db) }
            if id == actor.userID {
                if !active { v.add("active", "cannot_deactivate_self") }
                if role != actor.role { v.add("role", "cannot_change_own_role") }
            }
            try v.finish()
            let newVersion = try await db.bumpVersion(table: UserRecord.schema, id: id, expected: expectedVersion)
            var changed: [String] = []
            if user.displayName != displayName { changed.append("displayName") }
            if user.role != role!.rawValue { changed.append("role") }
            if user.$organization.id != orgID { changed.append("organizationId") }
            if user.team != team { changed.append("team") }
            if user.active != active { changed.append("active") }
            let accessChanged = changed.contains("role") || changed.contains("organizationId") || !active
            user.displayName = displayName!
            user.role = role!.rawValue
            user.$organization.id = orgID
            user.team = team
            user.active = active
            user.version = newVersion
            try await user.save(on: db)
            if accessChanged {
                try await AuthService.endSessions(of: id, on: db)
                try await AuthService.revokeTokens(of: id, at: now, on: db)
            }
            let action = changed.contains("role") ? "user.role_changed" : "user.updated"
            try await AuditLog.append(AuditEntry(action, "user", id, fields: changed), by: AuditActor(actor), at: now, on: db)
            return user
        }
    }

    /// An administrator sets a new password; every session and token of that user ends.
    func resetPassword(_ id: UUID, newPassword: String?, by actor: Actor) async throws {
        try actor.require(.userManage)
        guard let user = try await scoped(actor, on: db).filter(\.$id == id).first() else { throw DomainError.notFound }
        try ctx.passwordPolicy.validate(password: newPassword ?? "", username: user.username, field: "newPassword")
        let hash = try await ctx.hasher.hash(newPassword!)
        let now = ctx.now
        try await db.writeTransaction { db in
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.save(on: db)
            try await AuthService.endSessions(of: id, on: db)
            try await AuthService.revokeTokens(of: id, at: now, on: db)
            try await AuditLog.append(AuditEntry("user.password_reset", "user", id, fields: ["password"]), by: AuditActor(actor), at: now, on: db)
        }
    }

    /// A user changes their own password; all their sessions and tokens end.
    func changeOwnPassword(current: String?, new: String?, by actor: Actor) async throws {
        guard let user = try await UserRecord.find(actor.userID, on: db) else { throw DomainError.notFound }
        guard let current, try await ctx.hasher.verify(current, against: user.passwordHash) else {
            throw DomainError.invalid([FieldIssue("currentPassword", "wrong_password")])
        }
        try ctx.passwordPolicy.validate(password: new ?? "", username: user.username, field: "newPassword")
        if current == new { throw DomainError.invalid([FieldIssue("newPassword", "password_unchanged")]) }
        let hash = try await ctx.hasher.hash(new!)
        let now = ctx.now
        try await db.writeTransaction { db in
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.save(on: db)
            try await AuthService.endSessions(of: actor.userID, on: db)
            try await AuthService.revokeTokens(of: actor.userID, at: now, on: db)
            try await AuditLog.append(AuditEntry("user.password_changed", "user", actor.userID, fields: ["password"]), by: AuditActor(actor), at: now, on: db)
        }
    }
}
