import Foundation
import Testing
@testable import BadilCore

/// The field issues a throwing rule reported, as "field:code" (empty when it passed).
func fieldIssues(_ body: () throws -> Void) -> [String] {
    do { try body(); return [] }
    catch DomainError.invalid(let found) { return found.map { "\($0.field):\($0.code)" } }
    catch { return ["\(error)"] }
}

enum VST {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources/Instruments/vst-1.json")

    /// The shipped instrument, decoded without the definition check (tested on its own).
    static let instrument: ScreeningInstrument = try! JSONDecoder().decode(ScreeningInstrument.self, from: Data(contentsOf: url))

    static let today = DayDate("2026-11-29")!

    /// A complete screening of an adult with nothing found.
    static let adult: ScreeningAnswers = [
        "interview.interviewer_name": .string("Salma Ben Ali"),
        "interview.date": .string("2026-11-29"),
        "interview.place": .string("Tariq al-Matar"),
        "interview.language": .string("Tigrinya"),
        "interview.interpreter_used": .bool(true),
        "interview.consent": .bool(true),
        "preliminary.medical_emergency": .bool(false),
        "preliminary.possible_child": .bool(false),
        "preliminary.immediate_danger": .bool(false),
        "health.physical": .bool(false),
        "health.mental": .bool(false),
        "health.disability": .bool(false),
        "health.pregnancy": .string("none"),
        "protection.torture": .bool(false),
        "protection.trauma": .bool(false),
        "protection.nationality": .string("has_nationality"),
        "protection.documents": .bool(false),
        "protection.fear_of_return": .bool(false),
        "protection.unhcr": .bool(false),
        "other.single_carer": .bool(false),
        "other.other_situation": .bool(false),
    ]

    static let allSectionsAssessed = Dictionary(uniqueKeysWithValues: ScreeningSection.allCases.map { ($0, SectionAssessment(risk: .noRisk)) })

    static func with(_ changes: ScreeningAnswers, removing: [String] = []) -> ScreeningAnswers {
        var a = adult.merging(changes) { $1 }
        for key in removing { a[key] = nil }
        return a
    }
}

extension ScreeningInstrument {
    mutating func edit(_ key: String, _ change: (inout InstrumentQuestion) -> Void) {
        for s in sections.indices {
            for q in sections[s].questions.indices where sections[s].questions[q].key == key { change(&sections[s].questions[q]) }
        }
    }
}

@Suite("Screening instrument")
struct ScreeningInstrumentTests {
    @Test("The shipped VST passes its definition check")
    func shippedInstrumentIsValid() throws {
        #expect(fieldIssues { try VST.instrument.validateDefinition() } == [])
        let decoded = try ScreeningInstrument.decode(Data(contentsOf: VST.url))
        #expect(decoded == VST.instrument)
        #expect(decoded.id == "vst" && decoded.version == 1)
        #expect(decoded.sections.map(\.key) == ScreeningSection.allCases)
        #expect((25...35).contains(decoded.questions.count))
    }

    @Test("Every text of the VST is in English, French and Arabic")
    func everyLabelTranslated() {
        let arabicLetters = { (s: String) in s.unicodeScalars.contains { (0x0600...0x06FF).contains($0.value) } }
        var texts: [(String, LocalizedText)] = [("title", VST.instrument.title)]
        for section in VST.instrument.sections {
            texts.append((section.key.rawValue, section.title))
            for q in section.questions {
                texts.append((q.key, q.label))
                if let help = q.help { texts.append((q.key + ".help", help)) }
                for o in q.options ?? [] { texts.append((q.key + "." + o.key, o.label)) }
            }
        }
        for (name, text) in texts {
            #expect(text.isComplete, "\(name)")
            #expect(arabicLetters(text.ar), "\(name): Arabic text expected")
        }
        for (name, text) in texts where !name.contains(".") || VST.instrument.question(name) != nil {
            #expect(text.fr != text.en, "\(name): French text expected")
        }
    }

    @Test("Every indicator can be raised by some answer")
    func everyIndicatorReachable() {
        let raised = Set(VST.instrument.questions.flatMap { $0.raises.map(\.indicator) })
        #expect(raised == Set(Indicator.allCases))
    }

