import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
import BadilCore
@testable import BadilApp

/// People, a completed screening and decisions for the screening and decision tests.
struct DecisionFixture {
    let r: RegistrationFixture
    let clock: TestClock
    var app: Application { r.app }
    var today: DayDate { DayDate(clock.now) }

    static func make(_ app: Application, clock: TestClock) async throws -> DecisionFixture {
        DecisionFixture(r: try await RegistrationFixture.make(app), clock: clock)
    }

    /// Registers people (JSON rows) and answers their ids in order.
    func people(_ rows: String) async throws -> [UUID] {
        try #require(try await r.register(rows)).people.map(\.person.id)
    }

    /// Answers for an adult with nothing found, to which `extra` answers are added.
    func answers(_ extra: String = "") -> String {
        var base = """
            "interview.interviewer_name":"A. Interviewer","interview.date":"\(today)","interview.place":"Quay 3","interview.language":"ar",\
            "interview.interpreter_used":false,"interview.consent":true,"preliminary.medical_emergency":false,"preliminary.possible_child":false,\
            "preliminary.immediate_danger":false,"health.physical":false,"health.mental":false,"health.disability":false,"health.pregnancy":"none",\
            "protection.torture":false,"protection.trauma":false,"protection.nationality":"has_nationality","protection.documents":true,\
            "protection.fear_of_return":false,"protection.unhcr":false,"other.single_carer":false,"other.other_situation":false
            """
        if !extra.isEmpty { base += "," + extra }
        return "{" + base + "}"
    }

    static let lowRisk = #"{"interview":{"risk":"none"},"preliminary":{"risk":"low"},"child":{"risk":"none"},"gender_violence":{"risk":"none"},"health":{"risk":"low"},"protection":{"risk":"low"},"other":{"risk":"none"}}"#

    struct Screening: Decodable {
        struct Code: Decodable { let code: String }
        let id: UUID; let status: String; let version: Int; let indicators: [Code]; let suggestedLevel: String?
        let interventionLevel: String?; let referrals: [String]; let answers: [String: AnswerValue]
    }

