import Fluent
import Foundation
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

struct RegistrationFixture {
    let app: Application
    let fx: Fixtures
    let coast: String
    let caseworker: String
    let supervisor: String
    let arrivalID: UUID
    let quay: LocationRecord
    let centre: LocationRecord

    static func make(_ app: Application) async throws -> RegistrationFixture {
        let fx = try await Fixtures.make(app)
        let admin = try await app.token("admin")
        struct Loc: Decodable { let id: UUID }
        func location(_ json: String) async throws -> UUID {
            let res = try await app.api(.POST, "/api/v1/locations", token: admin, json: json)
            #expect(res.status == .created, "\(res.body.string)")
            return try JSONDecoder().decode(Loc.self, from: res.body).id
        }
        let coastOrg = try #require(try await OrganizationRecord.query(on: app.db).filter(\.$type == "coast_guard").first())
        let dcim = try #require(try await OrganizationRecord.query(on: app.db).filter(\.$type == "detention_authority").first())
        let quayID = try await location(#"{"type":"disembarkation_point","nameEn":"Test quay","pcode":"LY0211","operatorId":"\#(coastOrg.id!.uuidString)"}"#)
        let centreID = try await location(#"{"type":"detention_centre","nameEn":"Test detention centre","pcode":"LY0214","operatorId":"\#(dcim.id!.uuidString)"}"#)
        let coast = try await app.token("coast_guard")
        let res = try await app.api(.POST, "/api/v1/arrivals", token: coast, json: #"{"kind":"disembarkation","locationId":"\#(quayID.uuidString)","reportedCount":40}"#)
        #expect(res.status == .created, "\(res.body.string)")
        let arrival = try JSONDecoder().decode(Loc.self, from: res.body).id
        return RegistrationFixture(app: app, fx: fx, coast: coast, caseworker: try await app.token("caseworker"),
                                   supervisor: try await app.token("supervisor"), arrivalID: arrival,
                                   quay: try #require(try await LocationRecord.find(quayID, on: app.db)),
                                   centre: try #require(try await LocationRecord.find(centreID, on: app.db)))
    }

    struct Batch: Decodable {
        struct Item: Decodable {
            struct P: Decodable { let id: UUID; let caseNumber: String; let isChild: Bool; let careStatus: String? }
            struct C: Decodable { let personId: UUID?; let visible: Bool; let score: Double; let reasons: [R] }
            struct R: Decodable { let code: String; let message: String }
            let person: P
            let candidates: [C]
        }
        let registered: Int
        let people: [Item]
    }

    @discardableResult
    func register(_ rows: String, token: String? = nil, arrival: UUID? = nil, expect status: HTTPStatus = .created) async throws -> Batch? {
        let res = try await app.api(.POST, "/api/v1/arrivals/\((arrival ?? arrivalID).uuidString)/registrations", token: token ?? coast, json: #"{"rows":[\#(rows)]}"#)
        #expect(res.status == status, "\(res.body.string.prefix(600))")
        return status == .created ? try JSONDecoder().decode(Batch.self, from: res.body) : nil
    }
}

@Suite("Registration at disembarkation and detention intake")
struct RegistrationTests {
    @Test("A family is registered in one batch: case numbers, first stay, links both ways, child pathway")
    func familyBatch() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register("""
                {"ref":"mum","nameOriginal":"فاطمة عبد الله","nameLatin":"Fatima Abdallah","sex":"female","claimedAge":31,"nationality":"SDN","languages":["ar"],"urgentNeeds":["pregnant"]},
                {"ref":"girl","nameLatin":"Aya Abdallah","sex":"female","claimedAge":7,"nationality":"SDN","links":[{"ref":"mum","relationship":"mother"}]},
                {"ref":"boy","nameOriginal":"آدم يحيى","sex":"male","claimedAge":15,"nationality":"SDN"},
                {"ref":"nephew","nameLatin":"Hamza Idriss","sex":"male","claimedAge":14,"nationality":"TCD","links":[{"ref":"uncle","relationship":"other_relative"}]},
                {"ref":"uncle","nameLatin":"Idriss Abakar","sex":"male","claimedAge":34,"nationality":"TCD"}
                """))
            #expect(batch.registered == 5)
            let numbers = batch.people.map(\.person.caseNumber)
            let year = DayDate(Date()).year
            #expect(numbers == (1...5).map { "LBY-TRP-\(year)-00000\($0)" })
            let status = Dictionary(uniqueKeysWithValues: batch.people.map { ($0.person.caseNumber, ($0.person.isChild, $0.person.careStatus)) })
            #expect(status[numbers[0]]! == (false, nil))
            #expect(status[numbers[1]]! == (true, "accompanied"))
            #expect(status[numbers[2]]! == (true, "unaccompanied"))
            #expect(status[numbers[3]]! == (true, "separated"))
            // The mother's record shows her child; every person has one open stay at the quay.
            let mother = batch.people[0].person.id
            let links = try await PersonLinkRecord.query(on: app.db).filter(\.$personID == mother).all()
            #expect(links.map(\.relationship) == ["child"])
            let stays = try await StayRecord.query(on: app.db).filter(\.$endedAt == nil).all()
            #expect(stays.count == 5 && stays.allSatisfy { $0.$location.id == r.quay.id })
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "person.registered").count() == 5)
        }
    }

