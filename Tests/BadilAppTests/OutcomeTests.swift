import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

/// The consular fixture (a Chadian with consent to the embassy, a protected Chadian...) with outcome helpers.
struct OutcomeFixture {
    let x: ConsularFixture
    var app: Application { x.app }
    var caseworker: String { x.f.r.caseworker }
    var supervisor: String { x.f.r.supervisor }
    var today: DayDate { x.f.today }

    static func make(_ app: Application, clock: TestClock) async throws -> OutcomeFixture {
        OutcomeFixture(x: try await ConsularFixture.make(app, clock: clock))
    }

    static func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
    }

    static func codes(_ res: TestingHTTPResponse) -> [String] {
        let error = (try? json(res))?["error"] as? [String: Any]
        return (error?["fields"] as? [[String: Any]] ?? []).compactMap { f in (f["field"] as? String).map { "\($0):\(f["code"] as? String ?? "")" } }
    }

    func version(_ res: TestingHTTPResponse) -> String { res.headers.first(name: .eTag) ?? "" }

    /// Starts a pathway and sets counselling and informed consent to done; answers the pathway's ETag.
    func consentedPathway(_ person: UUID) async throws -> String {
        let start = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: caseworker, json: "{}")
        #expect(start.status == .created, "\(start.body.string)")
        var etag = version(start)
        for step in ["counselling", "informed_consent"] {
            let res = try await app.api(.PUT, "/api/v1/persons/\(person)/return-pathway/steps/\(step)", token: caseworker,
                                        json: #"{"status":"done"}"#, headers: [("If-Match", etag)])
            #expect(res.status == .ok, "\(res.body.string)")
            etag = version(res)
        }
        return etag
    }

    func steps(_ person: UUID) async throws -> [String: String] {
        let body = try Self.json(try await app.api(.GET, "/api/v1/persons/\(person)/return-pathway", token: caseworker))
        let current = try #require(body["current"] as? [String: Any])
        return Dictionary(uniqueKeysWithValues: (current["steps"] as? [[String: Any]] ?? []).map { ($0["step"] as! String, $0["status"] as! String) })
    }

    func closure(_ person: UUID, token: String? = nil) async throws -> [String: Any] {
        try Self.json(try await app.api(.GET, "/api/v1/persons/\(person)/closure", token: token ?? caseworker))
    }

    /// A mandatory task still open on the person's case.
    func openMandatoryTask(_ person: UUID) async throws {
        let t = CaseTaskRecord()
        t.id = UUID(); t.personID = person; t.kind = "follow_up"; t.title = "Home visit"; t.dueOn = today.description; t.mandatory = true
        t.status = CaseTaskStatus.open.rawValue; t.createdByID = x.f.r.fx.users[.caseworker]!.id!; t.createdAt = Date(); t.version = 1
        try await t.create(on: app.db)
    }

    func closureRows() async throws -> Int {
        try await CaseClosureEventRecord.query(on: app.db).count()
    }
}

