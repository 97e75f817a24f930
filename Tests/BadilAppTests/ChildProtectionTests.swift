import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

@Suite("Child protection and family tracing")
struct ChildProtectionTests {
    struct ID: Decodable { let id: UUID; let version: Int? }
    struct Candidate: Decodable { struct P: Decodable { let personId: UUID }; let kind: String; let person: P; let requestId: UUID?; let score: Double }
    struct Match: Decodable { let id: UUID; let status: String; let version: Int }

    struct Fx {
        let r: RegistrationFixture
        var app: Application { r.app }
        var cw: String { r.caseworker }

        func person(_ json: String) async throws -> UUID {
            try #require(try await r.register(json)).people[0].person.id
        }
        func child(_ name: String = "Idriss Saleh") async throws -> UUID {
            try await person(#"{"nameLatin":"\#(name)","sex":"male","claimedAge":14,"nationality":"TCD"}"#)
        }
        func post(_ path: String, _ json: String, token: String? = nil, ifMatch: Int? = nil) async throws -> TestingHTTPResponse {
            try await app.api(.POST, path, token: token ?? cw, json: json, headers: ifMatch.map { [("If-Match", "\"\($0)\"")] } ?? [])
        }
        func id(_ res: TestingHTTPResponse) throws -> ID { try JSONDecoder().decode(ID.self, from: res.body) }
        var today: String { DayDate(app.badil.now).description }
        func bia(_ person: UUID, care: String = "family_based") async throws -> TestingHTTPResponse {
            try await post("/api/v1/persons/\(person)/bias", #"{"conductedOn":"\#(today)","trigger":"identification","childHeard":true,"childViews":"Wants to live with his mother","recommendation":"Reunify once verified","recommendedCare":"\#(care)"}"#)
        }
        func consent(_ person: UUID, child: Bool = true) async throws {
            let res = try await post("/api/v1/persons/\(person)/consents", #"{"purpose":"tracing","givenBy":"\#(child ? "guardian" : "self")"}"#)
            #expect(res.status == .created, "\(res.body.string)")
        }
        func request(_ person: UUID, _ name: String = "Fatma Adam", relationship: String = "mother", age: Int = 40) async throws -> TestingHTTPResponse {
            try await post("/api/v1/persons/\(person)/tracing-requests", #"{"soughtNameLatin":"\#(name)","relationship":"\#(relationship)","soughtApproxAge":\#(age),"lastKnownPlace":"Sabha"}"#)
        }
        /// A boy seeking his mother, who is registered in Arabic script; both consented to tracing.
        func childSeekingMother() async throws -> (child: UUID, mother: UUID, request: UUID) {
            let boy = try await self.child("Abakar Hassan")
            let mother = try await person(#"{"nameOriginal":"فاطمة آدم","sex":"female","claimedAge":41,"nationality":"TCD"}"#)
            try await consent(boy)
            try await consent(mother, child: false)
            return (boy, mother, try id(try await request(boy)).id)
        }
        func count<M: Model>(_ type: M.Type) async throws -> Int { try await M.query(on: app.db).count() }
        func audits(_ action: String) async throws -> Int { try await AuditEventRecord.query(on: app.db).filter(\.$action == action).count() }
    }

    static func panel(_ n: Int) -> String {
        (0..<n).map { #"{"name":"Member \#($0)","role":"Role \#($0)"}"# }.joined(separator: ",")
    }

    @Test("A BID without a panel or without a BIA is refused with nothing saved; a supervisor confirms a valid one")
    func determination() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let child = try await f.child()
            let body = { (n: Int) in #"{"decidedOn":"\#(f.today)","solution":"family_reunification","rationale":"Father found","panel":[\#(Self.panel(n))]}"# }
            let noBIA = try await f.post("/api/v1/persons/\(child)/bids", body(3))
            #expect(noBIA.status == .unprocessableEntity && noBIA.body.string.contains("bia_required"))
            #expect(try await f.bia(child).status == .created)
            for n in [0, 2] {
                let res = try await f.post("/api/v1/persons/\(child)/bids", body(n))
                #expect(res.status == .unprocessableEntity && res.body.string.contains("panel_required"), "\(res.body.string)")
            }
            let unknown = try await f.post("/api/v1/persons/\(child)/bids", #"{"decidedOn":"\#(f.today)","solution":"resettlement","rationale":"x","panel":[{"name":"A","role":"B","vote":1}]}"#)
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableEntity)
            #expect(try await f.count(ChildBIDRecord.self) == 0)
            #expect(try await f.audits("child_bid.recorded") == 0)

            let ok = try await f.post("/api/v1/persons/\(child)/bids", body(3))
            #expect(ok.status == .created, "\(ok.body.string)")
            let bid = try f.id(ok)
            #expect(try await f.post("/api/v1/child-bids/\(bid.id)/confirm", "{}", token: f.cw, ifMatch: 1).status == .forbidden)
            #expect(try await f.post("/api/v1/child-bids/\(bid.id)/confirm", "{}", token: f.r.supervisor, ifMatch: 7).status == .preconditionFailed)
            let confirmed = try await f.post("/api/v1/child-bids/\(bid.id)/confirm", "{}", token: f.r.supervisor, ifMatch: 1)
            #expect(confirmed.status == .ok && confirmed.body.string.contains(#""confirmedBy":"supervisor""#), "\(confirmed.body.string)")
            let list = try await app.api(.GET, "/api/v1/persons/\(child)/bids", token: f.cw)
            #expect(list.status == .ok && list.body.string.contains("Member 2"))
            #expect(try await f.audits("child_bid.list_read") == 1)
        }
    }

    @Test("An adult is refused 422 not_a_child; a person whose age is in doubt is on the child pathway")
    func notAChild() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let adult = try await f.person(#"{"nameLatin":"Musa Adam","sex":"male","claimedAge":30,"nationality":"SDN"}"#)
            let res = try await f.bia(adult)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("not_a_child"))
            let care = try await f.post("/api/v1/persons/\(adult)/care-arrangements", #"{"careType":"centre","caregiver":"X","startedOn":"\#(f.today)"}"#)
            #expect(care.status == .unprocessableEntity && care.body.string.contains("not_a_child"))
            #expect(try await f.count(ChildBIARecord.self) == 0)
            #expect(try await f.count(ChildCareRecord.self) == 0)
            let doubt = try await f.person(#"{"nameLatin":"Ali Hamid","sex":"male","claimedAge":19,"ageDisputed":true,"nationality":"SDN"}"#)
            #expect(try await f.bia(doubt).status == .created)
        }
    }

    @Test("A change of care ends the previous arrangement and makes a BIA due in 3 days; the next BIA completes it")
    func careChange() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let child = try await f.child()
            let yesterday = DayDate(app.badil.now).addingDays(-1).description
            let first = try await f.post("/api/v1/persons/\(child)/care-arrangements", #"{"careType":"interim_care","caregiver":"Centre A","startedOn":"\#(yesterday)"}"#)
            #expect(first.status == .created, "\(first.body.string)")
            let before = try await f.post("/api/v1/persons/\(child)/care-arrangements", #"{"careType":"foster_family","caregiver":"Family Z","startedOn":"2020-01-01"}"#)
            #expect(before.status == .unprocessableEntity && before.body.string.contains("before_current_care"))
            #expect(try await f.post("/api/v1/persons/\(child)/care-arrangements", #"{"careType":"foster_family","caregiver":"Family Z","startedOn":"\#(f.today)"}"#).status == .created)
            let rows = try await ChildCareRecord.query(on: app.db).filter(\.$personID == child).sort(\.$startedOn).all()
            #expect(rows.map(\.endedOn) == [f.today, nil])
            let tasks = try await CaseTaskRecord.query(on: app.db).filter(\.$personID == child).filter(\.$kind == "bia").all()
            #expect(tasks.count == 2 && tasks.allSatisfy { $0.mandatory && $0.status == "open" })
            #expect(tasks.contains { $0.dueOn == DayDate(app.badil.now).addingDays(3).description })
            #expect(try await f.bia(child, care: "foster_family").status == .created)
            let after = try await CaseTaskRecord.query(on: app.db).filter(\.$personID == child).filter(\.$kind == "bia").all()
            #expect(after.allSatisfy { $0.status == "done" })

            let g = try await f.post("/api/v1/persons/\(child)/guardians", #"{"name":"Mona Khalil","role":"appointed_guardian","appointedOn":"\#(f.today)"}"#)
            #expect(g.status == .created)
            let gid = try f.id(g).id
            #expect(try await f.post("/api/v1/child-guardians/\(gid)/end", #"{"endedOn":"\#(f.today)"}"#).status == .badRequest, "If-Match is required")
            #expect(try await f.post("/api/v1/child-guardians/\(gid)/end", #"{"endedOn":"\#(f.today)"}"#, ifMatch: 1).status == .ok)
        }
    }

    @Test("Tracing without consent is refused with nothing saved; a mother registered in Arabic script is a candidate")
    func tracingAcrossScripts() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let child = try await f.child("Abakar Hassan")
            let refused = try await f.request(child)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("tracing_consent_required"), "\(refused.body.string)")
            #expect(try await f.count(TracingRequestRecord.self) == 0)
            #expect(try await f.audits("tracing.requested") == 0)

            let mother = try await f.person(#"{"nameOriginal":"فاطمة آدم","sex":"female","claimedAge":41,"nationality":"TCD"}"#)
            let noConsent = try await f.person(#"{"nameOriginal":"فاطمه ادم","sex":"female","claimedAge":40,"nationality":"SDN"}"#)
            try await f.consent(child)
            try await f.consent(mother, child: false)
            let created = try await f.request(child)
            #expect(created.status == .created, "\(created.body.string)")
            let rid = try f.id(created).id
            let res = try await app.api(.GET, "/api/v1/tracing-requests/\(rid)/candidates", token: f.cw)
            #expect(res.status == .ok)
            let candidates = try JSONDecoder().decode([Candidate].self, from: res.body)
            #expect(candidates.map(\.person.personId) == [mother], "only people who consented to tracing: \(res.body.string)")
            #expect(try await f.audits("tracing.candidates_read") == 1)
            _ = noConsent

            // The mother seeks her son too: her request is proposed to his, and the list shows it.
            let back = try await f.request(mother, "Abakar Hasan", relationship: "child", age: 14)
            #expect(back.status == .created, "\(back.body.string)")
            let again = try JSONDecoder().decode([Candidate].self, from: try await app.api(.GET, "/api/v1/tracing-requests/\(rid)/candidates", token: f.cw).body)
            #expect(again.first?.kind == "request" && again.first?.person.personId == mother)
            let open = try await app.api(.GET, "/api/v1/tracing-requests", token: f.cw)
            #expect(open.status == .ok && open.body.string.contains(#""total":2"#), "\(open.body.string)")
        }
    }

    @Test("Reunification needs a verified match and, for a child, a BIA recommending family care; then it closes the request with a follow-up")
    func reunification() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let (child, mother, rid) = try await f.childSeekingMother()
            let reunify = #"{"reunifiedOn":"\#(f.today)","place":"Tripoli office"}"#
            let early = try await f.post("/api/v1/tracing-requests/\(rid)/reunification", reunify)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("verification_required"), "\(early.body.string)")
            #expect(try await f.count(ReunificationRecord.self) == 0)

            let taken = try await f.post("/api/v1/tracing-requests/\(rid)/matches", #"{"personId":"\#(mother)"}"#)
            #expect(taken.status == .created, "\(taken.body.string)")
            let match = try JSONDecoder().decode(Match.self, from: taken.body)
            #expect(try await f.post("/api/v1/tracing-requests/\(rid)/matches", #"{"personId":"\#(mother)"}"#).status != .created)
            let verifyBody = #"{"method":"interview","verifiedOn":"\#(f.today)","seekerWishes":true,"soughtWishes":true}"#
            let halfway = try await f.post("/api/v1/tracing-matches/\(match.id)/verify", #"{"method":"interview","verifiedOn":"\#(f.today)","seekerWishes":true}"#, ifMatch: match.version)
            #expect(halfway.status == .unprocessableEntity && halfway.body.string.contains("soughtWishes"))
            #expect(try await f.post("/api/v1/tracing-matches/\(match.id)/verify", verifyBody, ifMatch: match.version + 5).status == .preconditionFailed)
            #expect(try await f.post("/api/v1/tracing-matches/\(match.id)/verify", verifyBody, ifMatch: match.version).status == .ok)

            let noBIA = try await f.post("/api/v1/tracing-requests/\(rid)/reunification", reunify)
            #expect(noBIA.status == .unprocessableEntity && noBIA.body.string.contains("best_interests_check_required"))
            #expect(try await f.bia(child, care: "foster_family").status == .created)
            let stillNo = try await f.post("/api/v1/tracing-requests/\(rid)/reunification", reunify)
            #expect(stillNo.status == .unprocessableEntity && stillNo.body.string.contains("best_interests_check_required"))
            #expect(try await f.count(ReunificationRecord.self) == 0)
            #expect(try await TracingRequestRecord.find(rid, on: app.db)?.status == "open")

            #expect(try await f.bia(child, care: "family_based").status == .created)
            let done = try await f.post("/api/v1/tracing-requests/\(rid)/reunification", reunify)
            #expect(done.status == .created, "\(done.body.string)")
            #expect(try await TracingRequestRecord.find(rid, on: app.db)?.status == "reunified")
            let task = try #require(try await CaseTaskRecord.query(on: app.db).filter(\.$kind == "reunification_follow_up").first())
            #expect(task.personID == child && task.dueOn == DayDate(app.badil.now).addingDays(30).description && task.status == "open")
            #expect(try await f.post("/api/v1/tracing-requests/\(rid)/reunification", reunify).status == .conflict)

            let timeline = try await ChildTimeline.events(personID: child, by: try await DemoPeople.actor("caseworker", on: app.db), on: app.db)
            #expect(Set(timeline.map(\.kind)).isSuperset(of: ["bia", "tracing", "reunification"]))
        }
    }

    @Test("A rejected candidate is not proposed again")
    func rejected() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let (_, mother, rid) = try await f.childSeekingMother()
            let match = try JSONDecoder().decode(Match.self, from: try await f.post("/api/v1/tracing-requests/\(rid)/matches", #"{"personId":"\#(mother)"}"#).body)
            #expect(try await f.post("/api/v1/tracing-matches/\(match.id)/reject", "{}", ifMatch: match.version).status == .ok)
            let list = try JSONDecoder().decode([Candidate].self, from: try await app.api(.GET, "/api/v1/tracing-requests/\(rid)/candidates", token: f.cw).body)
            #expect(list.isEmpty)
            let verify = try await f.post("/api/v1/tracing-matches/\(match.id)/verify",
                                          #"{"method":"photo","verifiedOn":"\#(f.today)","seekerWishes":true,"soughtWishes":true}"#, ifMatch: match.version + 1)
            #expect(verify.status == .unprocessableEntity && verify.body.string.contains("match_not_proposed"))
        }
    }

    @Test("A request closes without reunification only with a reason and the version read; then it leaves the open list")
    func closeWithoutReunification() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let (_, _, rid) = try await f.childSeekingMother()
            let noReason = try await f.post("/api/v1/tracing-requests/\(rid)/close", #"{"reason":"  "}"#, ifMatch: 1)
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("\"reason\""))
            #expect(try await f.post("/api/v1/tracing-requests/\(rid)/close", #"{"reason":"Withdrawn"}"#).status == .badRequest, "If-Match required")
            #expect(try await f.post("/api/v1/tracing-requests/\(rid)/close", #"{"reason":"Withdrawn"}"#, ifMatch: 7).status == .preconditionFailed)
            #expect(try await TracingRequestRecord.find(rid, on: app.db)?.status == "open")
            let closed = try await f.post("/api/v1/tracing-requests/\(rid)/close", #"{"reason":"Mother found by ICRC in Niger"}"#, ifMatch: 1)
            #expect(closed.status == .ok, "\(closed.body.string)")
            #expect(closed.body.string.contains("\"status\":\"closed\"") && closed.body.string.contains("Mother found by ICRC"))
            #expect(try await f.post("/api/v1/tracing-requests/\(rid)/close", #"{"reason":"Again"}"#, ifMatch: 2).status == .conflict)
            let open = try await app.api(.GET, "/api/v1/tracing-requests", token: f.cw)
            #expect(!open.body.string.contains(rid.uuidString))
            #expect(try await f.audits("tracing.request_closed") == 1)
        }
    }

    @Test("Outside the scope everything answers 404 and nothing is written")
    func scope() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let arrival = try await app.api(.POST, "/api/v1/arrivals", token: f.cw,
                                            json: #"{"kind":"disembarkation","locationId":"\#(f.r.quay.id!.uuidString)","reportedCount":3}"#)
            let own = try #require(try await f.r.register(#"{"nameLatin":"Hawa Issa","sex":"female","claimedAge":12,"nationality":"TCD"}"#,
                                                          token: f.cw, arrival: try f.id(arrival).id)).people[0].person.id
            #expect(try await f.bia(own).status == .created)
            let social = try await app.token("social_worker")
            #expect(try await app.api(.GET, "/api/v1/persons/\(own)/bias", token: social).status == .notFound)
            #expect(try await f.post("/api/v1/persons/\(own)/care-arrangements", #"{"careType":"centre","caregiver":"X","startedOn":"\#(f.today)"}"#, token: social).status == .notFound)
            #expect(try await f.post("/api/v1/persons/\(own)/tracing-requests", #"{"soughtNameLatin":"A","relationship":"mother"}"#, token: social).status == .notFound)
            #expect(try await f.count(ChildCareRecord.self) == 0)
            let browser = Browser(app)
            _ = try await browser.signIn("social_worker")
            #expect(try await browser.get("/persons/\(own)/child").status == .notFound)
            let viewer = try await app.token("viewer")
            #expect(try await app.api(.GET, "/api/v1/persons/\(own)/bias", token: viewer).status == .forbidden)
        }
    }

