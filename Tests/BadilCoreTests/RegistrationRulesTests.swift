import Foundation
import Testing
@testable import BadilCore

@Suite("Age and the child pathway")
struct AgeRulesTests {
    let today = DayDate("2026-11-29")!

    @Test("Dates", arguments: [("2024-02-29", true), ("2023-02-29", false), ("2026-13-01", false), ("26-01-01", false), ("2026-04-31", false), ("1990-12-31", true)])
    func dates(_ text: String, _ valid: Bool) {
        #expect((DayDate(text) != nil) == valid)
    }

    @Test("Who is a child", arguments: [
        // (dob, claimed age, assessed age, disputed, child?)
        ("2010-01-01", nil as Int?, nil as Int?, false, true),
        ("2008-11-29", nil, nil, false, false),          // 18 today
        ("2008-11-30", nil, nil, false, true),           // 18 tomorrow
        (nil, 17, nil, false, true),
        (nil, 25, nil, false, false),
        (nil, 25, 16, false, true),                      // any fact under 18 counts: benefit of the doubt
        (nil, 16, 19, false, true),
        (nil, 30, nil, true, true),                      // disputed: a child until resolved
        (nil, nil, nil, false, false),
    ])
    func child(_ dob: String?, _ claimed: Int?, _ assessed: Int?, _ disputed: Bool, _ expected: Bool) {
        let f = AgeFacts(dateOfBirth: dob.flatMap(DayDate.init), claimedAge: claimed, recordedOn: today, assessedAge: assessed, assessedOn: today, disputed: disputed)
        #expect(AgeRules.isChild(f, on: today) == expected)
    }

    @Test func claimedAgeAgesWithTime() {
        let f = AgeFacts(claimedAge: 17, recordedOn: DayDate("2025-06-01")!)
        #expect(AgeRules.childUntil(f) == DayDate("2026-06-01"))
        #expect(!AgeRules.isChild(f, on: today))
        #expect(AgeRules.age(f, on: today) == 18)
        #expect(AgeRules.birthYear(f)! == (2008, true))
    }

    @Test func leapDayBirthdays() {
        #expect(DayDate("2008-02-29")!.addingYears(18) == DayDate("2026-02-28"))
        #expect(DayDate("2008-02-29")!.years(until: today) == 18)
    }

    @Test("Impossible ages are refused")
    func impossible() {
        var v = FieldChecker()
        AgeRules.check(AgeFacts(dateOfBirth: DayDate("2027-01-01"), claimedAge: 121, recordedOn: today, assessedAge: -1), today: today, into: &v)
        #expect(v.issues.map(\.field) == ["dateOfBirth", "claimedAge", "assessedAge"])
        var w = FieldChecker()
        AgeRules.check(AgeFacts(dateOfBirth: DayDate("1890-01-01"), recordedOn: today), today: today, into: &w)
        #expect(w.issues.map(\.code) == ["age_out_of_range"])
    }
}

@Suite("Care situation of a child")
struct CareRulesTests {
    @Test("Table", arguments: [
        ([GroupMember(isChild: false, relationshipToChild: .mother)], nil as CareStatus?, CareStatus.accompanied),
        ([GroupMember(isChild: false, relationshipToChild: .caregiver)], nil, .accompanied),
        ([GroupMember(isChild: false, relationshipToChild: .otherRelative)], nil, .separated),
        ([GroupMember(isChild: false, relationshipToChild: .sibling)], nil, .separated),
        ([GroupMember(isChild: true, relationshipToChild: .sibling)], nil, .unaccompanied),     // a child sibling is not a carer
        ([GroupMember(isChild: true, relationshipToChild: .mother)], nil, .unaccompanied),      // a mother under 18 is a child herself
        ([GroupMember(isChild: false, relationshipToChild: .companion)], nil, .unaccompanied),
        ([], nil, .unaccompanied),
        ([], .separated, .separated),                                                            // a caseworker's assessment wins
        ([GroupMember(isChild: false, relationshipToChild: .father)], .unaccompanied, .unaccompanied),
    ])
    func table(_ members: [GroupMember], _ override: CareStatus?, _ expected: CareStatus) {
        #expect(CareRules.careStatus(members: members, override: override) == expected)
    }