    @Test("Localized text", arguments: [
        ("en", "Child"), ("fr", "Enfant"), ("ar", "طفل"), ("fr-FR", "Enfant"), ("AR", "طفل"), ("de", "Child"), ("", "Child"),
    ])
    func localizedText(_ lang: String, _ expected: String) {
        #expect(LocalizedText(en: "Child", fr: "Enfant", ar: "طفل").text(lang) == expected)
    }

    @Test func missingTranslationFallsBackToEnglish() {
        let t = LocalizedText(en: "Child", fr: " ", ar: "")
        #expect(t.text("fr") == "Child" && t.text("ar") == "Child")
        #expect(!t.isComplete)
    }

    @Test("Answers are plain JSON", arguments: [
        ("true", AnswerValue.bool(true)), ("false", .bool(false)), ("\"separated\"", .string("separated")),
        ("17", .number(17)), ("36.5", .number(36.5)), ("[\"debt\",\"deceived\"]", .strings(["debt", "deceived"])),
        ("\"2026-11-29\"", .string("2026-11-29")), ("[]", .strings([])),
    ])
    func answerJSON(_ json: String, _ expected: AnswerValue) throws {
        let decoded = try JSONDecoder().decode(AnswerValue.self, from: Data(json.utf8))
        #expect(decoded == expected)
        #expect(String(decoding: try JSONEncoder().encode(decoded), as: UTF8.self) == json)
    }

