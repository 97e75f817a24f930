import Testing
@testable import BadilCore

@Suite("Child protection and tracing rules")
struct ChildRulesTests {
    static let today = DayDate("2026-03-10")!

    static func issues(_ run: () throws -> Void) -> [String] {
        do { try run(); return [] }
        catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" } }
        catch { return ["other"] }
    }

    static func bia(heard: Bool? = true, views: String? = "Wants to go to school", reason: String? = nil, care: String? = "foster_family",
                    on day: String? = "2026-03-10", trigger: String? = "identification", recommendation: String? = "Foster family") -> BIAFacts {
        BIAFacts(conductedOn: day, trigger: trigger, childHeard: heard, childViews: views, notHeardReason: reason, recommendation: recommendation,
                 recommendedCare: care)
    }

    @Test("Assessment table", arguments: [
        (bia(), [String]()),
        (bia(heard: false, views: nil, reason: "Too young to express a view"), []),
        (bia(heard: true, views: nil), ["childViews:required"]),
        (bia(heard: false, views: "x", reason: nil), ["notHeardReason:required"]),
        (bia(heard: nil), ["childHeard:required"]),
        (bia(on: "2026-03-11"), ["conductedOn:date_in_future"]),
        (bia(on: nil, trigger: "whim"), ["conductedOn:required", "trigger:unknown_value"]),
        (bia(care: nil, recommendation: "  "), ["recommendation:required", "recommendedCare:required"]),
    ])
    func assessment(_ f: BIAFacts, _ expected: [String]) {
        #expect(Self.issues { _ = try BestInterestsRules.validate(f, today: Self.today) } == expected)
    }

    static let three = [PanelMember(name: "A. Chair", role: "Chair"), PanelMember(name: "B. Social", role: "Social worker"),
                        PanelMember(name: "C. Officer", role: "Protection officer", organisation: "NGO")]

    static func bid(_ panel: [PanelMember], bia: DayDate? = DayDate("2026-03-01"), on day: String = "2026-03-05") -> BIDFacts {
        BIDFacts(decidedOn: day, solution: "family_reunification", rationale: "Father found and willing.", panel: panel, latestBIAOn: bia)
    }

    @Test("Determination panel table", arguments: [
        (bid(three), [String]()),
        (bid([]), ["panel:panel_required"]),
        (bid(Array(three.prefix(2))), ["panel:panel_required"]),
        // Blank rows of the web form are not members.
        (bid(three + [PanelMember(name: " ", role: "", organisation: nil)]), []),
        (bid(three + [PanelMember(name: "a.  chair", role: "Observer")]), ["panel.3.name:duplicate_entry"]),
        (bid([three[0], three[1], PanelMember(name: "D", role: nil)]), ["panel.2.role:required"]),
        (bid(three, bia: nil), ["bia:bia_required"]),
        (bid(three, on: "2026-02-20"), ["decidedOn:before_assessment"]),
    ])
    func determination(_ f: BIDFacts, _ expected: [String]) {
        #expect(Self.issues { _ = try BestInterestsRules.validate(f, today: Self.today) } == expected)
    }

