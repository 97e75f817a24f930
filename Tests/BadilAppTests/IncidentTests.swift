import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

@Suite("Incidents on a person's case")
struct IncidentTests {
    struct Incident: Decodable { let id: UUID; let personId: UUID; let kind: String; let occurredOn: String; let locationId: UUID?; let recordedBy: String }

    static func record(_ f: PlacementFixture, _ person: UUID, _ json: String, token: String? = nil) async throws -> TestingHTTPResponse {
        try await f.app.api(.POST, "/api/v1/persons/\(person)/incidents", token: token ?? f.r.caseworker, json: json)
    }

    static func openStay(_ app: Application, _ person: UUID) async throws -> StayRecord? {
        try await StayRecord.query(on: app.db).filter(\.$personID == person).filter(\.$endedAt == nil).first()
    }

    @Test("Absconding from a facility ends the stay there, frees the bed and is audited")
    func absconded() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let shelter = try await f.facility(#"{"male":2}"#, suitability: "[]", name: "Hostel for incidents")
            let locationID = try #require(try await FacilityRecord.find(shelter.id, on: app.db)).$location.id
            let man = try #require(try await f.detained(#"{"nameLatin":"Adam Musa","sex":"male","claimedAge":30,"nationality":"SDN"}"#).first)
            let moved = try await app.api(.POST, "/api/v1/persons/\(man)/stays", token: f.r.caseworker,
                                          json: #"{"locationId":"\#(locationID.uuidString)","reason":"placed"}"#)
            #expect(moved.status == .noContent, "\(moved.body.string)")
            #expect(try await f.facility(shelter.id).free.male == 1)

            let today = DayDate(app.badil.now).description
            let res = try await Self.record(f, man, #"{"kind":"absconded","occurredOn":"\#(today)","notes":"left at night"}"#)
            #expect(res.status == .created, "\(res.body.string)")
            let incident = try JSONDecoder().decode(Incident.self, from: res.body)
            #expect(incident.kind == "absconded" && incident.occurredOn == today && incident.recordedBy == "caseworker")
            let after = try await f.facility(shelter.id)
            #expect(after.free.male == 2 && after.staying.male == 0, "the bed is free again")
            #expect(try await Self.openStay(app, man) == nil)

            let list = try await app.api(.GET, "/api/v1/persons/\(man)/incidents", token: f.r.caseworker)
            #expect(list.status == .ok)
            #expect(try JSONDecoder().decode([Incident].self, from: list.body).map(\.id) == [incident.id])
            let audit = try #require(try await AuditEventRecord.query(on: app.db).filter(\.$action == "incident.recorded").first())
            #expect(!audit.fields.contains("left at night"))
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "incident.list_read").count() == 1)

            // A medical emergency is only recorded: nothing moves.
            let before = try await StayRecord.query(on: app.db).filter(\.$personID == man).count()
            #expect(try await Self.record(f, man, #"{"kind":"medical_emergency","occurredOn":"\#(today)"}"#).status == .created)
            #expect(try await StayRecord.query(on: app.db).filter(\.$personID == man).count() == before)
        }
    }

    @Test("A re-detained child is moved to detention and appears in the child-in-detention alert")
    func reDetainedChild() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let child = try #require(try await f.r.register(#"{"nameLatin":"Idriss Saleh","sex":"male","claimedAge":14,"nationality":"TCD"}"#)).people[0].person.id
            func alerted() async throws -> Bool {
                let res = try await app.api(.GET, "/api/v1/alerts/children-in-detention", token: f.r.caseworker)
                #expect(res.status == .ok)
                return res.body.string.contains(child.uuidString)
            }
            #expect(try await alerted() == false)
            let first = try #require(try await Self.openStay(app, child))
            let today = DayDate(app.badil.now).description
            // Re-detention needs a detention centre.
            let noPlace = try await Self.record(f, child, #"{"kind":"re_detained","occurredOn":"\#(today)","locationId":"\#(f.r.quay.id!.uuidString)"}"#)
            #expect(noPlace.status == .unprocessableEntity && noPlace.body.string.contains("not_detention_location"))
            let res = try await Self.record(f, child, #"{"kind":"re_detained","occurredOn":"\#(today)","locationId":"\#(f.r.centre.id!.uuidString)"}"#)
            #expect(res.status == .created, "\(res.body.string)")
            let stay = try #require(try await Self.openStay(app, child))
            #expect(stay.$location.id == f.r.centre.id && stay.reason == "re_detained")
            #expect(try await StayRecord.find(first.id, on: app.db)?.endedAt != nil)
            #expect(try await alerted())
            let again = try await Self.record(f, child, #"{"kind":"re_detained","occurredOn":"\#(today)","locationId":"\#(f.r.centre.id!.uuidString)"}"#)
            #expect(again.status == .unprocessableEntity && again.body.string.contains("already_there"))
        }
    }

    @Test("Bad input and a person outside the scope change nothing")
    func refused() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let person = try #require(try await f.detained(#"{"nameLatin":"Omar Ali","sex":"male","claimedAge":25,"nationality":"NER"}"#).first)
            let tomorrow = DayDate(app.badil.now).addingDays(1).description
            let stay = try #require(try await Self.openStay(app, person))
            let future = try await Self.record(f, person, #"{"kind":"absconded","occurredOn":"\#(tomorrow)"}"#)
            #expect(future.status == .unprocessableEntity && future.body.string.contains("date_in_future"))
            let unknown = try await Self.record(f, person, #"{"kind":"absconded","occurredOn":"2026-01-01","extra":1}"#)
            #expect(unknown.status == .badRequest || unknown.status == .unprocessableEntity)
            #expect(try await Self.record(f, person, #"{"kind":"absconded","occurredOn":"2026-01-01"}"#, token: f.operatorToken).status == .forbidden)
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
            #expect(try await Self.openStay(app, person)?.id == stay.id)
            #expect(try await AuditEventRecord.query(on: app.db).filter(\.$action == "incident.recorded").count() == 0)

            // Registered by the IOM caseworker on their own arrival: the Ministry's social worker does not see them.
            struct ID: Decodable { let id: UUID }
            let arrival = try await app.api(.POST, "/api/v1/arrivals", token: f.r.caseworker,
                                            json: #"{"kind":"disembarkation","locationId":"\#(f.r.quay.id!.uuidString)","reportedCount":3}"#)
            #expect(arrival.status == .created, "\(arrival.body.string)")
            let arrivalID = try JSONDecoder().decode(ID.self, from: arrival.body).id
            let own = try #require(try await f.r.register(#"{"nameLatin":"Hawa Issa","sex":"female","claimedAge":31,"nationality":"TCD"}"#,
                                                          token: f.r.caseworker, arrival: arrivalID)).people[0].person.id
            let social = try await app.token("social_worker")
            #expect(try await app.api(.GET, "/api/v1/persons/\(own)", token: social).status == .notFound)
            let today = DayDate(app.badil.now).description
            #expect(try await Self.record(f, own, #"{"kind":"protection_incident","occurredOn":"\#(today)"}"#, token: social).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/persons/\(own)/incidents", token: social).status == .notFound)
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("The person page lists incidents and records one; errors re-render translated")
    func web() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let person = try #require(try await f.r.register(#"{"nameLatin":"Musa Adam","sex":"male","claimedAge":40,"nationality":"SDN"}"#)).people[0].person.id
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            for lang in ["en", "fr", "ar"] {
                let page = try await browser.get("/persons/\(person)?lang=\(lang)")
                #expect(page.status == .ok, "\(lang)")
                #expect(page.body.string.contains(#"action="/persons/\#(person)/incidents""#))
            }
            let tomorrow = DayDate(app.badil.now).addingDays(1).description
            let bad = try await browser.post("/persons/\(person)/incidents?lang=fr", ["kind": "re_detained", "occurredOn": tomorrow, "locationId": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Cette date est dans le futur."), "\(bad.body.string.prefix(200))")
            #expect(try await IncidentRecord.query(on: app.db).count() == 0)
            let today = DayDate(app.badil.now).description
            let ok = try await browser.post("/persons/\(person)/incidents", ["kind": "re_detained", "occurredOn": today,
                                                                             "locationId": f.r.centre.id!.uuidString, "notes": "picked up at checkpoint"])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location)?.contains("notice=saved") == true)
            let page = try await browser.get("/persons/\(person)?lang=en")
            #expect(page.body.string.contains("Re-detained") && page.body.string.contains("Test detention centre"))
        }
    }
}