    @Test("The child page renders in every language and redisplays a refused form translated")
    func web() async throws {
        try await TestApp.run { app in
            let f = Fx(r: try await RegistrationFixture.make(app))
            let child = try await f.child()
            #expect(try await f.bia(child).status == .created)
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            for lang in ["en", "fr", "ar"] {
                let page = try await browser.get("/persons/\(child)/child?lang=\(lang)")
                #expect(page.status == .ok, "\(lang) \(page.body.string.suffix(1500))")
                #expect(page.body.string.contains(#"action="/persons/\#(child)/child/bids""#))
            }
            let ar = try await browser.get("/persons/\(child)/child?lang=ar").body.string
            #expect(ar.contains(#"dir="rtl""#) && ar.contains("تقييمات المصلحة الفضلى"))
            let bad = try await browser.post("/persons/\(child)/child/bids?lang=fr", ["decidedOn": f.today, "solution": "resettlement", "rationale": "Raison",
                                                                                      "panel0Name": "Une personne", "panel0Role": "Présidente"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("au moins 3 membres") && bad.body.string.contains("Une personne"), "\(bad.body.string.prefix(300))")
            #expect(try await f.count(ChildBIDRecord.self) == 0)
            let fields = ["decidedOn": f.today, "solution": "resettlement", "rationale": "Raison", "panel0Name": "A", "panel0Role": "Chair",
                          "panel1Name": "B", "panel1Role": "Member", "panel2Name": "C", "panel2Role": "Member"]
            let ok = try await browser.post("/persons/\(child)/child/bids", fields)
            #expect(ok.status == .seeOther)
            #expect(try await f.count(ChildBIDRecord.self) == 1)
            let noConsent = try await browser.post("/persons/\(child)/child/tracing?lang=ar", ["soughtNameLatin": "Fatma Adam", "relationship": "mother"])
            #expect(noConsent.status == .unprocessableEntity && noConsent.body.string.contains("يتطلب البحث موافقة"))
            #expect(try await browser.get("/tracing?lang=fr").status == .ok)
            let home = try await browser.get("/").body.string
            #expect(home.contains("href=\"/tracing\""))
            #expect(try await f.post("/api/v1/persons/\(child)/care-arrangements", #"{"careType":"centre","caregiver":"Centre A","startedOn":"\#(f.today)"}"#).status == .created)
            let due = DayDate(app.badil.now).addingDays(3).description
            #expect(try await browser.get("/persons/\(child)/child?lang=en").body.string.contains("a best-interests assessment is due by \(due)"))
        }
    }
}
