import Fluent
import Foundation
import Vapor
import BadilCore

/// Creating accounts outside a request (first administrator, demo accounts, tests). Same rules as the service.
enum AccountSetup {
    static func organization(named name: String, type: OrganizationType, country: String? = nil, on db: any Database, ctx: BadilContext) async throws -> OrganizationRecord {
        if let existing = try await OrganizationRecord.query(on: db).filter(\.$name == name).first() { return existing }
        let org = OrganizationRecord(name: name, type: type, countryCode: country)
        try await db.writeTransaction { db in
            try await org.create(on: db)
            try await AuditLog.append(AuditEntry("organization.created", "organization", org.id, fields: ["name", "type"]),
                                      by: .system, at: ctx.now, on: db)
        }
        return org
    }

    /// Creates a user; `enforcePolicy` is false only for demo accounts given a scripted password.
    static func user(username: String, displayName: String, role: Role, organization: OrganizationRecord, team: String? = nil,
                     password: String, enforcePolicy: Bool = true, on db: any Database, ctx: BadilContext) async throws -> UserRecord {
        let name = UsernameRules.normalize(username)
        var v = FieldChecker()
        v.check(UsernameRules.isValid(name), "username", "invalid_username")
        if !AccessPolicy.rolesAllowed(in: organization.organizationType).contains(role) { v.add("role", "role_not_allowed_for_organization") }
        if enforcePolicy {
            for p in ctx.passwordPolicy.problems(password: password, username: name) {
                v.add("password", p, ["min": String(PasswordPolicy.minimumLength), "max": String(PasswordPolicy.maximumLength)])
            }
        }
        try v.finish()
        let user = UserRecord(username: name, displayName: displayName, passwordHash: try await ctx.hasher.hash(password), role: role,
                              organizationID: try organization.requireID(), team: team)
        user.passwordChangedAt = ctx.now
        try await db.writeTransaction { db in
            if try await UserRecord.query(on: db).filter(\.$username == name).count() > 0 {
                throw DomainError.duplicate([FieldIssue("username", "already_taken")])
            }
            try await user.create(on: db)
            try await AuditLog.append(AuditEntry("user.created", "user", user.id, fields: ["username", "role", "organizationId", "password"]),
                                      by: .system, at: ctx.now, on: db)
        }
        return user
    }
}

/// `badil create-admin --username U --organization O`: the first administrator. The password is read
/// from standard input so it never appears in the process list or shell history.
struct CreateAdminCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "username", help: "Login name (letters, digits, . - _)") var username: String?
        @Option(name: "organization", help: "Organisation name; created as an IOM organisation if missing") var organization: String?
        @Option(name: "display-name", help: "Name shown in the interface") var displayName: String?
    }

    var help: String { "Creates an administrator. Reads the password from standard input." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let username = signature.username, let orgName = signature.organization else {
            context.console.error("Usage: badil create-admin --username U --organization O  (password on standard input)")
            throw CommandFailure(code: 2)
        }
        context.console.print("Password for \(username) (at least \(PasswordPolicy.minimumLength) characters), then Enter:")
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            context.console.error("No password was given on standard input.")
            throw CommandFailure(code: 2)
        }
        let app = context.application
        let ctx = app.badil
        do {
            let org = try await AccountSetup.organization(named: orgName, type: .iom, on: app.db, ctx: ctx)
            let user = try await AccountSetup.user(username: username, displayName: signature.displayName ?? username, role: .admin,
                                                   organization: org, password: line, on: app.db, ctx: ctx)
            context.console.print("Administrator \(user.username) created in \(org.name).")
        } catch DomainError.invalid(let issues) {
            for issue in issues { context.console.error("\(issue.field): \(ctx.localizer.message(for: issue, .en))") }
            throw CommandFailure(code: 1)
        }
    }
}

/// `badil verify-audit`: checks the whole chain; exits non-zero and names the first bad entry.
struct VerifyAuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "expect-head", help: "A head exported earlier, as SEQ:HASH, that must still be in the chain") var expectHead: String?
    }

    var help: String { "Verifies the hash chain of the audit log." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let (count, problem) = try await AuditLog.verify(on: db)
        if let problem {
            context.console.error("Audit chain BROKEN at entry \(problem.sequence): \(describe(problem))")
            throw CommandFailure(code: 1)
        }
        if let expected = signature.expectHead {
            let parts = expected.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let seq = Int(parts[0]) else {
                context.console.error("--expect-head takes SEQ:HASH")
                throw CommandFailure(code: 2)
            }
            let row = try await AuditEventRecord.query(on: db).filter(\.$sequence == seq).first()
            guard row?.hash == parts[1] else {
                context.console.error("Audit chain BROKEN at entry \(seq): it does not match the exported head")
                throw CommandFailure(code: 1)
            }
        }
        let head = try await AuditHeadRecord.find(1, on: db)
        context.console.print("Audit chain intact: \(count) entries; head \(head?.sequence ?? 0):\(head?.hash ?? AuditChain.genesis)")
    }

    private func describe(_ p: AuditChain.Problem) -> String {
        switch p {
        case .contentChanged: return "its content does not match its hash (edited)"
        case .brokenLink: return "it does not follow the entry before it (deleted, inserted or reordered)"
        case .sequenceGap(let expected, let found): return "expected entry \(expected), found \(found) (deleted or reordered)"
        case .truncated(let expectedLast, let foundLast): return "the chain ends at \(foundLast) but the head says \(expectedLast) (truncated)"
        case .headMismatch: return "the last entry is not the recorded head"
        }
    }
}

struct CommandFailure: Error { let code: Int32 }
