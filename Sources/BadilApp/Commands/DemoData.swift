import Fluent
import Foundation
import Vapor
import BadilCore

/// Synthetic demo data: the organisations of DOMAIN.md §2, one account per role, and the public Libyan places.
/// Every later capability adds its own believable cases here.
enum DemoData {
    struct Account { let username: String; let role: Role; let organization: String; let displayName: String; let team: String? }

    static let organizations: [(String, OrganizationType, String?)] = [
        ("IOM Libya", .iom, nil),
        ("Ministry of Social Affairs", .ministry, nil),
        ("Directorate for Combating Illegal Migration", .detentionAuthority, nil),
        ("Libyan Coast Guard", .coastGuard, nil),
        ("Embassy of Niger", .embassy, "NER"),
        ("Embassy of Nigeria", .embassy, "NGA"),
        ("Amal Shelter Network", .ngoOperator, nil),
        ("Donor Coordination Group", .donor, nil),
    ]

    static let accounts: [Account] = [
        Account(username: "admin", role: .admin, organization: "IOM Libya", displayName: "Salma Idris (admin)", team: nil),
        Account(username: "supervisor", role: .supervisor, organization: "IOM Libya", displayName: "Karim Benali", team: "Tripoli protection"),
        Account(username: "caseworker", role: .caseworker, organization: "IOM Libya", displayName: "Aisha Mahmoud", team: "Tripoli protection"),
        Account(username: "social_worker", role: .socialWorker, organization: "Ministry of Social Affairs", displayName: "Huda Al-Mansouri", team: nil),
        Account(username: "detention_officer", role: .detentionOfficer, organization: "Directorate for Combating Illegal Migration", displayName: "Omar Fathi", team: nil),
        Account(username: "coast_guard", role: .coastGuard, organization: "Libyan Coast Guard", displayName: "Registrar Tripoli naval base", team: nil),
        Account(username: "consular", role: .consular, organization: "Embassy of Niger", displayName: "Moussa Abdou", team: nil),
        Account(username: "facility_operator", role: .facilityOperator, organization: "Amal Shelter Network", displayName: "Mariam Saleh", team: nil),
        Account(username: "trainer", role: .trainer, organization: "IOM Libya", displayName: "Nadia Chaabane", team: nil),
        Account(username: "data_protection_officer", role: .dataProtectionOfficer, organization: "IOM Libya", displayName: "Youssef Kamel", team: nil),
        Account(username: "viewer", role: .viewer, organization: "Donor Coordination Group", displayName: "Programme viewer", team: nil),
    ]

    /// Seeds an empty database. Returns the password of each account (the given one, or a random one each).
    static func seed(_ app: Application, password: String?) async throws -> [(String, Role, String)] {
        let ctx = app.badil
        let db = app.db
        var orgs: [String: OrganizationRecord] = [:]
        for (name, type, country) in organizations {
            orgs[name] = try await AccountSetup.organization(named: name, type: type, country: country, on: db, ctx: ctx)
        }
        var printed: [(String, Role, String)] = []
        for account in accounts {
            let secret = password ?? readablePassword()
            _ = try await AccountSetup.user(username: account.username, displayName: account.displayName, role: account.role,
                                            organization: orgs[account.organization]!, team: account.team, password: secret,
                                            enforcePolicy: false, on: db, ctx: ctx)
            printed.append((account.username, account.role, secret))
        }
        for place in ctx.reference.places {
            let location = LocationRecord()
            location.type = place.type
            location.nameEn = place.en
            location.nameFr = place.fr
            location.nameAr = place.ar
            location.pcode = place.pcode
            location.latitude = place.lat
            location.longitude = place.lon
            location.active = true
            location.version = 1
            let type = LocationType(rawValue: place.type) ?? .office
            let operatorName: String
            switch type {
            case .detentionCentre: operatorName = "Directorate for Combating Illegal Migration"
            case .disembarkationPoint: operatorName = "Libyan Coast Guard"
            case .childFriendlyCentre: operatorName = "Ministry of Social Affairs"
            case .office: operatorName = "IOM Libya"
            default: operatorName = "Amal Shelter Network"
            }
            location.$operatorOrganization.id = orgs[operatorName]?.id
            try await db.writeTransaction { db in
                try await location.create(on: db)
                try await AuditLog.append(AuditEntry("location.created", "location", location.id, fields: ["type", "nameEn", "nameFr", "nameAr", "pcode"]),
                                          by: .system, at: ctx.now, on: db)
            }
        }
        try await DemoPeople.seed(app)
        try await DemoDecisions.seed(app)
        try await DemoPlacement.seed(app)
        try await DemoConsular.seed(app)
        try await DemoCase.seed(app)
        try await DemoChildren.seed(app)
        try await DemoOutcomes.seed(app)
        return printed
    }

    /// Sets every demo account's password to one value (scripted use of an existing demo database).
    static func resetPasswords(_ app: Application, to password: String) async throws {
        let hash = try await app.badil.hasher.hash(password)
        let names = accounts.map(\.username)
        try await app.db.writeTransaction { db in
            try await UserRecord.query(on: db).filter(\.$username ~~ names).set(\.$passwordHash, to: hash).update()
            try await AuditLog.append(AuditEntry("demo.passwords_reset", "user", "demo-accounts", fields: ["password"]),
                                      by: .system, at: app.badil.now, on: db)
        }
    }

    /// Four groups of four lower-case letters and digits: easy to type at a quay, 80 bits of entropy.
    static func readablePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<4).map { _ in alphabet.randomElement(using: &rng)! }) }.joined(separator: "-")
    }
}