    @Test func answerJSONRefusesObjects() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AnswerValue.self, from: Data("{\"a\":1}".utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AnswerValue.self, from: Data("[1,2]".utf8)) }
    }

    @Test func answersRoundTripAsAnObject() throws {
        let data = try JSONEncoder().encode(VST.adult)
        #expect(try JSONDecoder().decode(ScreeningAnswers.self, from: data) == VST.adult)
    }

    @Test func optionalFieldsOfAQuestionDefault() throws {
        let json = #"{"key":"other.details","label":{"en":"a","fr":"b","ar":"ج"},"type":"text"}"#
        let q = try JSONDecoder().decode(InstrumentQuestion.self, from: Data(json.utf8))
        #expect(!q.required && q.raises.isEmpty && q.options == nil && q.askedWhen == nil)
    }

    struct Broken: Sendable, CustomTestStringConvertible {
        let name: String
        let change: @Sendable (inout ScreeningInstrument) -> Void
        let expected: [String]
        var testDescription: String { name }
    }

    @Test("Definition errors", arguments: [
        Broken(name: "section missing", change: { $0.sections.removeLast() }, expected: ["sections.other:instrument_section_missing"]),
        Broken(name: "section twice", change: { $0.sections.append(InstrumentSection(key: .other, title: $0.sections[6].title, questions: [])) },
               expected: ["sections.other:instrument_section_duplicate"]),
        Broken(name: "duplicate key", change: { $0.edit("health.mental") { $0.key = "health.physical" } },
               expected: ["questions.health.physical:instrument_duplicate_key"]),
        Broken(name: "key outside its section", change: { $0.edit("health.mental") { $0.key = "other.mental" } },
               expected: ["questions.other.mental:instrument_key_prefix"]),
        Broken(name: "key is only the prefix", change: { $0.edit("health.mental") { $0.key = "health." } },
               expected: ["questions.health.:instrument_key_prefix"]),
        Broken(name: "label untranslated", change: { $0.edit("health.mental") { $0.label.ar = " " } },
               expected: ["questions.health.mental:instrument_label_missing"]),
        Broken(name: "help untranslated", change: { $0.edit("health.mental") { $0.help = LocalizedText(en: "x", fr: "", ar: "") } },
               expected: ["questions.health.mental:instrument_label_missing"]),
        Broken(name: "option untranslated", change: { $0.edit("health.pregnancy") { $0.options![0].label.fr = "" } },
               expected: ["questions.health.pregnancy:instrument_label_missing"]),
        Broken(name: "title untranslated", change: { $0.title.fr = "" }, expected: ["title:instrument_label_missing"]),
        Broken(name: "section title untranslated", change: { $0.sections[2].title.ar = "" }, expected: ["sections.child:instrument_label_missing"]),
        Broken(name: "no id, version 0", change: { $0.id = " "; $0.version = 0 }, expected: ["id:required", "version:instrument_version_invalid"]),
        Broken(name: "choice without options", change: { $0.edit("protection.nationality") { $0.options = []; $0.raises = [] } },
               expected: ["questions.protection.nationality:instrument_options_required"]),
        Broken(name: "duplicate option", change: { $0.edit("protection.nationality") { $0.options!.append($0.options![0]) } },
               expected: ["questions.protection.nationality:instrument_duplicate_key"]),
        Broken(name: "options on a yes/no question", change: { $0.edit("health.mental") { $0.options = [AnswerOption(key: "x", label: $0.label)] } },
               expected: ["questions.health.mental:instrument_options_not_allowed"]),
        Broken(name: "number without a range", change: { $0.edit("health.age_years") { $0.max = nil } },
               expected: ["questions.health.age_years:instrument_range_required"]),
        Broken(name: "number with an empty range", change: { $0.edit("health.age_years") { $0.min = 50; $0.max = 10 } },
               expected: ["questions.health.age_years:instrument_range_required"]),
        Broken(name: "range on a text question", change: { $0.edit("other.details") { $0.min = 1 } },
               expected: ["questions.other.details:instrument_range_required"]),
        Broken(name: "trigger on an unknown option", change: { $0.edit("protection.nationality") { $0.raises[0].whenAnswer = "none" } },
               expected: ["questions.protection.nationality:instrument_invalid_pattern"]),
        Broken(name: "trigger on a text", change: { $0.edit("other.details") { $0.raises = [IndicatorTrigger(indicator: .otherSituation, whenAnswer: "yes")] } },
               expected: ["questions.other.details:instrument_invalid_pattern"]),
        Broken(name: "trigger on yes/no needs yes or no", change: { $0.edit("health.mental") { $0.raises[0].whenAnswer = "true" } },
               expected: ["questions.health.mental:instrument_invalid_pattern"]),
        Broken(name: "number trigger not a comparison", change: { $0.edit("health.age_years") { $0.raises[0].whenAnswer = ">=sixty" } },
               expected: ["questions.health.age_years:instrument_invalid_pattern"]),
        Broken(name: "condition on a later question", change: { $0.edit("child.with_parents") { $0.askedWhen = AnswerCondition(question: "other.single_carer", answer: "yes") } },
               expected: ["questions.child.with_parents:instrument_invalid_condition"]),
        Broken(name: "condition on an unknown question", change: { $0.edit("child.with_parents") { $0.askedWhen = AnswerCondition(question: "child.nope", answer: "yes") } },
               expected: ["questions.child.with_parents:instrument_invalid_condition"]),
        Broken(name: "condition that cannot match", change: { $0.edit("child.with_parents") { $0.askedWhen = AnswerCondition(question: "preliminary.possible_child", answer: "maybe") } },
               expected: ["questions.child.with_parents:instrument_invalid_pattern"]),
        Broken(name: "consent question missing", change: { $0.sections[0].questions.removeAll { $0.key == "interview.consent" } },
               expected: ["questions.interview.consent:instrument_consent_missing"]),
        Broken(name: "consent not yes/no", change: { $0.edit("interview.consent") { $0.type = .text; $0.raises = [] } },
               expected: ["questions.interview.consent:instrument_consent_missing"]),
    ])
    func definitionErrors(_ broken: Broken) {
        var instrument = VST.instrument
        broken.change(&instrument)
        #expect(fieldIssues { try instrument.validateDefinition() } == broken.expected)
    }

    @Test("Answer patterns", arguments: [
        ("yes", AnswerValue.bool(true), AnswerType.yesNo, true),
        ("yes", .string("Yes"), .yesNo, true),
        ("no", .bool(false), .yesNo, true),
        ("yes", .bool(false), .yesNo, false),
        ("yes", .number(1), .yesNo, false),
        ("separated", .string("separated"), .singleChoice, true),
        ("separated", .string("unaccompanied"), .singleChoice, false),
        ("separated", .strings(["separated"]), .singleChoice, false),
        ("debt", .strings(["deceived", "debt"]), .multiChoice, true),
        ("debt", .strings(["deceived"]), .multiChoice, false),
        ("debt", .string("debt"), .multiChoice, false),
        (">=60", .number(60), .number, true),
        (">=60", .number(59.5), .number, false),
        (">60", .number(60), .number, false),
        ("<18", .number(17), .number, true),
        ("<=17", .number(18), .number, false),
        ("=0", .number(0), .number, true),
        ("3", .number(3), .number, true),
        (">= 60", .number(61), .number, true),
        (">=60", .string("61"), .number, false),
        ("anything", .string("anything"), .text, false),
        ("2026-11-29", .string("2026-11-29"), .date, false),
    ])
    func patterns(_ pattern: String, _ value: AnswerValue, _ type: AnswerType, _ expected: Bool) {
        #expect(AnswerPattern.matches(pattern, value, type: type) == expected)
    }

    @Test("Form values become typed answers", arguments: [
        ("interview.consent", ["yes"], AnswerValue?.some(.bool(true))),
        ("interview.consent", ["no"], .bool(false)),
        ("interview.consent", ["perhaps"], .string("perhaps")),
        ("health.age_years", [" 61 "], .number(61)),
        ("health.age_years", ["sixty"], .string("sixty")),
        ("protection.trafficking", ["debt", "", "deceived"], .strings(["debt", "deceived"])),
        ("protection.trafficking", [], nil),
        ("protection.nationality", ["stateless"], .string("stateless")),
        ("interview.date", ["2026-11-29"], .string("2026-11-29")),
        ("other.details", ["  "], nil),
    ])
    func formValues(_ key: String, _ values: [String], _ expected: AnswerValue?) {
        #expect(VST.instrument.question(key)!.answer(fromForm: values) == expected)
    }
}

