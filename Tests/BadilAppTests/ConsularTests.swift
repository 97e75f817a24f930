import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

/// People of every kind the consular scope must tell apart, for the Embassy of Chad (test), country TCD.
struct ConsularFixture {
    let f: DecisionFixture
    let consular: String
    let embassy: UUID
    let other: UUID
    /// TCD, active consent to this embassy: the only one the embassy sees.
    let visible: UUID
    let noConsent: UUID
    let otherRecipient: UUID
    let withdrawn: UUID
    let protected: UUID
    let otherNationality: UUID
    var app: Application { f.app }

    static func make(_ app: Application, clock: TestClock) async throws -> ConsularFixture {
        let f = try await DecisionFixture.make(app, clock: clock)
        let other = try await AccountSetup.organization(named: "Embassy of Chad, second mission (test)", type: .embassy, country: "TCD",
                                                        on: app.db, ctx: app.badil)
        let ids = try await f.people("""
            {"nameLatin":"Visible Mahamat","sex":"male","claimedAge":30,"nationality":"TCD","languages":["ar","fr"]},\
            {"nameLatin":"Absent Nodjim","sex":"female","claimedAge":25,"nationality":"TCD"},\
            {"nameLatin":"Elsewhere Djibrine","sex":"male","claimedAge":40,"nationality":"TCD"},\
            {"nameLatin":"Withdrawn Achta","sex":"female","claimedAge":33,"nationality":"TCD"},\
            {"nameLatin":"Protected Haroun","sex":"male","claimedAge":28,"nationality":"TCD"},\
            {"nameLatin":"Foreign Ousmane","sex":"male","claimedAge":35,"nationality":"NER"}
            """)
        let embassy = f.r.fx.embassy.id!
        let x = ConsularFixture(f: f, consular: try await app.token("consular"), embassy: embassy, other: other.id!, visible: ids[0],
                                noConsent: ids[1], otherRecipient: ids[2], withdrawn: ids[3], protected: ids[4], otherNationality: ids[5])
        try await x.consent(x.visible, to: embassy)
        try await x.consent(x.otherRecipient, to: other.id!)
        let consent = try await x.consent(x.withdrawn, to: embassy)
        #expect(try await app.api(.POST, "/api/v1/consents/\(consent)/withdraw", token: f.r.caseworker).status == .ok)
        try await x.consent(x.protected, to: embassy)
        try await x.screen(x.protected, indicators: ["asylum_need"])
        try await x.consent(x.otherNationality, to: embassy)
        return x
    }

    @discardableResult
    func consent(_ person: UUID, to organization: UUID) async throws -> UUID {
        struct C: Decodable { let id: UUID }
        let res = try await app.api(.POST, "/api/v1/persons/\(person)/consents", token: f.r.caseworker,
                                    json: #"{"purpose":"consular_contact","recipientOrganizationId":"\#(organization)"}"#)
        #expect(res.status == .created, "\(res.body.string)")
        return try JSONDecoder().decode(C.self, from: res.body).id
    }

    /// A completed screening with the given manual indicators.
    func screen(_ person: UUID, indicators: [String]) async throws {
        let manual = indicators.map { "\"\($0)\"" }.joined(separator: ",")
        let res = try await app.api(.POST, "/api/v1/persons/\(person)/screenings", token: f.r.caseworker,
                                    json: #"{"answers":\#(f.answers()),"sections":\#(DecisionFixture.lowRisk),"manualIndicators":[\#(manual)],"complete":true}"#)
        #expect(res.status == .created, "\(res.body.string)")
    }

    func audited(_ action: String, _ person: UUID) async throws -> Int {
        try await AuditEventRecord.query(on: app.db).filter(\.$action == action).filter(\.$entityID == person.uuidString).count()
    }

    func written() async throws -> Int {
        try await NationalityVerificationRecord.query(on: app.db).count() + TravelDocumentRecord.query(on: app.db).count()
    }
}

@Suite("Consular portal")
struct ConsularTests {
    static func json(_ res: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any])
    }

