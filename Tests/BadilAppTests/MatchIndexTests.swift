import Fluent
import Foundation
import Testing
import VaporTesting
@testable import BadilApp
@testable import BadilCore

/// The in-memory duplicate index (`MatchIndexStore`) against the database it mirrors: registrations, corrections
/// and merges made anywhere (another instance, a direct write) reach the next duplicate check.
@Suite("Duplicate index kept in step with the database")
struct MatchIndexTests {
    static func check(_ app: Application, _ r: RegistrationFixture, _ draft: String) async throws -> String {
        let res = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/duplicate-check", token: r.caseworker, json: draft)
        #expect(res.status == .ok, "\(res.body.string)")
        return res.body.string
    }

    @Test("A registration on another instance is a candidate on this one at once; so is its corrected name, and not the old one")
    func otherInstance() async throws {
        try await TestApp.runTwo { first, second in
            let r = try await RegistrationFixture.make(first)
            // The first instance builds its index before anyone is registered.
            let none = try await Self.check(first, r, #"{"nameOriginal":"محمد عبد الرحمن","sex":"male","claimedAge":30,"nationality":"SDN"}"#)
            #expect(!none.contains("LBY-"))
            let coast = try await second.token("coast_guard")
            let res = try await second.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/registrations", token: coast,
                                           json: #"{"rows":[{"nameLatin":"Mohamed Abderrahmane","sex":"male","claimedAge":29,"nationality":"SDN"}]}"#)
            #expect(res.status == .created, "\(res.body.string)")
            let batch = try JSONDecoder().decode(RegistrationFixture.Batch.self, from: res.body)
            let number = batch.people[0].person.caseNumber
            let found = try await Self.check(first, r, #"{"nameOriginal":"محمد عبد الرحمن","sex":"male","claimedAge":30,"nationality":"SDN"}"#)
            #expect(found.contains(number), "\(found)")
            // Corrected on the second instance: the first finds the new name and no longer the old one.
            let caseworker2 = try await second.token("caseworker")
            let fix = try await second.api(.PATCH, "/api/v1/persons/\(batch.people[0].person.id.uuidString)", token: caseworker2,
                                           json: #"{"nameLatin":"Yohannes Tesfay Kidane","nationality":"ERI"}"#, headers: [("If-Match", "\"1\"")])
            #expect(fix.status == .ok, "\(fix.body.string)")
            let old = try await Self.check(first, r, #"{"nameOriginal":"محمد عبد الرحمن","sex":"male","claimedAge":30,"nationality":"SDN"}"#)
            #expect(!old.contains(number), "\(old)")
            let new = try await Self.check(first, r, #"{"nameLatin":"Yohanes Tesfai Kidane","sex":"male","claimedAge":29,"nationality":"ERI"}"#)
            #expect(new.contains(number), "\(new)")
        }
    }

    @Test("A person written straight into the database (a bulk load, another tool) is found; a merged record is not proposed")
    func directWritesAndMerges() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let a = try #require(try await r.register(#"{"nameLatin":"Adam Yahya Haroun","sex":"male","claimedAge":15,"nationality":"SDN"}"#))
            let b = try #require(try await r.register(#"{"nameOriginal":"ادم يحي هارون","sex":"male","claimedAge":15,"nationality":"SDN"}"#))
            #expect(b.people[0].candidates.count == 1)
            // Written without the registration service.
            let direct = PersonRecord()
            direct.id = UUID()
            direct.caseNumber = "LBY-TRP-2026-990001"
            direct.$arrival.id = r.arrivalID
            direct.nameLatin = "Ibrahim Moussa Abakar"; direct.nameKey = "ibrahim moussa abakar"
            direct.sex = "male"; direct.claimedAge = 40; direct.recordedOn = DayDate(app.badil.now).description
            direct.dateOfBirthEstimated = false; direct.ageDisputed = false
            direct.nationality = "TCD"; direct.languages = ""; direct.urgentNeeds = ""; direct.careStatus = ""
            direct.registeredByID = r.fx.users[.caseworker]!.id!; direct.organizationID = r.fx.iom.id!; direct.fromAuthority = false
            direct.version = 1
            direct.deriveAgeColumns()
            try await PersonWrites.insert([direct], on: app.db)
            let found = try await Self.check(app, r, #"{"nameLatin":"Ibrahim Musa Abakar","sex":"male","claimedAge":41,"nationality":"TCD"}"#)
            #expect(found.contains("LBY-TRP-2026-990001"), "\(found)")
            // A registrar who sees only their own registrations learns that a match exists, not who it is.
            let blind = try await app.api(.POST, "/api/v1/arrivals/\(r.arrivalID.uuidString)/duplicate-check", token: r.coast,
                                          json: #"{"nameLatin":"Ibrahim Musa Abakar","sex":"male","claimedAge":41,"nationality":"TCD"}"#)
            #expect(blind.status == .ok)
            #expect(blind.body.string.contains(#""visible":false"#), "\(blind.body.string)")
            #expect(!blind.body.string.contains("990001") && !blind.body.string.contains("Abakar"), "\(blind.body.string)")
            // Merged: only the surviving record is proposed.
            struct Page: Decodable { struct Pair: Decodable { let id: UUID }; let items: [Pair] }
            let queue = try JSONDecoder().decode(Page.self, from: try await app.api(.GET, "/api/v1/duplicates", token: r.caseworker).body)
            let pair = try #require(queue.items.first)
            #expect(try await app.api(.POST, "/api/v1/duplicates/\(pair.id.uuidString)/decision", token: r.caseworker, json: #"{"decision":"same"}"#).status == .ok)
            let after = try await Self.check(app, r, #"{"nameLatin":"Adam Yahia Haroun","sex":"male","claimedAge":15,"nationality":"SDN"}"#)
            #expect(after.contains(a.people[0].person.caseNumber), "\(after)")
            #expect(!after.contains(b.people[0].person.caseNumber), "\(after)")
        }
    }

    @Test("Blocking loses nobody on a small caseload: the candidates are those of scoring everyone")
    func sameAsScoringEveryone() async throws {
        try await TestApp.run { app in
            let r = try await RegistrationFixture.make(app)
            let names: [(String?, String?)] = [("Mohamed Ali Osman", "محمد علي عثمان"), ("Fatima Adam Issa", "فاطمة آدم عيسى"), ("Ibrahim Yacoub", "ابراهيم يعقوب"),
                         ("Amina Garba", nil), ("Abdelkader Haroun Idris", nil), (nil, "خديجة محمود"), ("Youssef Omar", "يوسف عمر")]
            var rows: [String] = []
            for (i, (latin, original)) in names.enumerated() {
                for age in [20, 23, 31] {
                    let sex = i == 1 || i == 3 || i == 5 ? "female" : "male"
                    var fields = [#""sex":"\#(sex)""#, #""claimedAge":\#(age + i)"#, #""nationality":"SDN""#]
                    if let latin { fields.append(#""nameLatin":"\#(latin)""#) }
                    if let original, age != 23 || latin == nil { fields.append(#""nameOriginal":"\#(original)""#) }
                    rows.append("{" + fields.joined(separator: ",") + "}")
                }
            }
            try await r.register(rows.joined(separator: ","))
            let today = DayDate(app.badil.now)
            let probeRows: [(String?, String?, String, Int)] = [
                ("Mohamed Ali Osman", nil, "male", 22), (nil, "محمد علي عثمان", "male", 31), ("Fatma Adam", nil, "female", 25),
                ("Yusuf Omar", nil, "unknown", 30), (nil, "خديجه محمود", "female", 29), ("Abdulkadir Idris Haroun", nil, "male", 33),
            ]
            let probes = probeRows.map { latin, original, sex, age in
                DuplicateFinder.Probe(id: nil, registration: Registration(
                    nameOriginal: original, nameLatin: latin, sex: Sex(rawValue: sex)!,
                    age: AgeFacts(dateOfBirth: nil, dateOfBirthEstimated: false, claimedAge: age, recordedOn: today),
                    nationality: "SDN", languages: [], urgentNeeds: []))
            }
            let memory = try await DuplicateFinder(db: app.db, index: app.badil.matchIndex).candidates(for: probes, actor: nil)
            // Everyone registered, scored with the same rules, best first, at most the same number.
            let everyone = try await PersonRecord.query(on: app.db).filter(\.$mergedIntoID == nil).all()
            #expect(everyone.count == 21)
            for (probe, found) in zip(probes, memory) {
                let mine = DuplicateFinder.input(probe.registration)
                let brute = everyone.compactMap { p in DuplicateRules.score(mine, DuplicateFinder.input(p)).map { (p, $0) } }
                    .filter { $0.1.isCandidate }
                    .sorted { ($0.1.score, $1.0.caseNumber) > ($1.1.score, $0.0.caseNumber) }
                    .prefix(DuplicateFinder.maxCandidates)
                #expect(found.map(\.personID) == brute.map { $0.0.id! }, "\(probe.registration.nameLatin ?? probe.registration.nameOriginal ?? "")")
                #expect(found.map(\.score) == brute.map(\.1.score))
            }
            #expect(memory.allSatisfy { !$0.isEmpty }, "every probe has a candidate")
        }
    }
}