@Suite("Screening answers")
struct ScreeningAnswerTests {
    func check(_ answers: ScreeningAnswers, sections: [ScreeningSection: SectionAssessment] = VST.allSectionsAssessed, completing: Bool = true) -> [String] {
        fieldIssues { try ScreeningRules.validate(answers: answers, sections: sections, instrument: VST.instrument, completing: completing, today: VST.today) }
    }

    @Test func completeAdultScreeningPasses() {
        #expect(check(VST.adult) == [])
    }

    @Test func emptyDraftPasses() {
        #expect(check([:], sections: [:], completing: false) == [])
    }

    @Test("Refused answers", arguments: [
        ("unknown question", ["health.mood": AnswerValue.bool(true)], ["answers.health.mood:unknown_question"]),
        ("yes/no as a number", ["health.mental": .number(1)], ["answers.health.mental:answer_wrong_type"]),
        ("yes/no as other text", ["health.mental": .string("maybe")], ["answers.health.mental:answer_wrong_type"]),
        ("choice not an option", ["protection.nationality": .string("eritrean")], ["answers.protection.nationality:unknown_option"]),
        ("choice as a list", ["protection.nationality": .strings(["stateless"])], ["answers.protection.nationality:answer_wrong_type"]),
        ("multi choice, one unknown", ["protection.trafficking": .strings(["debt", "kidnapped"])], ["answers.protection.trafficking:unknown_option"]),
        ("multi choice as text", ["protection.trafficking": .string("debt")], ["answers.protection.trafficking:answer_wrong_type"]),
        ("number out of range", ["health.age_years": .number(130)], ["answers.health.age_years:out_of_range"]),
        ("number below range", ["health.age_years": .number(-1)], ["answers.health.age_years:out_of_range"]),
        ("number not finite", ["health.age_years": .number(.infinity)], ["answers.health.age_years:answer_wrong_type"]),
        ("number as text", ["health.age_years": .string("61")], ["answers.health.age_years:answer_wrong_type"]),
        ("date not a date", ["interview.date": .string("29/11/2026")], ["answers.interview.date:invalid_date"]),
        ("date in the future", ["interview.date": .string("2026-11-30")], ["answers.interview.date:date_in_future"]),
        ("date as a boolean", ["interview.date": .bool(true)], ["answers.interview.date:answer_wrong_type"]),
        ("text too long", ["other.details": .string(String(repeating: "a", count: 2001))], ["answers.other.details:too_long"]),
        ("text as a number", ["interview.place": .number(3)], ["answers.interview.place:answer_wrong_type"]),
        ("consent refused", ["interview.consent": .bool(false)], ["answers.interview.consent:consent_required"]),
        ("consent not a yes/no", ["interview.consent": .number(1)], ["answers.interview.consent:answer_wrong_type", "answers.interview.consent:consent_required"]),
        ("yes and no as text are fine", ["health.mental": .string("no"), "interview.consent": .string("yes")], []),
        ("blank text counts as missing", ["interview.place": .string("  ")], ["answers.interview.place:required"]),
        ("a possible child needs the child section",
         ["preliminary.possible_child": .bool(true)],
         ["answers.child.claimed_age:required", "answers.child.with_parents:required", "answers.child.with_relatives:required",
          "answers.child.caregiver_present:required", "answers.child.care_situation:required"]),
        ("a disability needs its kind", ["health.disability": .bool(true)], ["answers.health.disability_type:required"]),
        ("empty list counts as missing", ["health.disability": .bool(true), "health.disability_type": .strings([])], ["answers.health.disability_type:required"]),
    ] as [(String, ScreeningAnswers, [String])])
    func refused(_ name: String, _ changes: ScreeningAnswers, _ expected: [String]) {
        #expect(check(VST.with(changes)) == expected, "\(name)")
    }

