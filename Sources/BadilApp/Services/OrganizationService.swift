import Fluent
import Foundation
import BadilCore

/// Organisations: who works in Badil. Listing needs `organization.read`; changes `organization.manage`.
struct OrganizationService {
    let db: any Database
    let ctx: BadilContext

    struct Filter { var type: OrganizationType?; var query: String?; var activeOnly = false }

    func list(_ filter: Filter, page: Paging, by actor: Actor) async throws -> (items: [OrganizationRecord], total: Int) {
        try actor.require(.organizationRead)
        var q = OrganizationRecord.query(on: db)
        if let type = filter.type { q = q.filter(\.$type == type.rawValue) }
        if let text = filter.query, !text.isEmpty { q = q.filter(\.$name ~~ text) }
        if filter.activeOnly { q = q.filter(\.$active == true) }
        let total = try await q.count()
        let items = try await q.sort(\.$name).range(page.offset..<(page.offset + page.size)).all()
        return (items, total)
    }

    func get(_ id: UUID, by actor: Actor) async throws -> OrganizationRecord {
        try actor.require(.organizationRead)
        guard let org = try await OrganizationRecord.find(id, on: db) else { throw DomainError.notFound }
        return org
    }

    private func validated(_ input: OrganizationInput, current: OrganizationRecord?) throws -> (String, OrganizationType, String?, Bool) {
        var v = FieldChecker()
        let name = v.requireText("name", input.name ?? current?.name, max: 120)
        let type = v.choice("type", input.type ?? current?.type, required: true, as: OrganizationType.self)
        var country: String?
        if let type, type.requiresCountry {
            country = ctx.reference.codes.country(input.countryCode ?? current?.countryCode, field: "countryCode", into: &v, required: true)
        } else if let raw = input.countryCode, !raw.isEmpty {
            country = ctx.reference.codes.country(raw, field: "countryCode", into: &v, required: false)
        } else {
            country = input.countryCode == nil ? current?.countryCode : nil
        }
        try v.finish()
        return (name!, type!, country, input.active ?? current?.active ?? true)
    }

    func create(_ input: OrganizationInput, by actor: Actor) async throws -> OrganizationRecord {
        try actor.require(.organizationManage)
        let (name, type, country, active) = try validated(input, current: nil)
        let org = OrganizationRecord(name: name, type: type, countryCode: country, active: active)
        let now = ctx.now
        try await db.writeTransaction { db in
            if try await OrganizationRecord.query(on: db).filter(\.$name == name).count() > 0 {
                throw DomainError.duplicate([FieldIssue("name", "already_taken")])
            }
            try await org.create(on: db)
            try await AuditLog.append(AuditEntry("organization.created", "organization", org.id,
                                                 fields: ["name", "type", "countryCode", "active"]), by: AuditActor(actor), at: now, on: db)
        }
        return org
    }

    func update(_ id: UUID, _ input: OrganizationInput, cleared: Set<String> = [], expectedVersion: ExpectedVersion?, by actor: Actor) async throws -> OrganizationRecord {
        try actor.require(.organizationManage)
        guard let expectedVersion else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let org = try await OrganizationRecord.find(id, on: db) else { throw DomainError.notFound }
            let (name, type, countryIfKept, active) = try validated(input, current: org)
            let country = cleared.contains("countryCode") && !type.requiresCountry ? nil : countryIfKept
            if cleared.contains("countryCode") && type.requiresCountry { throw DomainError.invalid([FieldIssue("countryCode", "required")]) }
            if name != org.name, try await OrganizationRecord.query(on: db).filter(\.$name == name).count() > 0 {
                throw DomainError.duplicate([FieldIssue("name", "already_taken")])
            }
            if org.id == actor.organizationID && !active {
                throw DomainError.invalid([FieldIssue("active", "cannot_deactivate_own_organization")])
            }
            let newVersion = try await db.bumpVersion(table: OrganizationRecord.schema, id: id, expected: expectedVersion)
            var changed: [String] = []
            if org.name != name { changed.append("name") }
            if org.type != type.rawValue { changed.append("type") }
            if org.countryCode != country { changed.append("countryCode") }
            if org.active != active { changed.append("active") }
            org.name = name
            org.type = type.rawValue
            org.countryCode = country
            org.active = active
            org.version = newVersion
            try await org.save(on: db)
            if !active {
                let members = try await UserRecord.query(on: db).filter(\.$organization.$id == id).all(\.$id)
                for member in members {
                    try await AuthService.endSessions(of: member, on: db)
                    try await AuthService.revokeTokens(of: member, at: now, on: db)
                }
            }
            try await AuditLog.append(AuditEntry("organization.updated", "organization", id, fields: changed), by: AuditActor(actor), at: now, on: db)
            return org
        }
    }
}