    @Test("Scope matrix: only a national with active consent to this embassy and no protection flag exists")
    func scopeMatrix() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            // setup
            let x = try await ConsularFixture.make(app, clock: clock)
            // MUT
            let list = try await app.api(.GET, "/api/v1/consular/persons", token: x.consular)
            // validation
            #expect(list.status == .ok, "\(list.body.string)")
            let page = try Self.json(list)
            let items = try #require(page["items"] as? [[String: Any]])
            #expect(items.compactMap { $0["id"] as? String } == [x.visible.uuidString])
            #expect(page["total"] as? Int == 1)
            #expect(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.consular).status == .ok)
            let hidden: [(String, UUID)] = [("no consent", x.noConsent), ("consent to another organisation", x.otherRecipient),
                                            ("withdrawn consent", x.withdrawn), ("protection flag", x.protected),
                                            ("another nationality", x.otherNationality), ("no such person", UUID())]
            for (why, id) in hidden {
                #expect(try await app.api(.GET, "/api/v1/consular/persons/\(id)", token: x.consular).status == .notFound, "\(why)")
                #expect(!list.body.string.contains(id.uuidString), "\(why)")
            }
            #expect(try await x.audited("consular.person_read", x.visible) == 1)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "consular.list_read").count() == 1)
        }
    }

    @Test("A completed screening with a protection indicator hides a person who was visible; a later screening without one shows them again")
    func protectionFlagFollowsLatestScreening() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            for indicator in ["stateless", "trafficking_survivor", "torture_survivor"] {
                clock.advance(60)
                try await x.screen(x.visible, indicators: [indicator])
                #expect(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.consular).status == .notFound, "\(indicator)")
                clock.advance(60)
                try await x.screen(x.visible, indicators: ["pregnant"])
                #expect(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.consular).status == .ok, "\(indicator)")
            }
        }
    }

    @Test("Identity and document fields only: no case data in the consular answer")
    func identityOnly() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            try await x.screen(x.visible, indicators: ["pregnant"])
            let body = try Self.json(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.consular))
            #expect(Set(body.keys) == ["person", "verifications", "travelDocuments"])
            let person = try #require(body["person"] as? [String: Any])
            let allowed: Set<String> = ["id", "caseNumber", "nameOriginal", "nameLatin", "sex", "dateOfBirth", "dateOfBirthEstimated", "age",
                                        "nationality", "languages"]
            #expect(Set(person.keys).isSubset(of: allowed), "\(Set(person.keys).subtracting(allowed))")
            #expect(Set(person.keys).isSuperset(of: ["id", "caseNumber", "nameLatin", "sex", "age", "nationality", "languages"]))
            for forbidden in ["stays", "screening", "screenings", "decisions", "location", "locations", "referrals", "notes", "urgentNeeds",
                              "careStatus", "indicators", "arrivalId", "links", "consents"] {
                #expect(body[forbidden] == nil && person[forbidden] == nil, "\(forbidden)")
            }
            #expect(person["nameLatin"] as? String == "Visible Mahamat")
            #expect(person["nationality"] as? String == "TCD")
        }
    }

    @Test("The generic person routes stay closed to the consular role; caseworkers cannot use the consular routes")
    func genericRoutesClosed() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            for path in ["/api/v1/persons", "/api/v1/persons/\(x.visible)", "/api/v1/persons/\(x.visible)/consents",
                         "/api/v1/persons/\(x.visible)/decisions", "/api/v1/persons/\(x.visible)/referrals", "/api/v1/persons/\(x.visible)/screenings"] {
                let status = try await app.api(.GET, path, token: x.consular).status
                #expect(status == .forbidden || status == .notFound, "\(path): \(status)")
            }
            #expect(try await app.api(.GET, "/api/v1/consular/persons", token: x.f.r.caseworker).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.f.r.caseworker).status == .forbidden)
        }
    }

    @Test("Verification and travel document are recorded, shown and audited; bad input changes nothing")
    func actionsRecordedAndAudited() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            let today = x.f.today
            let v = try await app.api(.POST, "/api/v1/consular/persons/\(x.visible)/verifications", token: x.consular,
                                      json: #"{"outcome":"confirmed","verifiedOn":"\#(today)","note":"Civil registry N'Djamena"}"#)
            #expect(v.status == .created, "\(v.body.string)")
            let d = try await app.api(.POST, "/api/v1/consular/persons/\(x.visible)/travel-documents", token: x.consular,
                                      json: #"{"type":"emergency_travel_document","number":"ETD-0042","issuedOn":"\#(today)","validUntil":"\#(today.addingDays(30))"}"#)
            #expect(d.status == .created, "\(d.body.string)")
            #expect(try await x.audited("consular.nationality_verified", x.visible) == 1)
            #expect(try await x.audited("consular.travel_document_recorded", x.visible) == 1)
            let detail = try Self.json(try await app.api(.GET, "/api/v1/consular/persons/\(x.visible)", token: x.consular))
            #expect((detail["verifications"] as? [[String: Any]])?.first?["outcome"] as? String == "confirmed")
            #expect((detail["travelDocuments"] as? [[String: Any]])?.first?["number"] as? String == "ETD-0042")
            // Bad input: nothing written.
            let before = try await x.written()
            let bad: [(String, String)] = [
                ("verifications", #"{"outcome":"perhaps"}"#),
                ("verifications", #"{"outcome":"confirmed","verifiedOn":"\#(today.addingDays(1))"}"#),
                ("verifications", #"{"outcome":"confirmed","screening":"x"}"#),
                ("travel-documents", #"{"type":"passport","number":"P1","issuedOn":"\#(today)","validUntil":"\#(today)"}"#),
                ("travel-documents", #"{"type":"passport","issuedOn":"\#(today)","validUntil":"\#(today.addingDays(9))"}"#),
            ]
            for (path, body) in bad {
                let res = try await app.api(.POST, "/api/v1/consular/persons/\(x.visible)/\(path)", token: x.consular, json: body)
                #expect(res.status == .unprocessableEntity || res.status == .badRequest, "\(body): \(res.status)")
            }
            #expect(try await x.written() == before)
            // Another embassy of the same country does not see this one's records.
            #expect(try await NationalityVerificationRecord.query(on: app.db).filter(\.$organizationID == x.embassy).count() == 1)
        }
    }

    @Test("A consular action on a person outside the scope answers 404 and writes nothing")
    func actionOutsideScope() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            let today = x.f.today
            let auditBefore = try await AuditEventRecord.query(on: app.db).count()
            for id in [x.noConsent, x.otherRecipient, x.withdrawn, x.protected, x.otherNationality, UUID()] {
                let v = try await app.api(.POST, "/api/v1/consular/persons/\(id)/verifications", token: x.consular, json: #"{"outcome":"confirmed"}"#)
                #expect(v.status == .notFound)
                let d = try await app.api(.POST, "/api/v1/consular/persons/\(id)/travel-documents", token: x.consular,
                                          json: #"{"type":"passport","number":"P1","issuedOn":"\#(today)","validUntil":"\#(today.addingDays(365))"}"#)
                #expect(d.status == .notFound)
            }
            #expect(try await x.written() == 0)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action ~~ ["consular.nationality_verified", "consular.travel_document_recorded"]).count() == 0)
            #expect(try await AuditEventRecord.query(on: app.db).count() == auditBefore)
        }
    }

    @Test("An embassy outside the scope cannot advance a return pathway: 404, the steps stay as they were")
    func pathwayOutsideScope() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            // The protected person's return was started on a supervisor's reason; the embassy still does not see them.
            let start = try await app.api(.POST, "/api/v1/persons/\(x.protected)/return-pathway", token: x.f.r.supervisor,
                                          json: #"{"overrideReason":"Asylum claim withdrawn; UNHCR consulted"}"#)
            #expect(start.status == .created, "\(start.body.string)")
            let v = try await app.api(.POST, "/api/v1/consular/persons/\(x.protected)/verifications", token: x.consular, json: #"{"outcome":"confirmed"}"#)
            #expect(v.status == .notFound)
            let steps = try await ReturnStepRecord.query(on: app.db).filter(\.$personID == x.protected).all()
            #expect(steps.count == 8 && steps.allSatisfy { $0.status == "pending" })
            #expect(try await x.audited("return_step.advanced_by_embassy", x.protected) == 0)
        }
    }

    @Test("In the browser: the consular list, a person's page and the forms, in English, French and Arabic")
    func web() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let x = try await ConsularFixture.make(app, clock: clock)
            let browser = Browser(app)
            _ = try await browser.signIn("consular")
            for lang in ["en", "fr", "ar"] {
                let list = try await browser.get("/consular?lang=\(lang)")
                #expect(list.status == .ok, "\(lang)")
                #expect(list.body.string.contains("Visible Mahamat"))
                #expect(!list.body.string.contains("Absent Nodjim") && !list.body.string.contains("Protected Haroun"))
                #expect(list.body.string.contains(#"href="/consular""#))
                #expect(!list.body.string.contains(#"href="/persons""#))
                #expect(try await browser.get("/consular/persons/\(x.visible)?lang=\(lang)").status == .ok)
            }
            #expect(try await browser.get("/consular/persons/\(x.noConsent)").status == .notFound)
            #expect(try await browser.get("/persons/\(x.visible)").status == .forbidden)
            let refused = try await browser.post("/consular/persons/\(x.visible)/verifications", ["outcome": "", "verifiedOn": ""])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await x.written() == 0)
            let saved = try await browser.post("/consular/persons/\(x.visible)/verifications", ["outcome": "needs_interview", "note": "Come to the embassy"])
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(300))")
            let doc = try await browser.post("/consular/persons/\(x.visible)/travel-documents",
                                             ["type": "passport", "number": "TD123456", "issuedOn": x.f.today.description,
                                              "validUntil": x.f.today.addingDays(3650).description])
            #expect(doc.status == .seeOther)
            let page = try await browser.get("/consular/persons/\(x.visible)")
            #expect(page.body.string.contains("TD123456"))
            #expect(page.body.string.contains("Come to the embassy"))
            let outside = try await browser.post("/consular/persons/\(x.noConsent)/verifications", ["outcome": "confirmed"])
            #expect(outside.status == .notFound)
            #expect(try await x.written() == 2)
        }
    }
}