    /// A completed screening for a person (as the caseworker).
    @discardableResult
    func screen(_ person: UUID, extra: String = "", token: String? = nil) async throws -> Screening {
        let res = try await app.api(.POST, "/api/v1/persons/\(person)/screenings", token: token ?? r.caseworker,
                                    json: #"{"answers":\#(answers(extra)),"sections":\#(Self.lowRisk),"complete":true}"#)
        #expect(res.status == .created, "\(res.body.string)")
        return try JSONDecoder().decode(Screening.self, from: res.body)
    }

    struct Decision: Decodable { let id: UUID; let status: String; let outcome: String; let version: Int; let reviewDate: String? }

    static func body(_ outcome: String, _ extra: String = "") -> String {
        var b = #""outcome":"\#(outcome)","presumptionOfLiberty":true,"legalObligations":"done","identityCheck":"done","healthCheck":"done","securityCheck":"not_needed""#
        if !extra.isEmpty { b += "," + extra }
        return "{" + b + "}"
    }

    func detentionBody(reviewInDays days: Int, _ extra: String = "") -> String {
        var fields = #""caseManagement":"unavailable","legalAdvice":"partial","interpretation":"available","basicNeeds":"unavailable","documents":"unavailable","communityNotes":"No shelter place and no community support in the city","justification":"Identity cannot be established and no alternative is available yet","legalBasis":"Law 19/2010 art. 10","decidingAuthority":"DCIM Tripoli","reviewDate":"\#(today.addingDays(days))""#
        if !extra.isEmpty { fields += "," + extra }
        return Self.body("detention_last_resort", fields)
    }

    func propose(_ person: UUID, _ body: String, token: String? = nil, expect status: HTTPStatus = .created) async throws -> (Decision?, String) {
        let res = try await app.api(.POST, "/api/v1/persons/\(person)/decisions", token: token ?? r.caseworker, json: body)
        #expect(res.status == status, "\(res.body.string)")
        return (status == .created ? try JSONDecoder().decode(Decision.self, from: res.body) : nil, res.body.string)
    }

    func act(_ decision: Decision, _ action: String, token: String, json: String? = nil, version: Int? = nil) async throws -> TestingHTTPResponse {
        try await app.api(.POST, "/api/v1/decisions/\(decision.id)/\(action)", token: token, json: json, headers: [("If-Match", "\"\(version ?? decision.version)\"")])
    }

    func decisions(of person: UUID) async throws -> [Decision] {
        try JSONDecoder().decode([Decision].self, from: try await app.api(.GET, "/api/v1/persons/\(person)/decisions", token: r.caseworker).body)
    }
}

@Suite("Screening and CAP decisions")
struct ScreeningDecisionTests {
    @Test("A screening is saved as a draft, refused without consent or with wrong answers, and completed with indicators and a level")
    func screeningLifecycle() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Amina Yusuf","sex":"female","claimedAge":28,"nationality":"SOM","urgentNeeds":["pregnant"]}"#)[0]
            let started = try await app.api(.POST, "/api/v1/persons/\(person)/screenings", token: f.r.caseworker,
                                            json: #"{"answers":{"interview.interviewer_name":"A. Interviewer"}}"#)
            #expect(started.status == .created, "\(started.body.string)")
            #expect(started.headers.first(name: .eTag) == "\"1\"")
            let draft = try JSONDecoder().decode(DecisionFixture.Screening.self, from: started.body)
            #expect(draft.status == "draft")
            let path = "/api/v1/screenings/\(draft.id)"

            // Stale version, wrong answer type, unknown question, missing consent: refused, nothing changed.
            let stale = try await app.api(.PATCH, path, token: f.r.caseworker, json: #"{"answers":{"health.physical":true}}"#, headers: [("If-Match", "\"7\"")])
            #expect(stale.status == .preconditionFailed)
            let wrongType = try await app.api(.PATCH, path, token: f.r.caseworker, json: #"{"answers":{"health.physical":"maybe","nothing.here":true}}"#, headers: [("If-Match", "\"1\"")])
            #expect(wrongType.status == .unprocessableEntity)
            #expect(wrongType.body.string.contains("answers.health.physical") && wrongType.body.string.contains("answers.nothing.here"))
            let noConsent = try await app.api(.PATCH, path, token: f.r.caseworker,
                                              json: #"{"answers":\#(f.answers(#""interview.consent":false"#).replacingOccurrences(of: #""interview.consent":true,"#, with: "")),"sections":\#(DecisionFixture.lowRisk),"complete":true}"#,
                                              headers: [("If-Match", "\"1\"")])
            #expect(noConsent.status == .unprocessableEntity)
            #expect(noConsent.body.string.contains("consent_required"))
            let unchanged = try JSONDecoder().decode(DecisionFixture.Screening.self, from: try await app.api(.GET, path, token: f.r.caseworker).body)
            #expect(unchanged.version == 1 && unchanged.status == "draft" && unchanged.answers.count == 1)

            // Completed: indicators from the answers, the suggested level, referrals for full assessment.
            let done = try await app.api(.PATCH, path, token: f.r.caseworker,
                                         json: #"{"answers":\#(f.answers(#""health.pregnancy":"pregnant","protection.torture":true"#).replacingOccurrences(of: #""health.pregnancy":"none","#, with: "").replacingOccurrences(of: #""protection.torture":false,"#, with: "")),"sections":\#(DecisionFixture.lowRisk),"complete":true}"#,
                                         headers: [("If-Match", "\"1\"")])
            #expect(done.status == .ok, "\(done.body.string)")
            let completed = try JSONDecoder().decode(DecisionFixture.Screening.self, from: done.body)
            #expect(completed.status == "completed")
            #expect(Set(completed.indicators.map(\.code)).isSuperset(of: ["torture_survivor", "pregnant"]))
            #expect(completed.suggestedLevel == "high" && completed.interventionLevel == "high")
            #expect(Set(completed.referrals).isSuperset(of: ["medical", "mental_health"]))

            // A completed screening is never edited; a lower level than suggested needs a reason.
            let again = try await app.api(.PATCH, path, token: f.r.caseworker, json: #"{"summary":"more"}"#, headers: [("If-Match", "*")])
            #expect(again.status == .conflict)
            let lower = try await app.api(.POST, "/api/v1/persons/\(person)/screenings", token: f.r.caseworker,
                                          json: #"{"answers":\#(f.answers(#""protection.trauma":true"#).replacingOccurrences(of: #""protection.trauma":false,"#, with: "")),"sections":\#(DecisionFixture.lowRisk),"interventionLevel":"low","complete":true}"#)
            #expect(lower.status == .unprocessableEntity)
            #expect(lower.body.string.contains("levelReason"))
            let unknownVersion = try await app.api(.POST, "/api/v1/persons/\(person)/screenings", token: f.r.caseworker, json: #"{"instrumentVersion":99}"#)
            #expect(unknownVersion.status == .unprocessableEntity)
            #expect(unknownVersion.body.string.contains("unknown_instrument_version"))
            #expect(try await ScreeningRecord.query(on: app.db).count() == 1)

            // Audited by field name only, never the answers themselves.
            let audit = try await AuditEventRecord.query(on: app.db).filter(\.$entityType == "screening").all()
            #expect(Set(audit.map(\.action)).isSuperset(of: ["screening.started", "screening.completed", "screening.read"]))
            #expect(!audit.contains { $0.fields.contains("A. Interviewer") })
        }
    }

    @Test("Detention is refused for a child, and needs a justification, a legal basis, an authority and a review date within the limit")
    func detentionRules() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let ids = try await f.people(#"{"nameLatin":"Idriss Mahamat","sex":"male","claimedAge":15,"nationality":"TCD"},{"nameLatin":"Oumar Saleh","sex":"male","claimedAge":34,"nationality":"TCD"},{"nameLatin":"Saleh Adoum","sex":"male","claimedAge":41,"nationality":"TCD","ageDisputed":true}"#)
            let (child, adult, disputed) = (ids[0], ids[1], ids[2])
            try await f.screen(child)
            try await f.screen(adult)
            try await f.screen(disputed)
            let (_, refused) = try await f.propose(child, f.detentionBody(reviewInDays: 14), expect: .unprocessableEntity)
            #expect(refused.contains("child_detention_forbidden"))
            // Benefit of the doubt: a disputed age is treated as a child's.
            let (_, refusedDisputed) = try await f.propose(disputed, f.detentionBody(reviewInDays: 14), expect: .unprocessableEntity)
            #expect(refusedDisputed.contains("child_detention_forbidden"))
            #expect(try await f.decisions(of: child).isEmpty)

            let (_, tooFar) = try await f.propose(adult, f.detentionBody(reviewInDays: 45), expect: .unprocessableEntity)
            #expect(tooFar.contains("review_date_too_far"))
            let (_, past) = try await f.propose(adult, f.detentionBody(reviewInDays: 0), expect: .unprocessableEntity)
            #expect(past.contains("review_date_past"))
            let (_, bare) = try await f.propose(adult, DecisionFixture.body("detention_last_resort"), expect: .unprocessableEntity)
            for field in ["justification", "legalBasis", "decidingAuthority", "reviewDate", "communityNotes"] { #expect(bare.contains(#""\#(field)""#), "\(field)") }
            #expect(try await DecisionRecord.query(on: app.db).count() == 0)

            let (proposed, _) = try await f.propose(adult, f.detentionBody(reviewInDays: 14))
            let decision = try #require(proposed)
            #expect(decision.status == "proposed")
            _ = try await f.propose(adult, DecisionFixture.body("release"), expect: .conflict)
            #expect(try await f.act(decision, "approve", token: f.r.caseworker).status == .forbidden)
            let approved = try await f.act(decision, "approve", token: f.r.supervisor)
            #expect(approved.status == .ok, "\(approved.body.string)")
            #expect(try JSONDecoder().decode(DecisionFixture.Decision.self, from: approved.body).status == "approved")
            #expect(try await f.act(decision, "approve", token: f.r.supervisor, version: decision.version + 1).status == .conflict)
        }
    }

    @Test("Deciding without a completed screening needs a reason for urgency; one's own decision cannot be approved; returned, corrected, superseded")
    func approvalFlow() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Kofi Mensah","sex":"male","claimedAge":30,"nationality":"GHA"}"#)[0]
            let (_, noScreening) = try await f.propose(person, DecisionFixture.body("release"), expect: .unprocessableEntity)
            #expect(noScreening.contains("screening_required"))

            let (own, _) = try await f.propose(person, DecisionFixture.body("release", #""urgencyReason":"Medical evacuation tonight""#), token: f.r.supervisor)
            let mine = try #require(own)
            let selfApproval = try await f.act(mine, "approve", token: f.r.supervisor)
            #expect(selfApproval.status == .conflict)
            #expect(selfApproval.body.string.contains("self_approval"))
            #expect(try await f.act(mine, "return", token: f.r.supervisor, json: #"{"reason":"  "}"#).status == .unprocessableEntity)
            #expect(try await f.act(mine, "withdraw", token: f.r.supervisor).status == .ok)

            try await f.screen(person)
            let (first, _) = try await f.propose(person, DecisionFixture.body("release"))
            let release = try #require(first)
            let returned = try await f.act(release, "return", token: f.r.supervisor, json: #"{"reason":"Add the community assessment"}"#)
            #expect(returned.status == .ok)
            let back = try JSONDecoder().decode(DecisionFixture.Decision.self, from: returned.body)
            #expect(back.status == "returned")
            let stale = try await app.api(.PUT, "/api/v1/decisions/\(release.id)", token: f.r.caseworker, json: DecisionFixture.body("release"), headers: [("If-Match", "\"1\"")])
            #expect(stale.status == .preconditionFailed)
            let resent = try await app.api(.PUT, "/api/v1/decisions/\(release.id)", token: f.r.caseworker,
                                           json: DecisionFixture.body("community_placement", #""caseManagement":"available","communityNotes":"Shelter place in Misrata""#),
                                           headers: [("If-Match", "\"\(back.version)\"")])
            #expect(resent.status == .ok, "\(resent.body.string)")
            let corrected = try JSONDecoder().decode(DecisionFixture.Decision.self, from: resent.body)
            #expect(corrected.status == "proposed" && corrected.outcome == "community_placement")
            #expect(try await f.act(corrected, "approve", token: f.r.supervisor).status == .ok)

            let (second, _) = try await f.propose(person, DecisionFixture.body("release_with_conditions", #""conditions":[{"kind":"reporting","reportingIntervalDays":7},{"kind":"nominated_address","details":"Host family, Souq al-Jumaa"}]"#))
            let conditions = try #require(second)
            #expect(try await f.act(conditions, "approve", token: f.r.supervisor).status == .ok)
            let all = try await f.decisions(of: person)
            #expect(Dictionary(uniqueKeysWithValues: all.map { ($0.outcome, $0.status) }) ==
                    ["release": "withdrawn", "community_placement": "superseded", "release_with_conditions": "approved"])
            let actions = Set(try await AuditEventRecord.query(on: app.db).filter(\.$entityType == "decision").all().map(\.action))
            #expect(actions.isSuperset(of: ["decision.proposed", "decision.returned", "decision.resubmitted", "decision.approved", "decision.superseded", "decision.withdrawn"]))
        }
    }

    @Test("Detention reviews fall due and are listed; a confirmation needs a new justification and date, and is refused once the person is a child")
    func reviews() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Tesfay Gebre","sex":"male","claimedAge":26,"nationality":"ERI"}"#)[0]
            try await f.screen(person)
            let decision = try #require(try await f.propose(person, f.detentionBody(reviewInDays: 10)).0)
            #expect(try await f.act(decision, "approve", token: f.r.supervisor).status == .ok)
            struct Item: Decodable { let decisionId: UUID; let daysOverdue: Int; let version: Int }
            #expect(try JSONDecoder().decode([Item].self, from: try await app.api(.GET, "/api/v1/reviews", token: f.r.caseworker).body).isEmpty)
            #expect(try JSONDecoder().decode([Item].self, from: try await app.api(.GET, "/api/v1/reviews?dueWithin=14", token: f.r.caseworker).body).count == 1)

            clock.advance(12 * 86400)
            let caseworker = try await app.token("caseworker")
            let overdue = try JSONDecoder().decode([Item].self, from: try await app.api(.GET, "/api/v1/reviews", token: caseworker).body)
            #expect(overdue.count == 1 && overdue.first?.daysOverdue == 2)
            let version = try #require(overdue.first?.version)
            let path = "/api/v1/decisions/\(decision.id)/reviews"
            let noDate = try await app.api(.POST, path, token: caseworker, json: #"{"outcome":"confirm","justification":"Still no alternative"}"#, headers: [("If-Match", "\"\(version)\"")])
            #expect(noDate.status == .unprocessableEntity)
            let today = DayDate(clock.now)
            let confirmed = try await app.api(.POST, path, token: caseworker,
                                              json: #"{"outcome":"confirm","justification":"Still no alternative","nextReviewDate":"\#(today.addingDays(20))"}"#,
                                              headers: [("If-Match", "\"\(version)\"")])
            #expect(confirmed.status == .ok, "\(confirmed.body.string)")
            #expect(try JSONDecoder().decode([Item].self, from: try await app.api(.GET, "/api/v1/reviews", token: caseworker).body).isEmpty)

            // The age is disputed now: detention can no longer be confirmed.
            let disputed = try await app.api(.PATCH, "/api/v1/persons/\(person)", token: caseworker, json: #"{"ageDisputed":true}"#, headers: [("If-Match", "*")])
            #expect(disputed.status == .ok)
            let refused = try await app.api(.POST, path, token: caseworker,
                                            json: #"{"outcome":"confirm","justification":"Still","nextReviewDate":"\#(today.addingDays(25))"}"#, headers: [("If-Match", "*")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("child_detention_forbidden"))
            #expect(try await DecisionReviewRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("Check-ins under a reporting condition: on time, late, and missed beyond the grace period raises an alert")
    func compliance() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Musa Bello","sex":"male","claimedAge":33,"nationality":"NGA"}"#)[0]
            try await f.screen(person)
            let decision = try #require(try await f.propose(person, DecisionFixture.body("release_with_conditions", #""conditions":[{"kind":"reporting","reportingIntervalDays":7}]"#)).0)
            #expect(try await f.act(decision, "approve", token: f.r.supervisor).status == .ok)
            clock.advance(7 * 86400)
            let caseworker = try await app.token("caseworker")
            struct Due: Decodable { let due: String; let status: String }
            let first = try await app.api(.POST, "/api/v1/decisions/\(decision.id)/check-ins", token: caseworker, json: #"{"kind":"reported"}"#)
            #expect(first.status == .created, "\(first.body.string)")
            #expect(try JSONDecoder().decode([Due].self, from: first.body).first?.status == "on_time")
            let twice = try await app.api(.POST, "/api/v1/decisions/\(decision.id)/check-ins", token: caseworker, json: #"{"kind":"reported"}"#)
            #expect(twice.status == .conflict)
            let future = try await app.api(.POST, "/api/v1/decisions/\(decision.id)/check-ins", token: caseworker,
                                           json: #"{"date":"\#(DayDate(clock.now).addingDays(3))"}"#)
            #expect(future.status == .unprocessableEntity)
            struct Missed: Decodable { let personId: UUID; let missed: Int }
            #expect(try JSONDecoder().decode([Missed].self, from: try await app.api(.GET, "/api/v1/alerts/missed-check-ins", token: caseworker).body).isEmpty)

            clock.advance(10 * 86400)   // day 17: the check-in due on day 14 is past its 2 days of grace
            let later = try await app.token("caseworker")
            let missed = try JSONDecoder().decode([Missed].self, from: try await app.api(.GET, "/api/v1/alerts/missed-check-ins", token: later).body)
            #expect(missed.count == 1 && missed.first?.personId == person && missed.first?.missed == 1)
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            #expect(try await browser.get("/?lang=fr").body.string.contains("/follow-up"))
        }
    }

    @Test("The priority queue puts the unaccompanied child first, with reasons, and leaves out people with an approved alternative")
    func priorityQueue() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let ids = try await f.people(#"{"nameLatin":"Plain Adult","sex":"male","claimedAge":35,"nationality":"EGY"},{"nameLatin":"Hawa Traore","sex":"female","claimedAge":24,"nationality":"MLI","urgentNeeds":["pregnant"]},{"nameLatin":"Abdou Issa","sex":"male","claimedAge":14,"nationality":"NER"},{"nameLatin":"Ali Hamid","sex":"male","claimedAge":50,"nationality":"SDN","urgentNeeds":["medical_emergency"]}"#)
            struct Page: Decodable { struct I: Decodable { struct R: Decodable { let code: String; let label: String }; let personId: UUID; let reasons: [R] }; let items: [I]; let total: Int }
            let page = try JSONDecoder().decode(Page.self, from: try await app.api(.GET, "/api/v1/priority-queue", token: f.r.caseworker).body)
            #expect(page.items.map(\.personId) == [ids[2], ids[3], ids[1], ids[0]])
            #expect(page.items.first?.reasons.map(\.code).contains("unaccompanied_child") == true)
            #expect(page.items.first?.reasons.allSatisfy { !$0.label.hasPrefix("priority_reason.") } == true)

            try await f.screen(ids[0])
            let release = try #require(try await f.propose(ids[0], DecisionFixture.body("release")).0)
            #expect(try await f.act(release, "approve", token: f.r.supervisor).status == .ok)
            let after = try JSONDecoder().decode(Page.self, from: try await app.api(.GET, "/api/v1/priority-queue", token: f.r.caseworker).body)
            #expect(after.total == 3 && !after.items.map(\.personId).contains(ids[0]))
            #expect(try await app.api(.GET, "/api/v1/priority-queue", token: f.r.coast).status == .forbidden)
        }
    }

    @Test("Screenings and decisions do not exist for users outside the person's scope")
    func scope() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Rahel Tesfaye","sex":"female","claimedAge":29,"nationality":"ERI"}"#)[0]
            let screening = try await f.screen(person)
            let decision = try #require(try await f.propose(person, DecisionFixture.body("release")).0)
            let consular = try await app.token("consular")
            let operatorToken = try await app.token("facility_operator")
            #expect(try await app.api(.GET, "/api/v1/decisions/\(decision.id)", token: operatorToken).status == .notFound)
            #expect(try await app.api(.GET, "/api/v1/persons/\(person)/decisions", token: operatorToken).status == .notFound)
            // Embassies have no person routes at all (their own routes show identity and documents only).
            #expect(try await app.api(.GET, "/api/v1/decisions/\(decision.id)", token: consular).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/persons/\(person)/decisions", token: consular).status == .forbidden)
            #expect(try await app.api(.GET, "/api/v1/screenings/\(screening.id)", token: consular).status == .forbidden)
            let social = try await app.token("social_worker")
            #expect(try await app.api(.GET, "/api/v1/screenings/\(screening.id)", token: social).status == .ok)
        }
    }
}

@Suite("Screening and decisions in the browser")
struct ScreeningWebTests {
    @Test("A caseworker screens a person step by step in Arabic; completing too early names what is missing and saves nothing")
    func wizard() async throws {
        let clock = TestClock()
        try await TestApp.run(clock: { clock.now }) { app in
            let f = try await DecisionFixture.make(app, clock: clock)
            let person = try await f.people(#"{"nameLatin":"Hawa Adam","sex":"female","claimedAge":27,"nationality":"SDN"}"#)[0]
            let browser = Browser(app)
            _ = try await browser.signIn("caseworker")
            _ = try await browser.get("/persons/\(person)?lang=ar")
            let started = try await browser.post("/persons/\(person)/screenings", [:])
            #expect(started.status == .seeOther)
            let location = try #require(started.headers.first(name: .location))
            let path = String(location.split(separator: "?")[0])
            let step0 = try await browser.get(path + "?step=0&lang=ar")
            #expect(step0.status == .ok)
            #expect(step0.body.string.contains(#"dir="rtl""#))
            let saved = try await browser.post(path, ["step": "0", "version": "1", "go": "next", "q.interview.interviewer_name": "A. Interviewer",
                                                      "q.interview.date": DayDate(clock.now).description, "q.interview.place": "Tajoura",
                                                      "q.interview.language": "ar", "q.interview.interpreter_used": "no", "q.interview.consent": "yes",
                                                      "risk": "none"])
            #expect(saved.status == .seeOther, "\(saved.body.string.prefix(400))")
            let early = try await browser.post(path + "?lang=ar", ["step": "7", "version": "2", "go": "complete", "interventionLevel": "", "summary": ""])
            #expect(early.status == .unprocessableEntity)
            #expect(early.body.string.contains("error-summary"))
            let record = try #require(try await ScreeningRecord.query(on: app.db).first())
            #expect(record.status == "draft" && record.version == 2)
            #expect(record.answerValues["interview.consent"] == .bool(true))

            // The rest through the API, then completed from the summary step of the wizard.
            let rest = try await app.api(.PATCH, "/api/v1/screenings/\(record.id!)", token: f.r.caseworker,
                                         json: #"{"answers":\#(f.answers()),"sections":\#(DecisionFixture.lowRisk)}"#, headers: [("If-Match", "\"2\"")])
            #expect(rest.status == .ok, "\(rest.body.string)")
            let done = try await browser.post(path, ["step": "7", "version": "3", "go": "complete", "interventionLevel": "low", "summary": "Nothing found"])
            #expect(done.status == .seeOther, "\(done.body.string.prefix(600))")
            let view = try await browser.get(path + "?lang=fr")
            #expect(view.status == .ok)
            #expect(try await ScreeningRecord.find(record.id, on: app.db)?.status == "completed")
            // The decision form shows the screening beside the five steps.
            let form = try await browser.get("/persons/\(person)/decisions/new?lang=en")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("presumptionOfLiberty"))
        }
    }
}
