import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

/// A shelter run by the NGO of the test fixtures, people in detention, and helpers for the placement API.
struct PlacementFixture {
    let r: RegistrationFixture
    let operatorToken: String
    let officer: String
    let ngo: OrganizationRecord
    var app: Application { r.app }

    struct Facility: Decodable {
        struct Beds: Decodable { let male: Int; let female: Int; let familyRoom: Int; let child: Int }
        let id: UUID; let version: Int; let staying: Beds; let committed: Beds; let reserved: Beds; let free: Beds
    }
    struct Referral: Decodable { let id: UUID; let groupId: UUID; let personId: UUID; let status: String; let version: Int; let bedKind: String }
    struct Transfer: Decodable { struct P: Decodable { let referralId: UUID; let personId: UUID; let status: String }; let id: UUID; let status: String; let passengers: [P] }

    static func make(_ app: Application) async throws -> PlacementFixture {
        let r = try await RegistrationFixture.make(app)
        let ngo = try #require(try await OrganizationRecord.query(on: app.db).filter(\.$type == "ngo_operator").first())
        return PlacementFixture(r: r, operatorToken: try await app.token("facility_operator"), officer: try await app.token("detention_officer"), ngo: ngo)
    }

    /// A location of `type` run by the NGO and its facility profile.
    func facility(_ capacity: String, suitability: String = #"["families","children"]"#, type: String = "shelter",
                  name: String = "Test shelter") async throws -> Facility {
        let admin = try await app.token("admin")
        struct Loc: Decodable { let id: UUID }
        let loc = try await app.api(.POST, "/api/v1/locations", token: admin,
                                    json: #"{"type":"\#(type)","nameEn":"\#(name)","pcode":"LY0211","operatorId":"\#(ngo.id!.uuidString)","latitude":32.88,"longitude":13.19}"#)
        #expect(loc.status == .created, "\(loc.body.string)")
        let locationID = try JSONDecoder().decode(Loc.self, from: loc.body).id
        let res = try await app.api(.POST, "/api/v1/facilities", token: operatorToken,
                                    json: #"{"locationId":"\#(locationID)","capacity":\#(capacity),"suitability":\#(suitability),"languages":["ar","en"]}"#)
        #expect(res.status == .created, "\(res.body.string)")
        return try JSONDecoder().decode(Facility.self, from: res.body)
    }

    func facility(_ id: UUID) async throws -> Facility {
        try JSONDecoder().decode(Facility.self, from: try await app.api(.GET, "/api/v1/facilities/\(id)", token: r.caseworker).body)
    }

    /// Registers people and moves them into the test detention centre.
    func detained(_ rows: String) async throws -> [UUID] {
        let ids = try #require(try await r.register(rows)).people.map(\.person.id)
        for id in ids {
            let moved = try await app.api(.POST, "/api/v1/persons/\(id)/stays", token: r.coast,
                                          json: #"{"locationId":"\#(r.centre.id!.uuidString)","reason":"handed over to DCIM"}"#)
            #expect(moved.status == .noContent, "\(moved.body.string)")
        }
        return ids
    }

    func consent(_ person: UUID, by giver: String = "self") async throws {
        let res = try await app.api(.POST, "/api/v1/persons/\(person)/consents", token: r.caseworker,
                                    json: #"{"purpose":"referral","recipientOrganizationId":"\#(ngo.id!.uuidString)","givenBy":"\#(giver)"}"#)
        #expect(res.status == .created, "\(res.body.string)")
    }

    func refer(_ people: [UUID], to facility: UUID, extra: String = "", expect status: HTTPStatus = .created) async throws -> ([Referral], String) {
        let ids = people.map { "\"\($0)\"" }.joined(separator: ",")
        let res = try await app.api(.POST, "/api/v1/referrals", token: r.caseworker, json: #"{"personIds":[\#(ids)],"facilityId":"\#(facility)"\#(extra)}"#)
        #expect(res.status == status, "\(res.body.string)")
        return (status == .created ? try JSONDecoder().decode([Referral].self, from: res.body) : [], res.body.string)
    }

    func accept(_ referral: Referral, token: String? = nil, version: Int? = nil) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/referrals/\(referral.id)/accept", token: token ?? operatorToken, headers: [("If-Match", "\"\(version ?? referral.version)\"")])
    }
}

@Suite("Placement, referral and transfer")
struct PlacementTests {
    @Test("A family in detention is matched, referred with consent, accepted, transferred, handed over and received; occupancy is right at every step")
    func familyJourney() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let shelter = try await f.facility(#"{"female":2,"male":2,"family_room":4}"#)
            _ = try await f.facility(#"{"male":10}"#, suitability: "[]", name: "Men's hostel")
            let family = try #require(try await f.r.register("""
                {"ref":"m","nameLatin":"Halima Abakar","sex":"female","claimedAge":30,"nationality":"TCD","languages":["ar"]},
                {"nameLatin":"Ali Abakar","sex":"male","claimedAge":6,"nationality":"TCD","links":[{"ref":"m","relationship":"mother"}]},
                {"nameLatin":"Zara Abakar","sex":"female","claimedAge":3,"nationality":"TCD","links":[{"ref":"m","relationship":"mother"}]}
                """)).people.map(\.person.id)
            for id in family {
                _ = try await app.api(.POST, "/api/v1/persons/\(id)/stays", token: f.r.coast, json: #"{"locationId":"\#(f.r.centre.id!.uuidString)","reason":"DCIM"}"#)
            }
            struct Options: Decodable { struct P: Decodable { let facilityId: UUID; let fits: Bool }; let personIds: [UUID]; let proposals: [P] }
            let options = try JSONDecoder().decode(Options.self, from: try await app.api(.GET, "/api/v1/persons/\(family[0])/placement-options", token: f.r.caseworker).body)
            #expect(Set(options.personIds) == Set(family))
            #expect(options.proposals.map(\.facilityId) == [shelter.id], "the men's hostel does not take a family")

            // Without consent: refused, nothing reserved.
            let (_, noConsent) = try await f.refer(family, to: shelter.id, expect: .unprocessableEntity)
            #expect(noConsent.contains("consent_missing"))
            #expect(try await f.facility(shelter.id).reserved.familyRoom == 0)
            // Part of the family without a reason: refused.
            try await f.consent(family[0])
            for child in family.dropFirst() { try await f.consent(child, by: "parent") }
            let (_, split) = try await f.refer([family[0]], to: shelter.id, expect: .unprocessableEntity)
            #expect(split.contains("family_split_requires_reason"))

            let (referrals, _) = try await f.refer(family, to: shelter.id)
            #expect(referrals.count == 3 && Set(referrals.map(\.groupId)).count == 1 && referrals.allSatisfy { $0.bedKind == "family_room" })
            var facility = try await f.facility(shelter.id)
            #expect(facility.reserved.familyRoom == 3 && facility.free.familyRoom == 1)
            // Another family of two no longer fits there: the ranking sees the reservation at once.
            let other = try #require(try await f.r.register(#"{"ref":"p","nameLatin":"Other Parent","sex":"female","claimedAge":40,"nationality":"NER"},{"nameLatin":"Other Child","sex":"male","claimedAge":9,"nationality":"NER","links":[{"ref":"p","relationship":"mother"}]}"#)).people.map(\.person.id)
            let otherOptions = try JSONDecoder().decode(Options.self, from: try await app.api(.GET, "/api/v1/persons/\(other[0])/placement-options", token: f.r.caseworker).body)
            #expect(otherOptions.proposals.isEmpty)
            _ = try await f.refer(family, to: shelter.id, expect: .conflict)

            // A stale version is refused; accepting takes the whole family.
            #expect(try await f.accept(referrals[0], version: 9).status == .preconditionFailed)
            #expect(try await f.accept(referrals[0], token: f.r.caseworker).status == .forbidden)
            let accepted = try await f.accept(referrals[0])
            #expect(accepted.status == .ok, "\(accepted.body.string)")
            #expect(try JSONDecoder().decode([PlacementFixture.Referral].self, from: accepted.body).allSatisfy { $0.status == "accepted" })
            facility = try await f.facility(shelter.id)
            #expect(facility.committed.familyRoom == 3 && facility.reserved.familyRoom == 0 && facility.free.familyRoom == 1)
            #expect(try await f.accept(referrals[1]).status == .conflict)

            let planned = try await app.api(.POST, "/api/v1/transfers", token: f.r.caseworker,
                                            json: #"{"referralIds":[\#(referrals.map { "\"\($0.id)\"" }.joined(separator: ","))],"date":"\#(DayDate(Date()))","vehicle":"IOM minibus 4"}"#)
            #expect(planned.status == .created, "\(planned.body.string)")
            let transfer = try JSONDecoder().decode(PlacementFixture.Transfer.self, from: planned.body)
            #expect(transfer.status == "planned" && transfer.passengers.count == 3)
            let path = "/api/v1/transfers/\(transfer.id)"
            let early = try await app.api(.POST, path + "/arrival", token: f.operatorToken, json: #"{"referralId":"\#(referrals[0].id)"}"#)
            #expect(early.status == .conflict)
            #expect(early.body.string.contains("handover_required"))
            #expect(try await app.api(.POST, path + "/handover", token: f.operatorToken, json: #"{"referralId":"\#(referrals[0].id)"}"#).status == .forbidden)
            for r in referrals {
                let handed = try await app.api(.POST, path + "/handover", token: f.officer, json: #"{"referralId":"\#(r.id)"}"#)
                #expect(handed.status == .ok, "\(handed.body.string)")
            }
            let stranger = try #require(try await f.r.register(#"{"nameLatin":"Not On Board","sex":"male","claimedAge":40}"#)).people[0].person.id
            let notOnBoard = try await app.api(.POST, path + "/arrival", token: f.operatorToken, json: #"{"referralId":"\#(stranger)"}"#)
            #expect(notOnBoard.status == .conflict)
            #expect(notOnBoard.body.string.contains("not_on_transfer"))
            for r in referrals {
                let arrived = try await app.api(.POST, path + "/arrival", token: f.operatorToken, json: #"{"referralId":"\#(r.id)"}"#)
                #expect(arrived.status == .ok, "\(arrived.body.string)")
            }
            let done = try JSONDecoder().decode(PlacementFixture.Transfer.self, from: try await app.api(.GET, path, token: f.r.caseworker).body)
            #expect(done.status == "completed" && done.passengers.allSatisfy { $0.status == "arrived" })
            facility = try await f.facility(shelter.id)
            #expect(facility.staying.familyRoom == 3 && facility.committed.familyRoom == 0 && facility.free.familyRoom == 1)
            let open = try await StayRecord.query(on: app.db).filter(\.$personID ~~ family).filter(\.$endedAt == nil).all()
            #expect(open.count == 3 && open.allSatisfy { $0.bedKind == "family_room" && $0.$location.id != f.r.centre.id })
            // The operator now sees the family (they stay in its facility); the report counts them.
            #expect(try await app.api(.GET, "/api/v1/persons/\(family[0])", token: f.operatorToken).status == .ok)
            struct Report: Decodable { let arrivals: Int }
            let report = try await app.api(.GET, "/api/v1/reports/placement", token: try await app.token("viewer"))
            #expect(try JSONDecoder().decode(Report.self, from: report.body).arrivals == 3)
            let actions = Set(try await AuditEventRecord.query(on: app.db).filter(\.$entityType == "referral").all().map(\.action))
            #expect(actions.isSuperset(of: ["referral.created", "referral.accepted", "referral.scheduled", "referral.hand_over", "referral.arrive"]))
        }
    }

    @Test("Children only where suitable, never over capacity, never to a closed facility; expired or decided referrals cannot be accepted")
    func badInput() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await PlacementFixture.make(app)
            let adults = try await f.facility(#"{"male":1,"female":2}"#, suitability: "[]", name: "Adults only")
            let people = try await f.detained(#"{"nameLatin":"Boy Alone","sex":"male","claimedAge":15,"nationality":"SDN"},{"nameLatin":"Man One","sex":"male","claimedAge":30},{"nameLatin":"Man Two","sex":"male","claimedAge":31}"#)
            for p in people { try await f.consent(p, by: p == people[0] ? "guardian" : "self") }
            let (_, child) = try await f.refer([people[0]], to: adults.id, expect: .conflict)
            #expect(child.contains("unsuitable"))
            let (_, tooMany) = try await f.refer([people[1], people[2]], to: adults.id, extra: #","allowSplit":true,"splitReason":"travel separately""#, expect: .unprocessableEntity)
            #expect(tooMany.contains("no_capacity"))
            #expect(try await ReferralRecord.query(on: app.db).count() == 0)

            // Closed by its operator: refused.
            let closed = try await app.api(.PATCH, "/api/v1/facilities/\(adults.id)", token: f.operatorToken, json: #"{"status":"temporarily_closed"}"#,
                                           headers: [("If-Match", "\"\(adults.version)\"")])
            #expect(closed.status == .ok, "\(closed.body.string)")
            let (_, closedRefused) = try await f.refer([people[1]], to: adults.id, expect: .conflict)
            #expect(closedRefused.contains("facility_closed"))
            let reopened = try await app.api(.PATCH, "/api/v1/facilities/\(adults.id)", token: f.operatorToken, json: #"{"status":"open"}"#, headers: [("If-Match", "*")])
            #expect(reopened.status == .ok)

            // Expired: the hold ends at the deadline, acceptance is refused and the bed is free again.
            let (held, _) = try await f.refer([people[1]], to: adults.id, extra: #","holdHours":2"#)
            #expect(try await f.facility(adults.id).free.male == 0)
            clock.advance(3 * 3600)
            let operatorToken = try await app.token("facility_operator")
            let late = try await f.accept(held[0], token: operatorToken)
            #expect(late.status == .conflict)
            #expect(late.body.string.contains("referral_expired"))
            #expect(try await ReferralRecord.find(held[0].id, on: app.db)?.status == "expired")
            #expect(try JSONDecoder().decode(PlacementFixture.Facility.self, from: try await app.api(.GET, "/api/v1/facilities/\(adults.id)", token: operatorToken).body).free.male == 1)

            // Declined: deciding again is refused.
            let caseworker = try await app.token("caseworker")
            let again = try await app.api(.POST, "/api/v1/referrals", token: caseworker, json: #"{"personIds":["\#(people[1])"],"facilityId":"\#(adults.id)"}"#)
            let fresh = try JSONDecoder().decode([PlacementFixture.Referral].self, from: again.body)[0]
            let declined = try await app.api(.POST, "/api/v1/referrals/\(fresh.id)/decline", token: operatorToken, json: #"{"declineReason":"other"}"#,
                                             headers: [("If-Match", "\"\(fresh.version)\"")])
            #expect(declined.status == .unprocessableEntity, "a decline for another reason needs a text")
            let declinedOK = try await app.api(.POST, "/api/v1/referrals/\(fresh.id)/decline", token: operatorToken,
                                               json: #"{"declineReason":"security","reason":"Conflict with another resident"}"#, headers: [("If-Match", "\"\(fresh.version)\"")])
            #expect(declinedOK.status == .ok)
            #expect(try await f.accept(fresh, token: operatorToken, version: fresh.version + 1).status == .conflict)
            // Capacity can never be set below the beds in use.
            let (kept, _) = try await f.refer([people[2]], to: adults.id)
            #expect(try await f.accept(kept[0], token: operatorToken).status == .ok)
            let shrink = try await app.api(.PATCH, "/api/v1/facilities/\(adults.id)", token: operatorToken, json: #"{"capacity":{"male":0}}"#, headers: [("If-Match", "*")])
            #expect(shrink.status == .unprocessableEntity)
            #expect(shrink.body.string.contains("capacity_below_occupancy"))
        }
    }

    @Test("50 concurrent acceptances for a facility with 5 free beds: exactly 5 succeed, on two app instances sharing the database")
    func concurrentAcceptances() async throws {
        try await TestApp.runTwo { first, second in
            let f = try await PlacementFixture.make(first)
            let facility = try await f.facility(#"{"male":50}"#, suitability: "[]", name: "Hostel")
            let rows = (1...50).map { #"{"nameLatin":"Guest Number \#($0)","sex":"male","claimedAge":\#(20 + $0 % 30),"nationality":"NER"}"# }.joined(separator: ",")
            let people = try #require(try await f.r.register(rows)).people.map(\.person.id)
            var referrals: [PlacementFixture.Referral] = []
            for p in people {
                try await f.consent(p)
                referrals += try await f.refer([p], to: facility.id).0
            }
            // Five beds are left: the operator lost 45 to water damage.
            let shrunk = try await first.api(.PATCH, "/api/v1/facilities/\(facility.id)", token: f.operatorToken, json: #"{"capacity":{"male":5}}"#,
                                             headers: [("If-Match", "*")])
            #expect(shrunk.status == .ok, "\(shrunk.body.string)")
            let tokenOnSecond = try await second.token("facility_operator")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (i, r) in referrals.enumerated() {
                    let app = i % 2 == 0 ? first : second
                    let token = i % 2 == 0 ? f.operatorToken : tokenOnSecond
                    group.addTask { try await app.api(.POST, "/api/v1/referrals/\(r.id)/accept", token: token, headers: [("If-Match", "\"\(r.version)\"")]).status }
                }
                var out: [HTTPStatus] = []
                for try await s in group { out.append(s) }
                return out
            }
            #expect(statuses.filter { $0 == .ok }.count == 5)
            #expect(statuses.filter { $0 == .conflict }.count == 45, "\(Dictionary(grouping: statuses, by: \.code).mapValues(\.count))")
            #expect(try await ReferralRecord.query(on: first.db).filter(\.$status == "accepted").count() == 5)
            let after = try await f.facility(facility.id)
            #expect(after.committed.male == 5 && after.free.male == 0)
        }
    }
}

@Suite("Placement in the browser")
struct PlacementWebTests {
    @Test("Find a place, accept, plan and print the manifest in the browser, in three languages; the manifest shows only what the origin needs")
    func pages() async throws {
        try await TestApp.run { app in
            let f = try await PlacementFixture.make(app)
            let shelter = try await f.facility(#"{"female":2,"family_room":4}"#, name: "Web test shelter")
            let family = try await f.detained("""
                {"ref":"m","nameLatin":"Maryam Idris","nameOriginal":"مريم إدريس","sex":"female","claimedAge":29,"nationality":"SDN","dateOfBirth":"1997-03-04"},
                {"nameLatin":"Yahya Idris","sex":"male","claimedAge":5,"nationality":"SDN","links":[{"ref":"m","relationship":"mother"}]}
                """)
            let caseworker = Browser(app)
            _ = try await caseworker.signIn("caseworker")
            for lang in ["en", "fr", "ar"] {
                let page = try await caseworker.get("/persons/\(family[0])/placement?lang=\(lang)")
                #expect(page.status == .ok, "\(lang)")
                #expect(page.body.string.contains("Web test shelter"))
            }
            // Without consent the form says so and offers to record it; nothing is reserved.
            let refused = try await caseworker.post("/persons/\(family[0])/referrals", ["facilityId": shelter.id.uuidString,
                                                                                        "personIds": "\(family[0]),\(family[1])", "holdHours": "48"])
            #expect(refused.status == .unprocessableEntity || refused.status == .seeOther)
            #expect(try await ReferralRecord.query(on: app.db).count() == 0)

            try await f.consent(family[0])
            try await f.consent(family[1], by: "parent")
            let (referrals, _) = try await f.refer(family, to: shelter.id)
            let operatorBrowser = Browser(app)
            _ = try await operatorBrowser.signIn("facility_operator")
            let inbox = try await operatorBrowser.get("/referrals?lang=ar")
            #expect(inbox.status == .ok)
            #expect(inbox.body.string.contains(#"dir="rtl""#))
            let detail = try await operatorBrowser.get("/referrals/\(referrals[0].id)?lang=fr")
            #expect(detail.status == .ok)
            let accepted = try await operatorBrowser.post("/referrals/\(referrals[0].id)/accept", ["version": String(referrals[0].version)])
            #expect(accepted.status == .seeOther, "\(accepted.body.string.prefix(300))")
            #expect(try await ReferralRecord.query(on: app.db).filter(\.$status == "accepted").count() == 2)
            #expect(try await operatorBrowser.get("/facilities/\(shelter.id)?lang=ar").status == .ok)

            let planned = try await app.api(.POST, "/api/v1/transfers", token: f.r.caseworker,
                                            json: #"{"referralIds":["\#(referrals[0].id)","\#(referrals[1].id)"],"date":"\#(DayDate(Date()))","vehicle":"Minibus 2"}"#)
            let transfer = try JSONDecoder().decode(PlacementFixture.Transfer.self, from: planned.body)
            let officer = Browser(app)
            _ = try await officer.signIn("detention_officer")
            let manifest = try await officer.get("/transfers/\(transfer.id)/manifest?lang=ar")
            #expect(manifest.status == .ok)
            let html = manifest.body.string
            #expect(html.contains("Maryam Idris") && html.contains("مريم إدريس"))
            #expect(!html.contains("1997-03-04"), "no date of birth on the manifest")
            #expect(try await caseworker.get("/transfers/new?lang=fr").status == .ok)
            #expect(try await Browser(app).signIn("viewer").status == .seeOther)
        }
    }
}