    @Test("Completing needs what a draft does not", arguments: [
        ("required question", ["health.physical"], true, ["answers.health.physical:required"]),
        ("required question, draft", ["health.physical"], false, []),
        ("consent missing", ["interview.consent"], true, ["answers.interview.consent:consent_required"]),
        ("consent missing, draft", ["interview.consent"], false, []),
        ("optional question", ["other.details"], true, []),
    ])
    func completing(_ name: String, _ removed: [String], _ completing: Bool, _ expected: [String]) {
        #expect(check(VST.with([:], removing: removed), completing: completing) == expected, "\(name)")
    }

    @Test func wrongAnswersAreRefusedInDraftsToo() {
        #expect(check(["health.mental": .number(3)], sections: [:], completing: false) == ["answers.health.mental:answer_wrong_type"])
    }

    @Test func everySectionNeedsARiskLevelToComplete() {
        var sections = VST.allSectionsAssessed
        sections[.health] = SectionAssessment(risk: nil, notes: "seen by the doctor")
        sections[.other] = nil
        #expect(check(VST.adult, sections: sections) == ["sections.health.risk:required", "sections.other.risk:required"])
        #expect(check(VST.adult, sections: sections, completing: false) == [])
    }

    @Test func sectionNotesHaveALimit() {
        var sections = VST.allSectionsAssessed
        sections[.protection] = SectionAssessment(risk: .high, notes: String(repeating: "x", count: 4001))
        #expect(check(VST.adult, sections: sections, completing: false) == ["sections.protection.notes:too_long"])
    }

    @Test func childSectionIsComplete() {
        let answers = VST.with(["preliminary.possible_child": .bool(true), "child.claimed_age": .number(15), "child.with_parents": .bool(false),
                                "child.with_relatives": .bool(true), "child.caregiver_present": .bool(false), "child.care_situation": .string("separated")])
        #expect(check(answers) == [])
    }
}

@Suite("Indicators, level and referrals")
struct ScreeningFindingsTests {
    func found(_ changes: ScreeningAnswers, manual: Set<Indicator> = []) -> [Indicator] {
        ScreeningRules.indicators(answers: VST.with(changes), instrument: VST.instrument, manual: manual)
    }