@Suite("Outcomes: return pathway, outcome referrals, closure")
struct OutcomeTests {
    @Test("Closing with an open mandatory task and no override: 422 naming the field, nothing changed; with an override the closure waits for approval")
    func closureNeedsOverride() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            try await o.openMandatoryTask(person)
            let audits = try await AuditEventRecord.query(on: app.db).filter(\.$action == "closure.requested").count()
            let refused = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"lost_contact"}"#)
            #expect(refused.status == .unprocessableEntity)
            #expect(OutcomeFixture.codes(refused) == ["overrideReason:open_mandatory_tasks"])
            #expect(refused.body.string.contains("1 mandatory tasks are still open"))
            let other = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"other"}"#)
            #expect(OutcomeFixture.codes(other).contains("reasonText:required"))
            #expect(try await o.closureRows() == 0)
            #expect(try await CaseFileRecord.query(on: app.db).filter(\.$personID == person).first()?.status ?? "none" != "closure_pending")
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "closure.requested").count() == audits)
            let ok = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker,
                                       json: #"{"reason":"lost_contact","overrideReason":"No contact for 90 days despite three visits"}"#)
            #expect(ok.status == .created, "\(ok.body.string)")
            let body = try await o.closure(person)
            #expect(body["caseStatus"] as? String == "closure_pending")
            #expect(body["openMandatoryTasks"] as? Int == 1)
            let history = try #require(body["history"] as? [[String: Any]])
            #expect(history.first?["overrideReason"] as? String == "No contact for 90 days despite three visits")
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "closure.requested").count() == audits + 1)
            // A second request while one is pending is a conflict.
            let again = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"moved_on"}"#)
            #expect(again.status == .conflict)
        }
    }

    @Test("Approval: the caseworker cannot approve (403), the requester cannot approve their own request, a supervisor does; reopening is recorded")
    func approvalAndReopening() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            // "Returned" only once the return pathway's departure is done.
            let early = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"returned"}"#)
            #expect(early.status == .unprocessableEntity && early.body.string.contains("return_not_departed"))
            #expect(try await o.closureRows() == 0)
            let requested = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"regularised"}"#)
            #expect(requested.status == .created)
            let etag = o.version(requested)
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.caseworker, json: "{}",
                                      headers: [("If-Match", etag)]).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.supervisor, json: "{}").status == .badRequest)
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.supervisor, json: "{}",
                                      headers: [("If-Match", "\"99\"")]).status == .preconditionFailed)
            #expect(try await o.closure(person)["caseStatus"] as? String == "closure_pending")
            let approved = try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.supervisor, json: "{}", headers: [("If-Match", etag)])
            #expect(approved.status == .ok, "\(approved.body.string)")
            let closed = try OutcomeFixture.json(approved)
            #expect(closed["caseStatus"] as? String == "closed")
            #expect(closed["closureReason"] as? String == "regularised")
            #expect(closed["closedOn"] as? String == o.today.description)
            // A closed case takes no new return pathway or referral until it is reopened.
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: "{}").status == .conflict)
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/outcome-referrals", token: o.caseworker, json: #"{"kind":"regularisation"}"#).status == .conflict)
            #expect(try await ReturnPathwayRecord.query(on: app.db).count() == 0)
            // Reopen needs a reason; then the case is open again and the history keeps every step.
            let noReason = try await app.api(.POST, "/api/v1/persons/\(person)/closure/reopen", token: o.caseworker, json: "{}", headers: [("If-Match", o.version(approved))])
            #expect(noReason.status == .unprocessableEntity)
            #expect(OutcomeFixture.codes(noReason) == ["reason:required"])
            let reopened = try await app.api(.POST, "/api/v1/persons/\(person)/closure/reopen", token: o.caseworker,
                                             json: #"{"reason":"Came back to the shelter"}"#, headers: [("If-Match", o.version(approved))])
            #expect(reopened.status == .ok, "\(reopened.body.string)")
            let body = try await o.closure(person)
            #expect(body["caseStatus"] as? String == "open")
            #expect(body["closedOn"] == nil || body["closedOn"] is NSNull)
            #expect((body["history"] as? [[String: Any]])?.compactMap { $0["action"] as? String } == ["reopened", "approved", "requested"])
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "case.reopened").count() == 1)
            // A supervisor who asked for a closure cannot approve it.
            let own = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.supervisor, json: #"{"reason":"moved_on"}"#)
            #expect(own.status == .created)
            let selfApproval = try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.supervisor, json: "{}", headers: [("If-Match", o.version(own))])
            #expect(selfApproval.status == .conflict)
            #expect(selfApproval.body.string.contains("closure_self_approval"))
            #expect(try await o.closure(person)["caseStatus"] as? String == "closure_pending")
            // The inbox lists it for supervisors only.
            let inbox = try OutcomeFixture.json(try await app.api(.GET, "/api/v1/closures?status=pending", token: o.supervisor))
            #expect((inbox["items"] as? [[String: Any]])?.compactMap { $0["personId"] as? String } == [person.uuidString])
            #expect(try await app.api(.GET, "/api/v1/closures", token: o.caseworker).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/closures?status=maybe", token: o.supervisor).status == .badRequest)
            // Rejecting needs a reason and opens the case again.
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/closure/reject", token: o.supervisor, json: "{}",
                                      headers: [("If-Match", o.version(own))]).status == .conflict)
        }
    }

    @Test("The embassy's verification and travel document advance the pathway; the embassy never reaches the pathway itself")
    func embassyAdvancesPathway() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            _ = try await o.consentedPathway(person)
            let before = try #require(try await ReturnPathwayRecord.query(on: app.db).filter(\.$personID == person).first()).version
            for (outcome, expected) in [("needs_interview", "in_progress"), ("not_confirmed", "failed"), ("confirmed", "done")] {
                let v = try await app.api(.POST, "/api/v1/consular/persons/\(person)/verifications", token: o.x.consular, json: #"{"outcome":"\#(outcome)"}"#)
                #expect(v.status == .created)
                #expect(try await o.steps(person)["nationality_verification"] == expected, "\(outcome)")
            }
            #expect(try await o.steps(person)["travel_document"] == "pending")
            let d = try await app.api(.POST, "/api/v1/consular/persons/\(person)/travel-documents", token: o.x.consular,
                                      json: #"{"type":"laissez_passer","number":"LP-77","issuedOn":"\#(o.today)","validUntil":"\#(o.today.addingDays(60))"}"#)
            #expect(d.status == .created)
            let steps = try await o.steps(person)
            #expect(steps["travel_document"] == "done")
            #expect(steps["exit_visa"] == "pending")
            #expect(try await o.x.audited("return_step.advanced_by_embassy", person) == 4)
            let after = try #require(try await ReturnPathwayRecord.query(on: app.db).filter(\.$personID == person).first()).version
            #expect(after == before + 4)
            // The embassy: no person.read, so every pathway, referral and closure route is closed to it.
            for path in ["/api/v1/persons/\(person)/return-pathway", "/api/v1/persons/\(person)/outcome-referrals", "/api/v1/persons/\(person)/closure"] {
                #expect(try await app.api(.GET, path, token: o.x.consular).status == .forbidden, "\(path)")
            }
            // Detention officers read people in their centre, not where the case is heading.
            let officer = try await app.token("detention_officer")
            for path in ["/api/v1/persons/\(person)/return-pathway", "/api/v1/persons/\(person)/outcome-referrals", "/api/v1/persons/\(person)/closure"] {
                #expect(try await app.api(.GET, path, token: officer).status == .forbidden, "\(path)")
            }
            let detail = try await app.api(.GET, "/api/v1/consular/persons/\(person)", token: o.x.consular)
            #expect(!detail.body.string.contains("counselling") && !detail.body.string.contains("informed_consent"))
            // The consular page shows the embassy's two steps, nothing else of the pathway.
            let browser = Browser(app)
            _ = try await browser.signIn("consular")
            let page = try await browser.get("/consular/persons/\(person)").body.string
            #expect(page.contains("Nationality verification (embassy)") && page.contains("Travel document"))
            for hidden in ["Counselling", "Informed consent", "Exit visa", "Fit-to-travel", "Departure", "reintegration"] {
                #expect(!page.contains(hidden), "\(hidden)")
            }
            #expect(try await browser.get("/persons/\(person)/outcome").status == .forbidden)
        }
    }

    @Test("An embassy action without a pathway changes nothing of the return; a pathway started later carries the embassy's confirmation")
    func embassyBeforePathway() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            #expect(try await app.api(.POST, "/api/v1/consular/persons/\(person)/verifications", token: o.x.consular, json: #"{"outcome":"confirmed"}"#).status == .created)
            #expect(try await ReturnPathwayRecord.query(on: app.db).count() == 0)
            #expect(try await o.x.audited("return_step.advanced_by_embassy", person) == 0)
            _ = try await o.consentedPathway(person)
            #expect(try await o.steps(person)["nationality_verification"] == "done")
        }
    }

    @Test("Step rules over the API: consent before the embassy, departure last, If-Match required and checked; nothing changed on refusal")
    func stepRules() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            let start = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: "{}")
            let etag = o.version(start)
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: "{}").status == .conflict)
            let path = "/api/v1/persons/\(person)/return-pathway/steps"
            let early = try await app.api(.PUT, "\(path)/nationality_verification", token: o.caseworker, json: #"{"status":"in_progress"}"#, headers: [("If-Match", etag)])
            #expect(OutcomeFixture.codes(early) == ["status:informed_consent_required"])
            let departure = try await app.api(.PATCH, "\(path)/departure", token: o.caseworker, json: #"{"status":"done"}"#, headers: [("If-Match", etag)])
            #expect(OutcomeFixture.codes(departure) == ["status:earlier_steps_open"])
            let future = try await app.api(.PUT, "\(path)/counselling", token: o.caseworker, json: #"{"status":"done","on":"\#(o.today.addingDays(1))"}"#,
                                           headers: [("If-Match", etag)])
            #expect(OutcomeFixture.codes(future) == ["on:date_in_future"])
            #expect(try await app.api(.PUT, "\(path)/embassy", token: o.caseworker, json: #"{"status":"done"}"#, headers: [("If-Match", etag)]).status == .unprocessableEntity)
            #expect(try await app.api(.PUT, "\(path)/counselling", token: o.caseworker, json: #"{"status":"done"}"#).status == .badRequest)
            #expect(try await app.api(.PUT, "\(path)/counselling", token: o.caseworker, json: #"{"status":"done","extra":1}"#, headers: [("If-Match", etag)]).status == .badRequest)
            #expect(try await app.api(.PUT, "\(path)/counselling", token: o.caseworker, json: #"{"status":"done"}"#, headers: [("If-Match", "\"9\"")]).status == .preconditionFailed)
            #expect(try await o.steps(person).values.allSatisfy { $0 == "pending" })
            #expect(try await o.x.audited("return_step.updated", person) == 0)
            // Withdrawing needs a reason; afterwards the pathway is history and a new one can start.
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway/withdraw", token: o.caseworker, json: #"{"reason":" "}"#,
                                      headers: [("If-Match", etag)]).status == .unprocessableEntity)
            let withdrawn = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway/withdraw", token: o.caseworker,
                                              json: #"{"reason":"Changed their mind"}"#, headers: [("If-Match", etag)])
            #expect(withdrawn.status == .ok)
            let state = try OutcomeFixture.json(try await app.api(.GET, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker))
            #expect(state["current"] == nil || state["current"] is NSNull)
            #expect((state["withdrawn"] as? [[String: Any]])?.first?["withdrawReason"] as? String == "Changed their mind")
            #expect(try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: "{}").status == .created)
        }
    }

    @Test("Non-refoulement: a person with a protection flag starts a return only on a supervisor's reason; a UNHCR referral is fine")
    func protectionFlag() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.protected
            let refused = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: "{}")
            #expect(refused.status == .unprocessableEntity)
            #expect(OutcomeFixture.codes(refused) == ["overrideReason:protection_flag"])
            let notSupervisor = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.caseworker, json: #"{"overrideReason":"Wants to go"}"#)
            #expect(OutcomeFixture.codes(notSupervisor) == ["overrideReason:override_supervisor_only"])
            #expect(try await ReturnPathwayRecord.query(on: app.db).count() == 0)
            let referral = try await app.api(.POST, "/api/v1/persons/\(person)/outcome-referrals", token: o.caseworker,
                                             json: #"{"kind":"unhcr_resettlement","organization":"UNHCR Libya"}"#)
            #expect(referral.status == .created, "\(referral.body.string)")
            let id = try #require(try OutcomeFixture.json(referral)["id"] as? String)
            let bad = try await app.api(.PATCH, "/api/v1/outcome-referrals/\(id)", token: o.caseworker, json: #"{"status":"completed"}"#, headers: [("If-Match", "\"1\"")])
            #expect(OutcomeFixture.codes(bad) == ["status:outcome_transition_invalid"])
            let accepted = try await app.api(.PATCH, "/api/v1/outcome-referrals/\(id)", token: o.caseworker, json: #"{"status":"accepted"}"#, headers: [("If-Match", "\"1\"")])
            #expect(accepted.status == .ok)
            #expect(try OutcomeFixture.json(accepted)["status"] as? String == "accepted")
            let started = try await app.api(.POST, "/api/v1/persons/\(person)/return-pathway", token: o.supervisor,
                                            json: #"{"overrideReason":"Asylum claim withdrawn in writing; UNHCR consulted"}"#)
            #expect(started.status == .created, "\(started.body.string)")
            #expect(try OutcomeFixture.json(started)["overrideReason"] as? String == "Asylum claim withdrawn in writing; UNHCR consulted")
        }
    }

    @Test("A child needs a best-interests determination deciding return, or a supervisor's reason")
    func childNeedsBID() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let child = try await o.x.f.people(#"{"nameLatin":"Young Adoum","sex":"male","claimedAge":15,"nationality":"TCD"}"#)[0]
            let refused = try await app.api(.POST, "/api/v1/persons/\(child)/return-pathway", token: o.caseworker, json: "{}")
            #expect(OutcomeFixture.codes(refused) == ["overrideReason:child_bid_required"])
            let started = try await app.api(.POST, "/api/v1/persons/\(child)/return-pathway", token: o.supervisor, json: #"{"overrideReason":"Parents traced in Abéché"}"#)
            #expect(started.status == .created)
        }
    }

    @Test("The outcome page in English, French and Arabic; a refused form comes back with its errors; the closures inbox")
    func web() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            _ = try await o.consentedPathway(person)
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            for lang in ["en", "fr", "ar"] {
                let page = try await browser.get("/persons/\(person)/outcome?lang=\(lang)")
                #expect(page.status == .ok, "\(lang)")
                #expect(page.body.string.contains("Visible Mahamat"))
            }
            let ar = try await browser.get("/persons/\(person)/outcome?lang=ar").body.string
            #expect(ar.contains(#"dir="rtl""#) && ar.contains("العودة الإنسانية الطوعية") && ar.contains("الموافقة المستنيرة"))
            _ = try await browser.get("/persons/\(person)/outcome?lang=en")
            let refused = try await browser.post("/persons/\(person)/outcome/closure", ["reason": "other", "reasonText": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("This field is required"))
            #expect(try await o.closureRows() == 0)
            let saved = try await browser.post("/persons/\(person)/outcome/closure", ["reason": "resettled"])
            #expect(saved.status == .seeOther)
            let referral = try await browser.post("/persons/\(person)/outcome/referrals", ["kind": "family_reunification", "organization": "ICRC"])
            #expect(referral.status == .seeOther)
            let shown = try await browser.get("/persons/\(person)/outcome").body.string
            #expect(shown.contains("Closure awaiting approval") && shown.contains("Family reunification") && shown.contains("ICRC"))
            #expect(!shown.contains("/closure/approve"))
            let supervisor = Browser(app)
            _ = try await supervisor.signIn("supervisor")
            let inbox = try await supervisor.get("/closures?lang=fr")
            #expect(inbox.status == .ok)
            #expect(inbox.body.string.contains("Visible Mahamat"))
            #expect(try await browser.get("/closures").status == .forbidden)
            let version = try #require(try await CaseFileRecord.query(on: app.db).filter(\.$personID == person).first()).version
            let stale = try await supervisor.post("/persons/\(person)/outcome/closure/approve", ["version": String(version + 5)])
            #expect(stale.status == .preconditionFailed)
            let approved = try await supervisor.post("/persons/\(person)/outcome/closure/approve", ["version": String(version)])
            #expect(approved.status == .seeOther)
            #expect(try await CaseFileRecord.query(on: app.db).filter(\.$personID == person).first()?.status == "closed")
        }
    }

    @Test("The timeline names return steps, outcome referrals, closure and reopening")
    func timeline() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let o = try await OutcomeFixture.make(app, clock: clock)
            let person = o.x.visible
            _ = try await o.consentedPathway(person)
            _ = try await app.api(.POST, "/api/v1/persons/\(person)/outcome-referrals", token: o.caseworker, json: #"{"kind":"regularisation"}"#)
            let requested = try await app.api(.POST, "/api/v1/persons/\(person)/closure", token: o.caseworker, json: #"{"reason":"regularised"}"#)
            let approved = try await app.api(.POST, "/api/v1/persons/\(person)/closure/approve", token: o.supervisor, json: "{}", headers: [("If-Match", o.version(requested))])
            _ = try await app.api(.POST, "/api/v1/persons/\(person)/closure/reopen", token: o.caseworker, json: #"{"reason":"New facts"}"#,
                                  headers: [("If-Match", o.version(approved))])
            let actor = try await DemoPeople.actor("caseworker", on: app.db)
            let events = try await OutcomeTimeline.events(personID: person, by: actor, on: app.db)
            #expect(Set(events.map(\.kind)) == ["return_step", "outcome", "closure", "reopening"])
            #expect(events.contains { $0.titleKey == "return_step.informed_consent" })
            #expect(events.contains { $0.titleKey == "closure.timeline.approved" && $0.detailKey == "closure_reason.regularised" })
            let consular = try await DemoPeople.actor("consular", on: app.db)
            #expect(try await OutcomeTimeline.events(personID: person, by: consular, on: app.db).isEmpty)
        }
    }
}
