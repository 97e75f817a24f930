import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

/// People registered by the coast guard (visible to the IOM caseworkers and supervisor), a second caseworker of the
/// same organisation and team, and the ngo organisation as a service provider.
struct CaseFixture {
    let r: RegistrationFixture
    let other: String
    let otherUser: UserRecord
    let provider: OrganizationRecord
    var app: Application { r.app }

    struct File: Decodable {
        struct Note: Decodable { let id: UUID; let text: String; let confidentiality: String }
        struct Task: Decodable { let id: UUID?; let kind: String; let title: String; let dueOn: String; let status: String; let mandatory: Bool; let version: Int? }
        let exists: Bool; let status: String; let caseworkerId: UUID?; let version: Int; let notes: [Note]; let tasks: [Task]; let lastContactOn: String?
    }
    struct Event: Decodable { let on: String; let kind: String; let title: String; let detail: String }
    struct MyTask: Decodable { let id: UUID?; let personId: UUID; let kind: String; let overdue: Bool; let derived: Bool }

    static func make(_ app: Application) async throws -> CaseFixture {
        let r = try await RegistrationFixture.make(app)
        let user = try await AccountSetup.user(username: "caseworker2", displayName: "Second caseworker", role: .caseworker, organization: r.fx.iom,
                                               password: TestApp.password, on: app.db, ctx: app.badil)
        let ngo = try #require(try await OrganizationRecord.query(on: app.db).filter(\.$type == "ngo_operator").first())
        return CaseFixture(r: r, other: try await app.token("caseworker2"), otherUser: user, provider: ngo)
    }

    func person(_ name: String = "Adam Musa") async throws -> UUID {
        try #require(try await r.register(#"{"nameLatin":"\#(name)","sex":"male","claimedAge":30,"nationality":"SDN"}"#)).people[0].person.id
    }

    func file(_ person: UUID, token: String? = nil) async throws -> File {
        let res = try await app.api(.GET, "/api/v1/persons/\(person)/case", token: token ?? r.caseworker)
        #expect(res.status == .ok, "\(res.body.string)")
        return try JSONDecoder().decode(File.self, from: res.body)
    }

    func post(_ person: UUID, _ path: String, _ json: String, token: String? = nil) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/persons/\(person)/case/\(path)", token: token ?? r.caseworker, json: json)
    }

    func assign(_ person: UUID, to user: UUID?, version: Int, token: String? = nil) async throws -> TestingHTTPResponse {
        let worker = user.map { "\"\($0.uuidString)\"" } ?? "null"
        return try await app.api(.PUT, "/api/v1/persons/\(person)/case/assignment", token: token ?? r.supervisor,
                                 json: #"{"caseworkerId":\#(worker),"team":"North"}"#, headers: [("If-Match", "\"\(version)\"")])
    }

    var today: DayDate { DayDate(app.badil.now) }
}