    @Test("Indicators raised by answers", arguments: [
        ("nothing found", [:], [Indicator]()),
        ("medical emergency", ["preliminary.medical_emergency": AnswerValue.bool(true)], [.medicalEmergency]),
        ("unaccompanied child, once, before the lesser child indicator",
         ["preliminary.possible_child": .bool(true), "child.claimed_age": .number(15), "child.care_situation": .string("unaccompanied")],
         [.unaccompaniedChild, .child]),
        ("claimed age of an adult raises nothing more", ["preliminary.possible_child": .bool(true), "child.claimed_age": .number(19)], [.child]),
        ("child answers left over when not a possible child are ignored", ["child.care_situation": .string("separated")], []),
        ("conditional on a conditional question", ["preliminary.possible_child": .bool(true), "child.with_parents": .bool(false),
                                                    "child.parents_whereabouts": .bool(true)], [.child]),
        ("older person from a number", ["health.age_years": .number(64)], [.olderPerson]),
        ("59 is not older", ["health.age_years": .number(59)], []),
        ("trafficking from a list, once", ["protection.trafficking": .strings(["debt", "deceived"])], [.traffickingSurvivor]),
        ("none of the trafficking signs", ["protection.trafficking": .strings(["none"])], []),
        ("psychosocial disability", ["health.disability": .bool(true), "health.disability_type": .strings(["psychosocial"])],
         [.mentalHealthCondition, .disability]),
        ("severity first, then declaration order",
         ["protection.nationality": .string("undetermined"), "health.pregnancy": .string("nursing"), "gender_violence.gbv": .bool(true),
          "protection.fear_of_return": .bool(true), "protection.unhcr": .bool(true), "protection.torture": .bool(true)],
         [.gbvSurvivor, .tortureSurvivor, .pregnant, .asylumNeed, .stateless]),
        ("a wrongly typed answer raises nothing", ["health.mental": .number(1)], []),
    ] as [(String, ScreeningAnswers, [Indicator])])
    func raised(_ name: String, _ changes: ScreeningAnswers, _ expected: [Indicator]) {
        #expect(found(changes) == expected, "\(name)")
    }

    @Test func manualIndicatorsAreAddedOnce() {
        #expect(found(["health.mental": .bool(true)], manual: [.mentalHealthCondition, .sogiRisk, .otherSituation])
                == [.sogiRisk, .mentalHealthCondition, .otherSituation])
    }

    @Test func sourcesNameTheQuestions() {
        let sources = ScreeningRules.sources(answers: VST.with(["protection.fear_of_return": .bool(true), "protection.unhcr": .bool(true)]),
                                             instrument: VST.instrument)
        #expect(sources == [.asylumNeed: ["protection.fear_of_return", "protection.unhcr"]])
    }

    @Test func severityOrder() {
        #expect(Severity.allCases.sorted() == [.high, .medium, .low])
        #expect(Indicator.allCases.filter { $0.severity == .low } == [.stateless, .otherSituation])
        #expect(Indicator.unaccompaniedChild.labelKey == "indicator.unaccompanied_child")
    }

    @Test("Suggested intervention level", arguments: [
        ("nothing", [Indicator](), [ScreeningSection: RiskLevel](), InterventionLevel.low, ["level_reason.none"]),
        ("no risk anywhere", [], [.health: .noRisk, .child: .noRisk], .low, ["level_reason.none"]),
        ("low indicator", [.stateless], [:], .low, ["indicator.stateless"]),
        ("low indicator and low risk", [.otherSituation], [.other: .low], .low, ["indicator.other_situation", "level_reason.other"]),
        ("medium indicator", [.stateless, .pregnant], [.health: .low], .medium, ["indicator.pregnant"]),
        ("medium section risk", [.stateless], [.protection: .medium], .medium, ["level_reason.protection"]),
        ("high indicator", [.pregnant, .unaccompaniedChild], [.health: .medium], .high, ["indicator.unaccompanied_child"]),
        ("high section risk only", [.pregnant], [.genderViolence: .high, .health: .high], .high,
         ["level_reason.gender_violence", "level_reason.health"]),
        ("both, indicators first", [.traffickingSurvivor, .medicalEmergency], [.protection: .high], .high,
         ["indicator.medical_emergency", "indicator.trafficking_survivor", "level_reason.protection"]),
    ])
    func level(_ name: String, _ indicators: [Indicator], _ risks: [ScreeningSection: RiskLevel], _ expected: InterventionLevel, _ reasons: [String]) {
        let result = ScreeningRules.suggestedLevel(indicators: indicators, risks: risks)
        #expect(result.level == expected, "\(name)")
        #expect(result.reasons == reasons, "\(name)")
    }

    @Test("Suggested referrals", arguments: [
        ([Indicator](), [AssessmentReferral]()),
        ([.child], [.bestInterests]),
        ([.separatedChild, .unaccompaniedChild], [.bestInterests]),
        ([.medicalEmergency], [.medical]),
        ([.seriousMedicalCondition, .pregnant, .disability, .olderPerson], [.medical]),
        ([.trauma], [.mentalHealth]),
        ([.tortureSurvivor], [.mentalHealth]),
        ([.mentalHealthCondition, .gbvSurvivor], [.mentalHealth]),
        ([.asylumNeed], [.legal]),
        ([.stateless], [.legal]),
        ([.traffickingSurvivor], [.legal]),
        ([.familyViolence, .sogiRisk, .singleParent, .otherSituation], []),
        ([.asylumNeed, .unaccompaniedChild, .trauma, .pregnant], [.medical, .mentalHealth, .bestInterests, .legal]),
    ])
    func referrals(_ indicators: [Indicator], _ expected: [AssessmentReferral]) {
        #expect(ScreeningRules.suggestedReferrals(indicators: indicators) == expected)
    }
}

