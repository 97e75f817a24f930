import Fluent
import Foundation
import Vapor
import BadilCore

/// Sign-in, sessions and API tokens. The only place credentials are checked.
struct AuthService {
    let db: any Database
    let ctx: BadilContext

    struct SignedIn {
        let user: UserRecord
        /// The raw secret for the client (cookie value or bearer token); only its hash is stored.
        let secret: String
        let expiresAt: Date?
    }

    /// Checks the password with the same work for unknown and known users, throttling per account and
    /// per address. Every outcome is audited.
    func authenticate(username rawUsername: String, password: String, address: String) async throws -> UserRecord {
        let username = UsernameRules.normalize(rawUsername)
        let now = ctx.now
        let accountKey = Digest.sha256Hex("u:" + username)
        let addressKey = Digest.sha256Hex("a:" + address)
        let since = now.addingTimeInterval(-ctx.throttle.window)
        let failures = try await LoginAttemptRecord.query(on: db)
            .filter(\.$keyHash ~~ [accountKey, addressKey])
            .filter(\.$succeeded == false)
            .filter(\.$attemptedAt >= since)
            .all()
        let decision = ctx.throttle.decide(
            accountFailures: failures.filter { $0.keyHash == accountKey }.map(\.attemptedAt),
            addressFailures: failures.filter { $0.keyHash == addressKey }.map(\.attemptedAt), now: now)
        if case .throttled(let retryAfter) = decision {
            _ = try? await ctx.hasher.verify(password, against: ctx.decoyHash)
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("auth.login_throttled", "account", Digest.sha256Hex(username).prefix(16).description,
                                                     flagged: true), by: .anonymous, at: now, on: db)
            }
            throw AuthError.throttled(retryAfter: retryAfter)
        }

        let user = try await UserRecord.query(on: db).filter(\.$username == username).with(\.$organization).first()
        let valid: Bool
        if let user {
            valid = try await ctx.hasher.verify(password, against: user.passwordHash)
        } else {
            _ = try await ctx.hasher.verify(password, against: ctx.decoyHash)
            valid = false
        }
        let succeeded = valid && user?.active == true && user?.organization.active == true
        try await db.writeTransaction { db in
            try await LoginAttemptRecord(keyHash: accountKey, succeeded: succeeded, at: now).create(on: db)
            try await LoginAttemptRecord(keyHash: addressKey, succeeded: succeeded, at: now).create(on: db)
            if succeeded, let user {
                user.lastLoginAt = now
                try await user.save(on: db)
                try await AuditLog.append(AuditEntry("auth.login_succeeded", "user", user.id), by: AuditActor(id: user.id!.uuidString, name: user.username), at: now, on: db)
            } else {
                let who = user.map { AuditActor(id: $0.id!.uuidString, name: $0.username) } ?? .anonymous
                try await AuditLog.append(AuditEntry("auth.login_failed", "user", user?.id), by: who, at: now, on: db)
            }
        }
        guard succeeded, let user else { throw AuthError.invalidCredentials }
        return user
    }

    /// Starts a browser session with a new id (the old one, if any, is ended).
    func startSession(for user: UserRecord, replacing oldSecret: String?) async throws -> SignedIn {
        let secret = Digest.randomToken()
        let now = ctx.now
        let session = BrowserSessionRecord(tokenHash: Digest.sha256Hex(secret), userID: try user.requireID(),
                                    csrfToken: Digest.randomToken(), now: now)
        try await db.writeTransaction { db in
            if let oldSecret {
                try await BrowserSessionRecord.query(on: db).filter(\.$tokenHash == Digest.sha256Hex(oldSecret)).delete()
            }
            try await session.create(on: db)
        }
        return SignedIn(user: user, secret: secret, expiresAt: nil)
    }

    /// Ends every session of the user (sign-out, password change, deactivation).
    static func endSessions(of userID: UUID, on db: any Database) async throws {
        try await BrowserSessionRecord.query(on: db).filter(\.$user.$id == userID).delete()
    }

    static func revokeTokens(of userID: UUID, at now: Date, on db: any Database) async throws {
        try await APITokenRecord.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    func signOut(_ actor: Actor) async throws {
        let now = ctx.now
        try await db.writeTransaction { db in
            try await Self.endSessions(of: actor.userID, on: db)
            try await AuditLog.append(AuditEntry("auth.logout", "user", actor.userID), by: AuditActor(actor), at: now, on: db)
        }
    }

    func issueToken(for user: UserRecord, purpose: TokenPurpose) async throws -> SignedIn {
        let secret = Digest.randomToken()
        let now = ctx.now
        let expires = now.addingTimeInterval(purpose.lifetime)
        let token = APITokenRecord(tokenHash: Digest.sha256Hex(secret), userID: try user.requireID(),
                                   purpose: purpose.rawValue, createdAt: now, expiresAt: expires)
        try await db.writeTransaction { db in
            try await token.create(on: db)
            try await AuditLog.append(AuditEntry("auth.token_issued", "api_token", token.id, fields: [purpose.rawValue]),
                                      by: AuditActor(id: user.id!.uuidString, name: user.username), at: now, on: db)
        }
        return SignedIn(user: user, secret: secret, expiresAt: expires)
    }

    func revokeToken(_ actor: Actor) async throws {
        guard let tokenID = actor.tokenID else { throw DomainError.notFound }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await APITokenRecord.query(on: db).filter(\.$id == tokenID).set(\.$revokedAt, to: now).update()
            try await AuditLog.append(AuditEntry("auth.token_revoked", "api_token", tokenID), by: AuditActor(actor), at: now, on: db)
        }
    }

    func actor(forToken secret: String) async throws -> Actor? {
        guard let token = try await APITokenRecord.query(on: db).filter(\.$tokenHash == Digest.sha256Hex(secret)).first(),
              token.revokedAt == nil, token.expiresAt > ctx.now else { return nil }
        guard let user = try await activeUser(token.$user.id) else { return nil }
        return makeActor(user, sessionID: nil, csrf: nil, tokenID: token.id)
    }

    func actor(forSession secret: String) async throws -> Actor? {
        guard let session = try await BrowserSessionRecord.query(on: db).filter(\.$tokenHash == Digest.sha256Hex(secret)).first() else {
            return nil
        }
        let now = ctx.now
        switch ctx.sessionRules.state(createdAt: session.createdAt, lastSeenAt: session.lastSeenAt, now: now) {
        case .idleExpired, .absoluteExpired:
            try await session.delete(on: db)
            return nil
        case .active(let needsTouch):
            if needsTouch {
                session.lastSeenAt = now
                try await session.save(on: db)
            }
        }
        guard let user = try await activeUser(session.$user.id) else { return nil }
        return makeActor(user, sessionID: session.id, csrf: session.csrfToken, tokenID: nil)
    }

    private func activeUser(_ id: UUID) async throws -> UserRecord? {
        guard let user = try await UserRecord.query(on: db).filter(\.$id == id).with(\.$organization).first(),
              user.active, user.organization.active else { return nil }
        return user
    }

    private func makeActor(_ user: UserRecord, sessionID: UUID?, csrf: String?, tokenID: UUID?) -> Actor {
        Actor(userID: user.id!, username: user.username, displayName: user.displayName, role: user.userRole,
              organizationID: user.$organization.id, organizationName: user.organization.name,
              organizationType: user.organization.organizationType, countryCode: user.organization.countryCode,
              team: user.team, sessionID: sessionID, csrfToken: csrf, tokenID: tokenID)
    }
}