    @Test("One bad row refuses the whole batch, naming row and field; nothing is saved")
    func atomicBatch() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let res = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/registrations", token: r.coast, json: """
                {"rows":[{"nameLatin":"Good Row","sex":"male","claimedAge":30},
                         {"nameLatin":"","nameOriginal":"","sex":"male","dateOfBirth":"2099-01-01"},
                         {"nameLatin":"Old","sex":"female","claimedAge":121,"nationality":"ZZZ","languages":["zz"]},
                         {"nameLatin":"Linked","sex":"female","links":[{"ref":"nobody","relationship":"mother"},{"personId":"\(UUID().uuidString)","relationship":"sibling"}]}]}
                """)
            #expect(res.status == .unprocessableEntity)
            let body = res.body.string
            for field in ["rows.1.nameOriginal", "rows.1.dateOfBirth", "rows.2.claimedAge", "rows.2.nationality", "rows.2.languages",
                          "rows.3.links.0.ref", "rows.3.links.1.personId"] {
                #expect(body.contains("\"field\":\"\(field)\""), "\(field) in \(body)")
            }
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
            #expect(try await CaseSequenceRecord.query(on: app.db).count() == 0)
            let unknown = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/registrations", token: r.coast,
                                            json: #"{"rows":[{"nameLatin":"X","sex":"male","isChild":false}]}"#)
            #expect(unknown.status == .badRequest)
            #expect(unknown.body.string.contains("rows.0.isChild"))
            let rows = (0..<1001).map { _ in #"{"nameLatin":"Same Name","sex":"male"}"# }.joined(separator: ",")
            let tooMany = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/registrations", token: r.coast, json: #"{"rows":[\#(rows)]}"#)
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.body.string.contains("too_many_rows"))
            #expect(try await PersonRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("A group link may only point at someone on the same arrival whom the registrar can see")
    func linksStayInTheArrival() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let first = try #require(try await r.register(#"{"nameLatin":"Someone Earlier","sex":"female","claimedAge":40}"#))
            struct A: Decodable { let id: UUID }
            let other = try JSONDecoder().decode(A.self, from: try await app.api(.POST, "/api/v1/arrivals", token: r.coast,
                json: #"{"kind":"disembarkation","locationId":"\#(r.quay.id!.uuidString)"}"#).body).id
            try await r.register(#"{"nameLatin":"Child Elsewhere","sex":"male","claimedAge":6,"links":[{"personId":"\#(first.people[0].person.id.uuidString)","relationship":"mother"}]}"#,
                                 arrival: other, expect: .unprocessableEntity)
            let ok = try #require(try await r.register(#"{"nameLatin":"Child Here","sex":"male","claimedAge":6,"links":[{"personId":"\#(first.people[0].person.id.uuidString)","relationship":"mother"}]}"#))
            #expect(ok.people[0].person.careStatus == "accompanied")
        }
    }

    @Test("Case numbers stay unique under concurrent registration")
    func concurrentCaseNumbers() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let results = try await withThrowingTaskGroup(of: [String].self) { group in
                for i in 0..<8 {
                    group.addTask {
                        let batch = try await r.register((0..<5).map { #"{"nameLatin":"Parallel \#(i) \#($0)","sex":"male","claimedAge":30}"# }.joined(separator: ","))
                        return batch?.people.map(\.person.caseNumber) ?? []
                    }
                }
                return try await group.reduce(into: [String]()) { $0 += $1 }
            }
            #expect(results.count == 40)
            #expect(Set(results).count == 40)
            let sequences = results.compactMap { Int($0.split(separator: "-").last!) }.sorted()
            #expect(sequences == Array(1...40))
        }
    }

    @Test("The same person registered again in Arabic script is caught, with reasons")
    func crossScriptDuplicate() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            try await r.register(#"{"nameLatin":"Mohamed Abderrahmane","sex":"male","claimedAge":29,"nationality":"SDN"}"#)
            let check = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/duplicate-check", token: r.caseworker,
                                          json: #"{"nameOriginal":"محمد عبد الرحمن","sex":"male","claimedAge":30,"nationality":"SDN"}"#)
            #expect(check.status == .ok)
            #expect(check.body.string.contains("same_name_transliterated") || check.body.string.contains("similar_name"), "\(check.body.string)")
            #expect(check.body.string.contains("LBY-TRP-"))
            // Registering saves the pair for review.
            let second = try #require(try await r.register(#"{"nameOriginal":"محمد عبد الرحمن","sex":"male","claimedAge":30,"nationality":"SDN"}"#))
            #expect(second.people[0].candidates.count == 1)
            #expect(try await DuplicatePairRecord.query(on: app.db).filter(\.$status == "proposed").count() == 1)
            // A different person with a similar name is not proposed.
            let third = try #require(try await r.register(#"{"nameLatin":"Mahmoud Abdelrahim","sex":"male","claimedAge":55,"nationality":"EGY"}"#))
            #expect(third.people[0].candidates.isEmpty)
        }
    }

    @Test("Review: same person merges (the later record redirects), a supervisor can undo it; different people are never proposed again")
    func reviewQueue() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let a = try #require(try await r.register(#"{"nameLatin":"Adam Yahya","sex":"male","claimedAge":15,"nationality":"SDN"}"#))
            let b = try #require(try await r.register(#"{"nameOriginal":"ادم يحي","nameLatin":"Adam Yehia","sex":"male","claimedAge":15,"nationality":"SDN"}"#))
            struct Page: Decodable { struct Pair: Decodable { let id: UUID; let status: String }; let items: [Pair] }
            let queue = try JSONDecoder().decode(Page.self, from: try await app.api(.GET, "/api/v1/duplicates", token: r.caseworker).body)
            #expect(queue.items.count == 1)
            let pairID = queue.items[0].id
            let bad = try await app.api(.POST, "/api/v1/duplicates/\(pairID.uuidString)/decision", token: r.caseworker, json: #"{"decision":"maybe"}"#)
            #expect(bad.status == .unprocessableEntity)
            #expect(try await app.api(.POST, "/api/v1/duplicates/\(pairID.uuidString)/decision", token: r.caseworker, json: #"{"decision":"same"}"#).status == .ok)
            // The later record now opens the earlier one.
            let later = b.people[0].person.id.uuidString
            let opened = try await app.api(.GET, "/api/v1/persons/\(later)", token: r.caseworker)
            #expect(opened.status == .ok)
            #expect(opened.body.string.contains(a.people[0].person.caseNumber))
            #expect(opened.body.string.contains(b.people[0].person.caseNumber), "merged case numbers listed")
            let search = try await app.api(.GET, "/api/v1/persons?q=Adam", token: r.caseworker)
            #expect(!search.body.string.contains(b.people[0].person.caseNumber), "merged records leave the search")
            #expect(try await app.api(.POST, "/api/v1/duplicates/\(pairID.uuidString)/decision", token: r.caseworker, json: #"{"decision":"different"}"#).status == .conflict)
            #expect(try await app.api(.POST, "/api/v1/duplicates/\(pairID.uuidString)/unmerge", token: r.caseworker).status == .forbidden)
            #expect(try await app.api(.POST, "/api/v1/duplicates/\(pairID.uuidString)/unmerge", token: r.supervisor).status == .noContent)
            #expect(try await PersonRecord.query(on: app.db).filter(\.$mergedIntoID != nil).count() == 0)
            // Marked different: the sweep does not propose it again.
            _ = try await app.api(.POST, "/api/v1/duplicates/sweep", token: r.caseworker)
            #expect(try await DuplicatePairRecord.query(on: app.db).count() == 1)
            #expect(try await DuplicatePairRecord.query(on: app.db).first()?.status == "different")
            let actions = Set(try await AuditEventRecord.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: ["person.merged", "person.unmerged", "duplicate.decided_same"]))
        }
    }

    @Test("A child moved into detention raises the alert; days in detention come from the stays")
    func childInDetention() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register(#"{"nameLatin":"Abakar Hassan","sex":"male","claimedAge":16,"nationality":"TCD"},{"nameLatin":"Grown Man","sex":"male","claimedAge":40}"#))
            for p in batch.people {
                let moved = try await app.api(.POST, "/api/v1/persons/\(p.person.id.uuidString)/stays", token: r.coast,
                                              json: #"{"locationId":"\#(r.centre.id!.uuidString)","reason":"handed over to DCIM"}"#)
                #expect(moved.status == .noContent, "\(moved.body.string)")
            }
            clock.advance(3 * 86400 + 60)
            let caseworker = try await app.token("caseworker")   // the earlier token has expired meanwhile
            struct Alert: Decodable { struct I: Decodable { let caseNumber: String; let days: Int }; let total: Int; let items: [I] }
            let alert = try JSONDecoder().decode(Alert.self, from: try await app.api(.GET, "/api/v1/alerts/children-in-detention", token: caseworker).body)
            #expect(alert.total == 1)
            #expect(alert.items.first?.caseNumber == batch.people[0].person.caseNumber)
            #expect(alert.items.first?.days == 3)
            let browser = Browser(app)
            _ = try await browser.signIn("supervisor")
            let home = try await browser.get("/?lang=ar").body.string
            #expect(home.contains("alert-urgent"))
            #expect(home.contains(batch.people[0].person.caseNumber))
            struct Detail: Decodable { let daysInDetention: Int }
            #expect(try JSONDecoder().decode(Detail.self, from: try await app.api(.GET, "/api/v1/persons/\(batch.people[0].person.id.uuidString)", token: caseworker).body).daysInDetention == 3)
            // Correcting the claimed age to an adult's ends the alert.
            let id = batch.people[0].person.id.uuidString
            let corrected = try await app.api(.PATCH, "/api/v1/persons/\(id)", token: caseworker, json: #"{"claimedAge":19}"#, headers: [("If-Match", "*")])
            #expect(corrected.status == .ok, "\(corrected.body.string)")
            let after = try JSONDecoder().decode(Alert.self, from: try await app.api(.GET, "/api/v1/alerts/children-in-detention", token: caseworker).body)
            #expect(after.total == 0)
        }
    }

    @Test("Scope: registrars see their own, consular officers not through the person routes, detention officers their centres")
    func scope() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register(#"{"nameLatin":"Scoped Person","sex":"female","claimedAge":30,"nationality":"TCD"}"#))
            let id = batch.people[0].person.id.uuidString
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: r.coast).status == .forbidden, "the coast guard cannot read records")
            let consular = try await app.token("consular")
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: consular).status == .forbidden, "embassies use the consular routes")
            let officer = try await app.token("detention_officer")
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: officer).status == .notFound, "not in a DCIM centre yet")
            _ = try await app.api(.POST, "/api/v1/persons/\(id)/stays", token: r.coast, json: #"{"locationId":"\#(r.centre.id!.uuidString)","reason":"intake"}"#)
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: officer).status == .ok)
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: r.caseworker).status == .ok, "authority registrations go to protection teams")
            let facility = try await app.token("facility_operator")
            #expect(try await app.api(.GET, "/api/v1/persons/\(id)", token: facility).status == .notFound)
            // Another registrar's arrival is not theirs to register on.
            let social = try await app.token("social_worker")
            #expect(try await app.api(.GET, "/api/v1/arrivals/\(r.arrivalID.uuidString)", token: social).status == .forbidden)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "person.read").count() == 2)
        }
    }

    @Test("Search finds a Latin registration by its Arabic spelling, by case number and by filters")
    func search() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register("""
                {"nameLatin":"Youssef Ibrahim","sex":"male","claimedAge":24,"nationality":"SDN"},
                {"nameLatin":"Khadidja Mahamat","sex":"female","claimedAge":12,"nationality":"TCD"}
                """))
            struct Page: Decodable { struct P: Decodable { let caseNumber: String }; let items: [P]; let total: Int }
            func find(_ q: String) async throws -> [String] {
                let res = try await app.api(.GET, "/api/v1/persons?" + q, token: r.caseworker)
                #expect(res.status == .ok, "\(q): \(res.body.string)")
                return try JSONDecoder().decode(Page.self, from: res.body).items.map(\.caseNumber)
            }
            let youssef = batch.people[0].person.caseNumber
            #expect(try await find("q=" + "يوسف".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!).contains(youssef))
            #expect(try await find("q=Yusuf").contains(youssef))
            #expect(try await find("q=\(youssef)") == [youssef])
            #expect(try await find("ageGroup=child") == [batch.people[1].person.caseNumber])
            #expect(try await find("nationality=SDN&sex=male") == [youssef])
            #expect(try await find("care=unaccompanied") == [batch.people[1].person.caseNumber])
            #expect(try await app.api(.GET, "/api/v1/persons?ageGroup=teen", token: r.caseworker).status == .badRequest)
        }
    }

    @Test("Correcting a name keeps the earlier one in the history and makes the new one searchable; stale versions are refused")
    func nameCorrection() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let batch = try #require(try await r.register(#"{"nameLatin":"Abdulahi Garba","sex":"male","claimedAge":27,"nationality":"NER"}"#))
            let id = batch.people[0].person.id
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            _ = try await browser.get("/persons/\(id.uuidString)")
            let ok = try await browser.post("/persons/\(id.uuidString)/identity", ["nameLatin": "Abdoulaye Garba", "nameOriginal": "عبد الله قاربا",
                                                                               "sex": "male", "nationality": "NER", "version": "1"])
            #expect(ok.status == .seeOther)
            let history = try await PersonNameHistoryRecord.query(on: app.db).filter(\.$personID == id).sort(\.$recordedAt).all()
            #expect(history.map(\.nameLatin) == ["Abdulahi Garba", "Abdoulaye Garba"])
            #expect(history.last?.reason == "correction")
            let found = try await app.api(.GET, "/api/v1/persons?q=" + "عبد الله".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!, token: r.caseworker)
            #expect(found.body.string.contains(batch.people[0].person.caseNumber))
            _ = try await browser.get("/persons/\(id.uuidString)")
            let stale = try await browser.post("/persons/\(id.uuidString)/identity", ["nameLatin": "Someone Else", "sex": "male", "nationality": "NER", "version": "1"])
            #expect(stale.status == .preconditionFailed)
            #expect(try await PersonRecord.find(id, on: app.db)?.nameLatin == "Abdoulaye Garba")
            let events = try await AuditEventRecord.query(on: app.db).filter(\.$action == "person.updated").all()
            #expect(events.count == 1 && events[0].fields.contains("nameLatin") && !events[0].fields.contains("Abdoulaye"))
        }
    }

    @Test("The rapid web form: saves, keeps the arrival for the next person, warns about duplicates first")
    func rapidForm() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let browser = Browser(app)
            _ = try await browser.signIn("coast_guard")
            let home = try await browser.get("/").body.string
            #expect(home.contains("href=\"/arrivals\"") && !home.contains("href=\"/persons\""), "registrars see registration only")
            let path = "/arrivals/\(r.arrivalID.uuidString)"
            _ = try await browser.get(path + "?lang=fr")
            let saved = try await browser.post(path + "/register", ["nameLatin": "Moussa Hamani", "sex": "male", "claimedAge": "33",
                                                                    "nationality": "NER", "lang_ha": "on", "need_disability": "on"])
            #expect(saved.status == .seeOther)
            let next = try await browser.get(saved.headers.first(name: .location)!)
            #expect(next.body.string.contains("LBY-TRP-"))
            #expect(next.body.string.contains("id=\"nameOriginal\""), "the form is ready for the next person")
            let dup = try await browser.post(path + "/register", ["nameLatin": "Musa Hamani", "sex": "male", "claimedAge": "34", "nationality": "NER"])
            #expect(dup.status == .conflict)
            #expect(dup.body.string.contains("confirmNew"))
            #expect(dup.body.string.contains("value=\"Musa Hamani\""))
            #expect(try await PersonRecord.query(on: app.db).count() == 1)
            let confirmed = try await browser.post(path + "/register", ["nameLatin": "Musa Hamani", "sex": "male", "claimedAge": "34", "nationality": "NER", "confirmNew": "on"])
            #expect(confirmed.status == .seeOther)
            #expect(try await PersonRecord.query(on: app.db).count() == 2)
            let bad = try await browser.post(path + "/register", ["nameLatin": "", "sex": "", "claimedAge": "abc"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("nameOriginal-error") && bad.body.string.contains("sex-error") && bad.body.string.contains("claimedAge-error"))
        }
    }
}