@Suite("Priority order")
struct PriorityRulesTests {
    static let day = DayDate("2026-11-01")!

    @Test("Tier and reasons", arguments: [
        ("unaccompanied by care status", PriorityInput(isChild: true, careStatus: .unaccompanied, registeredOn: day), 0, [PriorityReason.unaccompaniedChild]),
        ("unaccompanied at first contact", PriorityInput(isChild: false, urgentNeeds: [.possibleUnaccompaniedChild], registeredOn: day), 0, [.unaccompaniedChild]),
        ("unaccompanied by screening", PriorityInput(isChild: true, careStatus: .separated, indicators: [.unaccompaniedChild], registeredOn: day), 0, [.unaccompaniedChild]),
        ("separated", PriorityInput(isChild: true, careStatus: .separated, registeredOn: day), 1, [.separatedChild]),
        ("separated by screening", PriorityInput(isChild: false, indicators: [.separatedChild], registeredOn: day), 1, [.separatedChild]),
        ("accompanied child", PriorityInput(isChild: true, careStatus: .accompanied, registeredOn: day), 2, [.child]),
        ("possible child", PriorityInput(isChild: false, urgentNeeds: [.possibleChild], registeredOn: day), 2, [.child]),
        ("child by screening", PriorityInput(isChild: false, indicators: [.child], registeredOn: day), 2, [.child]),
        ("care status of an adult does not count", PriorityInput(isChild: false, careStatus: .unaccompanied, age: 30, registeredOn: day), 8, []),
        ("medical emergency", PriorityInput(isChild: false, urgentNeeds: [.medicalEmergency], registeredOn: day), 3, [.medicalEmergency]),
        ("medical emergency by screening", PriorityInput(isChild: false, indicators: [.medicalEmergency], registeredOn: day), 3, [.medicalEmergency]),
        ("pregnant", PriorityInput(isChild: false, urgentNeeds: [.pregnant], registeredOn: day), 4, [.pregnant]),
        ("pregnant by screening", PriorityInput(isChild: false, indicators: [.pregnant], registeredOn: day), 4, [.pregnant]),
        ("trafficking", PriorityInput(isChild: false, indicators: [.traffickingSurvivor], registeredOn: day), 5, [.traffickingSurvivor]),
        ("torture", PriorityInput(isChild: false, indicators: [.tortureSurvivor], registeredOn: day), 5, [.tortureSurvivor]),
        ("older person by age", PriorityInput(isChild: false, age: 60, registeredOn: day), 6, [.olderPerson]),
        ("59 is not older", PriorityInput(isChild: false, age: 59, registeredOn: day), 8, []),
        ("older person by screening", PriorityInput(isChild: false, indicators: [.olderPerson], registeredOn: day), 6, [.olderPerson]),
        ("disability", PriorityInput(isChild: false, urgentNeeds: [.disability], registeredOn: day), 7, [.disability]),
        ("disability by screening", PriorityInput(isChild: false, indicators: [.disability], registeredOn: day), 7, [.disability]),
        ("everyone else", PriorityInput(isChild: false, indicators: [.stateless, .trauma], registeredOn: day), 8, []),
        ("in detention orders, does not raise", PriorityInput(isChild: false, inDetention: true, daysInDetention: 40, registeredOn: day), 8, [.inDetention]),
        ("every criterion is listed",
         PriorityInput(isChild: true, careStatus: .separated, urgentNeeds: [.medicalEmergency, .pregnant, .disability],
                       indicators: [.traffickingSurvivor, .tortureSurvivor], inDetention: true, registeredOn: day),
         1, [.separatedChild, .medicalEmergency, .pregnant, .traffickingSurvivor, .tortureSurvivor, .disability, .inDetention]),
        ("pregnant survivor of torture", PriorityInput(isChild: false, urgentNeeds: [.pregnant], indicators: [.tortureSurvivor], age: 70, registeredOn: day),
         4, [.pregnant, .tortureSurvivor, .olderPerson]),
    ])
    func tiers(_ name: String, _ input: PriorityInput, _ tier: Int, _ reasons: [PriorityReason]) {
        let place = PriorityRules.place(input)
        #expect(place.tier == tier, "\(name)")
        #expect(place.reasons == reasons, "\(name)")
    }

