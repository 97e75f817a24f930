import Fluent
import Foundation
import SQLKit
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

@Suite("Audit trail")
struct AuditTests {
    /// Some activity, then the chain as stored.
    private func activity(_ app: Application) async throws {
        _ = try await Fixtures.make(app)
        let admin = try await app.token("admin")
        for i in 0..<3 {
            _ = try await app.api(.POST, "/api/v1/organizations", token: admin, json: #"{"name":"Org \#(i)","type":"donor"}"#)
        }
        _ = try await Browser(app).signIn("nobody", password: "wrong wrong wrong")
    }

    @Test("Changes and sign-ins are audited with field names, never values")
    func recordsActions() async throws {
        try await TestApp.run { app in
            try await activity(app)
            let events = try await AuditEventRecord.query(on: app.db).sort(\.$sequence).all()
            let actions = Set(events.map(\.action))
            #expect(actions.isSuperset(of: ["organization.created", "user.created", "auth.login_succeeded", "auth.login_failed", "auth.token_issued"]))
            let created = events.first { $0.action == "organization.created" && $0.actorName == "admin" }
            #expect(created?.fields.contains("name") == true)
            #expect(!events.contains { $0.fields.contains("Org 1") || $0.entityID.contains("Org") })
            #expect(events.map(\.sequence) == Array(1...events.count))
            #expect(try await AuditLog.verify(on: app.db).problem == nil)
        }
    }

    @Test("Concurrent writers keep one unbroken chain")
    func concurrentAppends() async throws {
        try await TestApp.run { app in
            _ = try await Fixtures.make(app)
            let admin = try await app.token("admin")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let r = try await app.api(.POST, "/api/v1/organizations", token: admin, json: #"{"name":"Parallel \#(i)","type":"donor"}"#)
                        if r.status != .created { print("concurrent append answered", r.status, r.body.string) }
                        return r.status
                    }
                }
                return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            let (count, problem) = try await AuditLog.verify(on: app.db)
            #expect(problem == nil)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "organization.created").count() >= 20 + 7)
            #expect(count == (try await AuditHeadRecord.find(1, on: app.db))?.sequence)
        }
    }

    @Test("verify-audit names an edited entry")
    func detectsEdit() async throws {
        try await TestApp.run { app in
            try await activity(app)
            try await app.db.sql.raw("UPDATE audit_events SET actor_name = 'someone' WHERE seq = 5").run()
            #expect(try await AuditLog.verify(on: app.db).problem == .contentChanged(sequence: 5))
        }
    }

    @Test("verify-audit names a deleted entry")
    func detectsDeletion() async throws {
        try await TestApp.run { app in
            try await activity(app)
            try await app.db.sql.raw("DELETE FROM audit_events WHERE seq = 4").run()
            #expect(try await AuditLog.verify(on: app.db).problem == .sequenceGap(expected: 4, found: 5))
        }
    }

    @Test("verify-audit notices reordered entries")
    func detectsReorder() async throws {
        try await TestApp.run { app in
            try await activity(app)
            try await app.db.sql.raw("UPDATE audit_events SET seq = -1 WHERE seq = 3").run()
            try await app.db.sql.raw("UPDATE audit_events SET seq = 3 WHERE seq = 4").run()
            try await app.db.sql.raw("UPDATE audit_events SET seq = 4 WHERE seq = -1").run()
            let problem = try await AuditLog.verify(on: app.db).problem
            #expect(problem?.sequence == 3)
        }
    }

    @Test("verify-audit notices a truncated chain")
    func detectsTruncation() async throws {
        try await TestApp.run { app in
            try await activity(app)
            let head = try #require(try await AuditHeadRecord.find(1, on: app.db))
            try await app.db.sql.raw("DELETE FROM audit_events WHERE seq > \(unsafeRaw: String(head.sequence - 2))").run()
            #expect(try await AuditLog.verify(on: app.db).problem == .truncated(expectedLast: head.sequence, foundLast: head.sequence - 2))
        }
    }

    @Test("The audit trail page and API are for admins and the DPO, and reading them is audited")
    func readingTheTrail() async throws {
        try await TestApp.run { app in
            try await activity(app)
            let dpo = try await app.token("data_protection_officer")
            let res = try await app.api(.GET, "/api/v1/audit-events?action=organization.created", token: dpo)
            #expect(res.status == .ok)
            #expect(res.body.string.contains("organization.created"))
            let browser = Browser(app)
            _ = try await browser.signIn("admin")
            let page = try await browser.get("/admin/audit?lang=fr")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("auth.login_failed"))
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "audit.viewed").count() == 2)
        }
    }
}