@Suite("Case management")
struct CaseManagementTests {
    @Test("Assignment: supervisors only, versioned, to a caseworker of their organisation, audited")
    func assignment() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            let worker = f.r.fx.users[.caseworker]!.id!
            #expect(try await f.assign(p, to: worker, version: 0, token: f.r.caseworker).status == .forbidden)
            #expect(try await f.file(p).exists == false, "a caseworker's refused assignment creates nothing")
            let missing = try await app.api(.PUT, "/api/v1/persons/\(p)/case/assignment", token: f.r.supervisor, json: #"{"caseworkerId":null}"#)
            #expect(missing.status == .badRequest)
            let officer = f.r.fx.users[.detentionOfficer]!.id!
            let wrong = try await f.assign(p, to: officer, version: 0)
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("not_a_caseworker"))
            let unknown = try await f.assign(p, to: UUID(), version: 0)
            #expect(unknown.status == .unprocessableEntity && unknown.body.string.contains("not_found_ref"))
            let socialWorker = try await f.assign(p, to: f.r.fx.users[.socialWorker]!.id!, version: 0)
            #expect(socialWorker.status == .unprocessableEntity && socialWorker.body.string.contains("other_organization"), "a ministry social worker is not of IOM")
            let ok = try await f.assign(p, to: worker, version: 0)
            #expect(ok.status == .ok, "\(ok.body.string)")
            #expect(ok.headers.first(name: .eTag) == "\"1\"")
            #expect(try await f.assign(p, to: f.otherUser.id!, version: 0).status == .preconditionFailed, "stale version")
            #expect(try await f.assign(p, to: f.otherUser.id!, version: 1).status == .ok)
            let file = try await f.file(p)
            #expect(file.caseworkerId == f.otherUser.id && file.version == 2 && file.status == "open")
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "case.assigned").count() == 2)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "case.read").count() >= 2)
            let outsider = try await app.api(.GET, "/api/v1/persons/\(p)/case", token: try await app.token("facility_operator"))
            #expect(outsider.status == .forbidden, "a facility operator does not read case records")
            let detention = try await app.api(.GET, "/api/v1/persons/\(p)/timeline", token: try await app.token("detention_officer"))
            #expect(detention.status == .forbidden, "nor does a detention officer")
        }
    }

    @Test("A restricted note is read by its author, the assigned caseworker and supervisors, nobody else (API and timeline)")
    func restrictedNotes() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            #expect(try await f.post(p, "notes", #"{"text":"Disclosed abuse during the journey","confidentiality":"restricted"}"#).status == .created)
            #expect(try await f.post(p, "notes", #"{"text":"Attended the appointment"}"#).status == .created)
            func sees(_ token: String) async throws -> (notes: Bool, timeline: Bool, normal: Bool) {
                let notes = try await app.api(.GET, "/api/v1/persons/\(p)/case/notes", token: token)
                #expect(notes.status == .ok)
                let timeline = try await app.api(.GET, "/api/v1/persons/\(p)/timeline", token: token)
                #expect(timeline.status == .ok)
                let events = try JSONDecoder().decode([CaseFixture.Event].self, from: timeline.body)
                return (notes.body.string.contains("Disclosed abuse"), events.contains { $0.detail.contains("Disclosed abuse") || $0.kind == "note" && $0.title.contains("Restricted") },
                        events.contains { $0.detail.contains("Attended the appointment") })
            }
            let author = try await sees(f.r.caseworker)
            #expect(author.notes && author.timeline)
            let colleague = try await sees(f.other)
            #expect(!colleague.notes && !colleague.timeline, "another caseworker of the same team sees no trace of it")
            #expect(colleague.normal, "but the normal note")
            #expect(try await f.file(p, token: f.other).notes.map(\.text) == ["Attended the appointment"])
            let supervisor = try await sees(f.r.supervisor)
            #expect(supervisor.notes && supervisor.timeline)
            #expect(try await f.assign(p, to: f.otherUser.id!, version: 1).status == .ok)
            #expect(try await sees(f.other).notes, "once assigned, the caseworker reads it")
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "case_note.list_read").count() >= 4)
            let audit = try await AuditEventRecord.query(on: app.db).filter(\.$action == "case_note.created").all()
            #expect(audit.count == 2 && !audit.contains { $0.fields.contains("Disclosed") })
        }
    }

    @Test("A referral to a provider needs the person's consent naming it; without it 422 and nothing saved")
    func referralConsent() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            let today = f.today.description
            let body = #"{"mode":"referral","serviceType":"legal","on":"\#(today)","providerOrganizationId":"\#(f.provider.id!.uuidString)"}"#
            let refused = try await f.post(p, "services", body)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("service_consent_required"), "\(refused.body.string)")
            #expect(try await CaseServiceRecord.query(on: app.db).count() == 0)
            #expect(try await CaseFileRecord.query(on: app.db).count() == 0, "not even a case file")
            // Consent to another organisation does not count.
            let consent = try await app.api(.POST, "/api/v1/persons/\(p)/consents", token: f.r.caseworker,
                                            json: #"{"purpose":"data_sharing","recipientOrganizationId":"\#(f.r.fx.ministry.id!.uuidString)","givenOn":"\#(today)","givenBy":"self"}"#)
            #expect(consent.status == .created, "\(consent.body.string)")
            #expect(try await f.post(p, "services", body).status == .unprocessableEntity)
            let named = try await app.api(.POST, "/api/v1/persons/\(p)/consents", token: f.r.caseworker,
                                          json: #"{"purpose":"referral","recipientOrganizationId":"\#(f.provider.id!.uuidString)","givenOn":"\#(today)","givenBy":"self"}"#)
            #expect(named.status == .created, "\(named.body.string)")
            let ok = try await f.post(p, "services", body)
            #expect(ok.status == .created, "\(ok.body.string)")
            #expect(try await f.file(p).lastContactOn == nil, "a referral is not a contact by itself")
            #expect(try await f.post(p, "services", #"{"serviceType":"medical","on":"\#(today)","notes":"Antibiotics"}"#).status == .created)
            #expect(try await f.file(p).lastContactOn == today, "a service delivered is")
        }
    }

    @Test("Bad input is refused with the field named and nothing saved")
    func badInput() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            let tomorrow = f.today.addingDays(1).description
            let cases: [(String, String, String)] = [
                ("visits", #"{"kind":"home","visitedOn":"\#(tomorrow)","findings":"Fine"}"#, "date_in_future"),
                ("services", #"{"serviceType":"housing","on":"\#(f.today.description)"}"#, "unknown_value"),
                ("notes", #"{"text":"   "}"#, "required"),
                ("plan/items", #"{"serviceType":"legal","description":"Lawyer"}"#, "responsible_required"),
                ("tasks", #"{"title":"Call","dueOn":"2020-01-01"}"#, "date_in_past"),
            ]
            for (path, body, code) in cases {
                let res = try await f.post(p, path, body)
                #expect(res.status == .unprocessableEntity && res.body.string.contains(code), "\(path): \(res.body.string)")
            }
            let extra = try await f.post(p, "notes", #"{"text":"x","author":"someone"}"#)
            #expect(extra.status == .badRequest && extra.body.string.contains("unknown_field"))
            let saved = [try await CaseVisitRecord.query(on: app.db).count(), try await CaseServiceRecord.query(on: app.db).count(),
                         try await CaseNoteRecord.query(on: app.db).count(), try await CasePlanItemRecord.query(on: app.db).count(),
                         try await CaseTaskRecord.query(on: app.db).count(), try await CaseFileRecord.query(on: app.db).count()]
            #expect(saved == [0, 0, 0, 0, 0, 0])
            #expect(try await f.post(p, "notes", #"{"text":"x"}"#, token: try await app.token("facility_operator")).status == .forbidden)
        }
    }

    @Test("Plan steps and visits become tasks; my overdue list per user; completing a task is versioned")
    func tasks() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let mine = try await f.person("Adam Musa")
            let theirs = try await f.person("Bilal Yusuf")
            #expect(try await f.assign(mine, to: f.r.fx.users[.caseworker]!.id!, version: 0).status == .ok)
            #expect(try await f.assign(theirs, to: f.otherUser.id!, version: 0).status == .ok)
            let due = f.today.addingDays(5).description
            let item = try await f.post(mine, "plan/items", #"{"serviceType":"documentation","description":"Obtain a birth certificate","responsibleName":"Civil registry","dueOn":"\#(due)","mandatory":true}"#)
            #expect(item.status == .created, "\(item.body.string)")
            #expect(try await f.post(mine, "visits", #"{"kind":"home","visitedOn":"\#(f.today.description)","findings":"Settled in","nextVisitOn":"\#(due)"}"#).status == .created)
            #expect(try await f.post(theirs, "tasks", #"{"title":"Call the school","dueOn":"\#(f.today.description)"}"#, token: f.other).status == .created)
            let file = try await f.file(mine)
            #expect(Set(file.tasks.map(\.kind)) == ["plan_step", "visit"] && file.tasks.contains { $0.kind == "plan_step" && $0.mandatory })
            #expect(file.lastContactOn == f.today.description)
            // Make the plan step overdue.
            let step = try #require(try await CaseTaskRecord.query(on: app.db).filter(\.$kind == "plan_step").first())
            step.dueOn = f.today.addingDays(-3).description
            try await step.save(on: app.db)
            func list(_ token: String, overdue: Bool) async throws -> [CaseFixture.MyTask] {
                let res = try await app.api(.GET, "/api/v1/tasks\(overdue ? "?overdue=true" : "")", token: token)
                #expect(res.status == .ok, "\(res.body.string)")
                return try JSONDecoder().decode([CaseFixture.MyTask].self, from: res.body)
            }
            let overdue = try await list(f.r.caseworker, overdue: true)
            #expect(overdue.map(\.kind) == ["plan_step"] && overdue[0].personId == mine)
            let all = try await list(f.r.caseworker, overdue: false)
            #expect(all.first?.overdue == true && all.count == 2, "overdue first, then the visit")
            #expect(try await list(f.other, overdue: true).isEmpty)
            #expect(try await list(f.other, overdue: false).map(\.personId) == [theirs])
            #expect(try await app.api(.GET, "/api/v1/tasks?overdue=maybe", token: f.r.caseworker).status == .badRequest)
            // Complete with the version; a stale one is 412.
            let stale = try await app.api(.POST, "/api/v1/tasks/\(step.id!)/complete", token: f.r.caseworker, headers: [("If-Match", "\"99\"")])
            #expect(stale.status == .preconditionFailed)
            let done = try await app.api(.POST, "/api/v1/tasks/\(step.id!)/complete", token: f.r.caseworker, headers: [("If-Match", "\"\(step.version)\"")])
            #expect(done.status == .ok, "\(done.body.string)")
            #expect(try await list(f.r.caseworker, overdue: true).isEmpty)
            let again = try await app.api(.POST, "/api/v1/tasks/\(step.id!)/cancel", token: f.r.caseworker, headers: [("If-Match", "*")])
            #expect(again.status == .conflict && again.body.string.contains("task_closed"))
            // Completing the plan item closes nothing more; cancelling an item with an open task closes it.
            struct Item: Decodable { let id: UUID; let version: Int }
            let i = try JSONDecoder().decode(Item.self, from: item.body)
            let moved = try await app.api(.PATCH, "/api/v1/persons/\(mine)/case/plan/items/\(i.id)", token: f.r.caseworker,
                                          json: #"{"status":"done"}"#, headers: [("If-Match", "\"\(i.version)\"")])
            #expect(moved.status == .ok, "\(moved.body.string)")
            let final = try await app.api(.PATCH, "/api/v1/persons/\(mine)/case/plan/items/\(i.id)", token: f.r.caseworker,
                                          json: #"{"status":"planned"}"#, headers: [("If-Match", "*")])
            #expect(final.status == .conflict)
        }
    }

    @Test("A re-detention reopens the decision, raises the alert and puts a mandatory task on the case")
    func reDetention() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            let d = DecisionRecord()
            d.personID = p; d.status = DecisionStatus.approved.rawValue; d.outcome = DecisionOutcome.communityPlacement.rawValue
            d.content = DecisionRecord.encode(DecisionDraft(outcome: .communityPlacement)); d.proposedByID = f.r.fx.users[.caseworker]!.id!
            d.proposedBy = "caseworker"; d.proposedAt = app.badil.now; d.decidedAt = app.badil.now; d.organizationID = f.r.fx.iom.id!; d.version = 1
            try await d.create(on: app.db)
            func alerted() async throws -> Bool {
                let res = try await app.api(.GET, "/api/v1/alerts/re-detained", token: f.r.supervisor)
                #expect(res.status == .ok)
                return res.body.string.contains(p.uuidString)
            }
            #expect(try await alerted() == false)
            let priority = { () async throws -> Bool in
                try await app.api(.GET, "/api/v1/priority-queue?pageSize=100", token: f.r.caseworker).body.string.contains(p.uuidString)
            }
            #expect(try await priority() == false, "an approved alternative: not in the priority queue")
            // A stay in the community first, then re-detention at the centre.
            let shelter = try await app.api(.POST, "/api/v1/locations", token: try await app.token("admin"),
                                            json: #"{"type":"shelter","nameEn":"Community house","pcode":"LY0211","operatorId":"\#(f.provider.id!.uuidString)","latitude":32.88,"longitude":13.19}"#)
            struct Loc: Decodable { let id: UUID }
            let shelterID = try JSONDecoder().decode(Loc.self, from: shelter.body).id
            #expect(try await app.api(.POST, "/api/v1/persons/\(p)/stays", token: f.r.caseworker, json: #"{"locationId":"\#(shelterID)","reason":"placed"}"#).status == .noContent)
            // The case had been closed (contact lost): the re-detention reopens it, recorded in the closure history.
            let closed = try await CaseFileService(db: app.db, ctx: app.badil).fileFor(personID: p, on: app.db)
            closed.status = CaseStatus.closed.rawValue; closed.closedOn = f.today.description; closed.closureReason = "lost_contact"
            try await closed.save(on: app.db)
            let res = try await app.api(.POST, "/api/v1/persons/\(p)/incidents", token: f.r.caseworker,
                                        json: #"{"kind":"re_detained","occurredOn":"\#(f.today.description)","locationId":"\#(f.r.centre.id!.uuidString)"}"#)
            #expect(res.status == .created, "\(res.body.string)")
            #expect(try await CaseFileRecord.query(on: app.db).filter(\.$personID == p).first()?.status == "open")
            #expect(try await CaseClosureEventRecord.query(on: app.db).filter(\.$personID == p).filter(\.$action == "reopened").count() == 1)
            #expect(try await DecisionRecord.find(d.id, on: app.db)?.status == "reopened")
            #expect(try await alerted())
            #expect(try await priority(), "needs a decision again")
            let task = try #require(try await f.file(p).tasks.first { $0.kind == "new_decision" })
            #expect(task.mandatory && task.dueOn == f.today.addingDays(2).description && task.status == "open")
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "decision.reopened").count() == 1)
            let browser = Browser(app)
            _ = try await browser.signIn("supervisor")
            let home = try await browser.get("/?lang=en")
            #expect(home.body.string.contains("Re-detained, decision reopened"))
            let timeline = try await app.api(.GET, "/api/v1/persons/\(p)/timeline", token: f.r.caseworker)
            #expect(timeline.body.string.contains("Decision reopened after re-detention"))
        }
    }

    @Test("Caseload: open cases, overdue tasks and cases without contact per worker; unassigned cases")
    func caseload() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let a = try await f.person("Adam Musa"), b = try await f.person("Bilal Yusuf"), c = try await f.person("Chaka Obi")
            let worker = f.r.fx.users[.caseworker]!.id!
            #expect(try await f.assign(a, to: worker, version: 0).status == .ok)
            #expect(try await f.assign(b, to: worker, version: 0).status == .ok)
            #expect(try await f.post(c, "notes", #"{"text":"Opened"}"#).status == .created)
            #expect(try await f.post(a, "visits", #"{"kind":"office","visitedOn":"\#(f.today.description)","findings":"Fine"}"#).status == .created)
            #expect(try await f.post(b, "tasks", #"{"title":"Renew papers","dueOn":"\#(f.today.description)"}"#).status == .created)
            let silent = try #require(try await CaseFileRecord.query(on: app.db).filter(\.$personID == b).first())
            silent.openedOn = f.today.addingDays(-20).description
            try await silent.save(on: app.db)
            let t = try #require(try await CaseTaskRecord.query(on: app.db).filter(\.$personID == b).first())
            t.dueOn = f.today.addingDays(-1).description
            try await t.save(on: app.db)
            struct Load: Decodable {
                struct W: Decodable { let userId: UUID; let openCases: Int; let overdueTasks: Int; let casesWithoutContact: Int }
                struct C: Decodable { let personId: UUID }
                let noContactDays: Int; let workers: [W]; let unassigned: [C]; let withoutContact: [C]
            }
            let res = try await app.api(.GET, "/api/v1/caseload", token: f.r.supervisor)
            #expect(res.status == .ok, "\(res.body.string)")
            let load = try JSONDecoder().decode(Load.self, from: res.body)
            let w = try #require(load.workers.first { $0.userId == worker })
            #expect(load.noContactDays == 14 && w.openCases == 2 && w.overdueTasks == 1 && w.casesWithoutContact == 1)
            #expect(load.workers.first { $0.userId == f.otherUser.id }?.openCases == 0)
            #expect(load.unassigned.map(\.personId) == [c] && load.withoutContact.map(\.personId) == [b])
            let wide = try JSONDecoder().decode(Load.self, from: try await app.api(.GET, "/api/v1/caseload?noContactDays=30", token: f.r.supervisor).body)
            #expect(wide.withoutContact.isEmpty)
            #expect(try await app.api(.GET, "/api/v1/caseload?noContactDays=0", token: f.r.supervisor).status == .badRequest)
            #expect(try await app.api(.GET, "/api/v1/caseload", token: f.r.caseworker).status == .forbidden)
            let browser = Browser(app)
            _ = try await browser.signIn("supervisor")
            let page = try await browser.get("/caseload?lang=fr")
            #expect(page.status == .ok && page.body.string.contains("Dossiers ouverts sans référent"))
        }
    }

    @Test("The case page renders in Arabic with the case's data; a refused form shows its error and saves nothing")
    func webPage() async throws {
        try await TestApp.run { app in
            let f = try await CaseFixture.make(app)
            let p = try await f.person()
            #expect(try await f.post(p, "plan/goals", #"{"text":"Regularise the stay"}"#).status == .created)
            #expect(try await f.post(p, "visits", #"{"kind":"home","visitedOn":"\#(f.today.description)","findings":"Sleeping badly","wellbeingConcern":true}"#).status == .created)
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            let page = try await browser.get("/persons/\(p)/case?lang=ar")
            let html = page.body.string
            #expect(page.status == .ok)
            #expect(html.contains("dir=\"rtl\"") && html.contains("ملف الحالة") && html.contains("Regularise the stay") && html.contains("Sleeping badly"))
            #expect(html.contains("زيارة منزلية"), "the visit kind in Arabic")
            let future = f.today.addingDays(3).description
            let refused = try await browser.post("/persons/\(p)/case/visits?lang=ar", ["kind": "home", "visitedOn": future, "findings": "Future"])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("تاريخ الزيارة"), "the summary names the field")
            #expect(try await CaseVisitRecord.query(on: app.db).count() == 1)
            let saved = try await browser.post("/persons/\(p)/case/notes", ["text": "Called the family", "confidentiality": "restricted"])
            #expect(saved.status == .seeOther || saved.status == .found, "\(saved.status)")
            #expect(try await CaseNoteRecord.query(on: app.db).filter(\.$confidentiality == "restricted").count() == 1)
            let tasks = try await browser.get("/tasks?lang=ar")
            #expect(tasks.status == .ok && tasks.body.string.contains("مهامي"))
            #expect(try await browser.get("/caseload").status == .forbidden)
        }
    }
}