    @Test func reasonTiersFollowTheTable() {
        #expect(PriorityReason.allCases.compactMap(\.tier) == [0, 1, 2, 3, 4, 5, 5, 6, 7])
        #expect(PriorityReason.inDetention.tier == nil)
    }

    @Test func orderWithinAndAcrossTiers() {
        let d = { (s: String) in DayDate(s)! }
        let people: [(String, PriorityInput)] = [
            ("adult free, early", PriorityInput(isChild: false, registeredOn: d("2026-01-01"))),
            ("adult detained 10 days", PriorityInput(isChild: false, inDetention: true, daysInDetention: 10, registeredOn: d("2026-10-01"))),
            ("pregnant", PriorityInput(isChild: false, urgentNeeds: [.pregnant], registeredOn: d("2026-11-01"))),
            ("adult detained 90 days", PriorityInput(isChild: false, inDetention: true, daysInDetention: 90, registeredOn: d("2026-08-01"))),
            ("child free", PriorityInput(isChild: true, registeredOn: d("2026-05-01"))),
            ("unaccompanied free", PriorityInput(isChild: true, careStatus: .unaccompanied, registeredOn: d("2026-11-20"))),
            ("child detained, unknown days", PriorityInput(isChild: true, inDetention: true, registeredOn: d("2026-11-10"))),
            ("adult free, late", PriorityInput(isChild: false, registeredOn: d("2026-06-01"))),
            ("adult detained 10 days, earlier", PriorityInput(isChild: false, inDetention: true, daysInDetention: 10, registeredOn: d("2026-09-01"))),
            ("adult free, early, second", PriorityInput(isChild: false, registeredOn: d("2026-01-01"))),
        ]
        let order = PriorityRules.sorted(people) { $0.1 }.map(\.0)
        #expect(order == ["unaccompanied free", "child detained, unknown days", "child free", "pregnant",
                          "adult detained 90 days", "adult detained 10 days, earlier", "adult detained 10 days",
                          "adult free, early", "adult free, early, second", "adult free, late"])
        #expect(PriorityRules.sorted(people.map(\.1)).map(\.registeredOn) == order.map { name in people.first { $0.0 == name }!.1.registeredOn })
        #expect(PriorityRules.place(people[5].1) < PriorityRules.place(people[4].1))
    }

    @Test func daysInDetentionCountOnlyInDetention() {
        let free = PriorityRules.place(PriorityInput(isChild: false, inDetention: false, daysInDetention: 50, registeredOn: Self.day))
        let other = PriorityRules.place(PriorityInput(isChild: false, registeredOn: Self.day))
        #expect(free.key == other.key)
    }
}