    @Test("Care arrangements never overlap and never start in the future")
    func care() {
        let current = DayDate("2026-03-01")
        func check(_ day: String, _ type: String? = "foster_family", caregiver: String? = "Family Z") -> [String] {
            Self.issues { _ = try CareArrangementRules.validate(CareFacts(careType: type, caregiver: caregiver, startedOn: day, currentStartedOn: current),
                                                                 today: Self.today) }
        }
        #expect(check("2026-03-01") == [])
        #expect(check("2026-03-10") == [])
        #expect(check("2026-02-28") == ["startedOn:before_current_care"])
        #expect(check("2026-03-11") == ["startedOn:date_in_future"])
        #expect(check("2026-03-05", "orphanage", caregiver: " ") == ["careType:unknown_value", "caregiver:required"])
        #expect(Self.issues { _ = try CareArrangementRules.validate(GuardianFacts(name: "M", role: "legal_guardian", appointedOn: "2026-02-01",
                                                                                 currentAppointedOn: current), today: Self.today) }
                == ["appointedOn:before_current_guardian"])
        #expect(Self.issues { _ = try CareArrangementRules.validateEnd("2026-02-01", appointedOn: current!, today: Self.today) } == ["endedOn:before_appointment"])
    }

    @Test("Tracing request: a name, a relationship, a sex that fits it")
    func request() throws {
        func check(_ f: TracingRequestFacts) -> [String] { Self.issues { _ = try TracingRules.validate(f, today: Self.today) } }
        #expect(check(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: nil, soughtSex: nil, relationship: "mother")) == ["soughtNameOriginal:name_required"])
        #expect(check(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: "فاطمة", soughtSex: nil, relationship: "mother")) == ["soughtNameLatin:latin_script_expected"])
        #expect(check(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: "Fatma", soughtSex: "male", relationship: "mother")) == ["soughtSex:sex_contradicts_relationship"])
        #expect(check(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: "Fatma", soughtSex: nil, relationship: "aunt")) == ["relationship:unknown_value"])
        #expect(check(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: "Fatma", soughtSex: nil, soughtApproxAge: 200, relationship: "mother"))
                == ["soughtApproxAge:age_out_of_range"])
        let ok = try TracingRules.validate(TracingRequestFacts(soughtNameOriginal: nil, soughtNameLatin: "Fatma Adam", soughtSex: nil, soughtApproxAge: 40,
                                                                relationship: "mother"), today: Self.today)
        #expect(ok.soughtSex == .female && ok.soughtBirthYear == 1986)
    }

    @Test("A mother sought in Latin letters is found registered in Arabic script; a man of the same name is not")
    func crossScript() {
        let sought = TracingRules.soughtInput(original: nil, latin: "Fatma Adam", sex: "female", birthYear: 1986)
        let mother = MatchCandidateInput(names: PersonNameForms(original: "فاطمة آدم", latin: nil), sex: "female", birthYear: 1985,
                                         birthYearEstimated: true, nationality: "TCD")
        let found = TracingRules.score(sought: sought, person: mother)
        #expect(found != nil && found!.score >= DuplicateRules.candidateThreshold)
        let man = MatchCandidateInput(names: PersonNameForms(original: "فاطمة آدم", latin: nil), sex: "male", birthYear: 1985, birthYearEstimated: true, nationality: nil)
        #expect(TracingRules.score(sought: sought, person: man) == nil)
        let other = MatchCandidateInput(names: PersonNameForms(original: "مريم حسن", latin: nil), sex: "female", birthYear: 1985, birthYearEstimated: true, nationality: nil)
        #expect(TracingRules.score(sought: sought, person: other) == nil)
    }

    @Test("Two requests seeking each other are a mutual match")
    func mutual() {
        let child = MatchCandidateInput(names: PersonNameForms(original: "أبكر حسن", latin: "Abakar Hassan"), sex: "male", birthYear: 2010, birthYearEstimated: true, nationality: "TCD")
        let mother = MatchCandidateInput(names: PersonNameForms(original: "فاطمة آدم", latin: nil), sex: "female", birthYear: 1985, birthYearEstimated: true, nationality: "TCD")
        let mine = TracingSides(seeker: child, sought: TracingRules.soughtInput(original: nil, latin: "Fatma Adam", sex: "female", birthYear: 1986))
        let theirs = TracingSides(seeker: mother, sought: TracingRules.soughtInput(original: nil, latin: "Abakar Hasan", sex: "male", birthYear: 2010))
        let s = TracingRules.score(mine, theirs)
        #expect(s?.mutual == true)
        let stranger = TracingSides(seeker: mother, sought: TracingRules.soughtInput(original: nil, latin: "Ibrahim Musa", sex: "male", birthYear: 1990))
        #expect(TracingRules.score(mine, stranger) == nil)
    }

    @Test("Verification needs a method and both sides' wishes; reunification a verified match both wish and a family BIA for a child")
    func verificationAndReunification() {
        func verify(_ f: VerificationFacts) -> [String] { Self.issues { _ = try TracingRules.validate(f, today: Self.today) } }
        #expect(verify(VerificationFacts(method: "interview", verifiedOn: "2026-03-09", seekerWishes: true, soughtWishes: false, matchStatus: .proposed)) == [])
        #expect(verify(VerificationFacts(method: nil, verifiedOn: "2026-03-09", seekerWishes: nil, soughtWishes: true, matchStatus: .proposed))
                == ["method:required", "seekerWishes:required"])
        #expect(verify(VerificationFacts(method: "photo", verifiedOn: "2026-03-09", seekerWishes: true, soughtWishes: true, matchStatus: .rejected))
                == ["match:match_not_proposed"])
        let verified = (on: DayDate("2026-03-05")!, seekerWishes: true, soughtWishes: true)
        func reunify(_ v: (on: DayDate, seekerWishes: Bool, soughtWishes: Bool)?, _ children: [Bool], on day: String = "2026-03-08") -> [String] {
            Self.issues { _ = try TracingRules.validate(ReunificationFacts(reunifiedOn: day, place: "Tripoli", verified: v, childrenRecommendFamily: children),
                                                        today: Self.today) }
        }
        #expect(reunify(verified, [true]) == [])
        #expect(reunify(verified, []) == [])
        #expect(reunify(nil, []) == ["match:verification_required"])
        #expect(reunify(verified, [false]) == ["bia:best_interests_check_required"])
        #expect(reunify((verified.on, true, false), [true]) == ["match:wishes_not_agreed"])
        #expect(reunify(verified, [true], on: "2026-03-01") == ["reunifiedOn:before_verification"])
    }

    @Test("A request closes without reunification only while open and with a reason")
    func closeRequest() throws {
        #expect(try TracingRules.close(status: .open, reason: " Withdrawn ") == "Withdrawn")
        #expect(throws: DomainError.self) { try TracingRules.close(status: .open, reason: " ") }
        #expect(throws: DomainError.self) { try TracingRules.close(status: .open, reason: nil) }
        #expect(throws: DomainError.self) { try TracingRules.close(status: .reunified, reason: "Done") }
        #expect(throws: DomainError.self) { try TracingRules.close(status: .closed, reason: "Again") }
    }

    @Test("Tracing consent counts whatever recipient it names, and not once withdrawn")
    func consent() {
        let day = Self.today
        #expect(TracingRules.hasConsent([ConsentRecord(purpose: .tracing, recipientOrganizationID: "org", givenOn: DayDate("2026-03-01")!)], on: day))
        #expect(!TracingRules.hasConsent([ConsentRecord(purpose: .tracing, givenOn: DayDate("2026-03-01")!, withdrawnOn: DayDate("2026-03-05")!)], on: day))
        #expect(!TracingRules.hasConsent([ConsentRecord(purpose: .referral, givenOn: DayDate("2026-03-01")!)], on: day))
    }
}