    @Test func inverseLinks() {
        #expect(Relationship.mother.inverse(personSex: .male) == .child)
        #expect(Relationship.child.inverse(personSex: .female) == .mother)
        #expect(Relationship.child.inverse(personSex: .male) == .father)
        #expect(Relationship.child.inverse(personSex: .unknown) == .otherRelative)
        #expect(Relationship.spouse.inverse(personSex: .female) == .spouse)
    }
}

@Suite("Registration rules")
struct RegistrationRulesTests {
    let codes = ReferenceCodes(countries: ["NER", "SDN", "ERI"], languages: ["ar", "ha", "ti", "taq"], adminAreas: [])
    let today = DayDate("2026-11-29")!

    func issues(_ d: RegistrationDraft) -> [String] {
        do { _ = try RegistrationRules.validate(d, codes: codes, today: today); return [] }
        catch DomainError.invalid(let found) { return found.map { "\($0.field):\($0.code)" } }
        catch { return ["other"] }
    }

    @Test("Table of refusals", arguments: [
        (RegistrationDraft(sex: "male"), ["nameOriginal:name_required"]),
        (RegistrationDraft(nameOriginal: "   ", nameLatin: "\u{0007}", sex: "male"), ["nameOriginal:name_required"]),
        (RegistrationDraft(nameLatin: "محمد", sex: "male"), ["nameLatin:latin_script_expected"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "woman"), ["sex:unknown_value"]),
        (RegistrationDraft(nameLatin: "Amina"), ["sex:required"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "female", dateOfBirth: "2030-01-01"), ["dateOfBirth:date_in_future"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "female", dateOfBirth: "01/02/2000"), ["dateOfBirth:invalid_date"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "female", claimedAge: 130), ["claimedAge:age_out_of_range"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "female", nationality: "XYZ"), ["nationality:unknown_country"]),
        (RegistrationDraft(nameLatin: "Amina", sex: "female", languages: ["xx"]), ["languages:unknown_language"]),
        (RegistrationDraft(nameLatin: "Musa", sex: "male", urgentNeeds: ["pregnant"]), ["urgentNeeds:pregnant_requires_not_male"]),
        (RegistrationDraft(nameLatin: "Musa", sex: "male", urgentNeeds: ["hungry"]), ["urgentNeeds:unknown_value"]),
    ])
    func refusals(_ d: RegistrationDraft, _ expected: [String]) {
        #expect(issues(d) == expected)
    }

    @Test func normalises() throws {
        let r = try RegistrationRules.validate(RegistrationDraft(nameOriginal: " محمد عبد الرحمن ", sex: "male", claimedAge: 15, nationality: "sdn",
                                                                  languages: ["AR", "ar", "taq"], urgentNeeds: ["possible_child"]),
                                                codes: codes, today: today)
        #expect(r.nameOriginal == "محمد عبد الرحمن")
        #expect(r.nationality == "SDN")
        #expect(r.languages == ["ar", "taq"])
        #expect(r.age.disputed, "a possible child is treated as a child until assessed")
        let stateless = try RegistrationRules.validate(RegistrationDraft(nameLatin: "Tesfay", sex: "male", nationality: "Stateless"), codes: codes, today: today)
        #expect(stateless.nationality == "stateless")
        let unknown = try RegistrationRules.validate(RegistrationDraft(nameLatin: "Tesfay", sex: "male"), codes: codes, today: today)
        #expect(unknown.nationality == "undetermined")
    }

    @Test func caseNumbers() {
        #expect(CaseNumber.format(prefix: CaseNumber.prefix(country: "lby", office: "trp", year: 2026), sequence: 123) == "LBY-TRP-2026-000123")
        #expect(CaseNumber.format(prefix: "LBY-TRP-2026", sequence: 1_234_567) == "LBY-TRP-2026-1234567")
        #expect(CaseNumber.looksLikeCaseNumber("LBY-TRP-2026-000123"))
        #expect(!CaseNumber.looksLikeCaseNumber("Mohamed Ali"))
        #expect(CaseNumber.isValidOffice("TRP") && !CaseNumber.isValidOffice("tr"))
    }
}
