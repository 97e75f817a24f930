import Foundation

/// A text in the three interface languages. Instrument wording is data, not translation keys:
/// a new version of an instrument must not change the wording of screenings done with an older one.
public struct LocalizedText: Codable, Sendable, Equatable, Hashable {
    public var en: String
    public var fr: String
    public var ar: String

    public init(en: String, fr: String, ar: String) {
        self.en = en
        self.fr = fr
        self.ar = ar
    }

    /// The text in `lang` ("fr", "ar", "fr-FR"…), English for any other language or where the translation is empty.
    public func text(_ lang: String) -> String {
        let chosen: String
        switch lang.lowercased().prefix(2) {
        case "fr": chosen = fr
        case "ar": chosen = ar
        default: chosen = en
        }
        return chosen.trimmingWhitespace().isEmpty ? en : chosen
    }

    /// True when every language has a non-blank text.
    public var isComplete: Bool { [en, fr, ar].allSatisfy { !$0.trimmingWhitespace().isEmpty } }
}

/// The sections of the Vulnerability Screening Tool (UNHCR/IDC 2016), in the order they are asked.
public enum ScreeningSection: String, CaseIterable, Codable, Sendable {
    case interview
    case preliminary
    case child
    /// Sex, gender identity, sexual orientation, gender-based and family violence.
    case genderViolence = "gender_violence"
    /// Health and welfare: physical and mental health, disability, pregnancy, older age.
    case health
    /// Trafficking, torture and trauma, statelessness, asylum needs.
    case protection
    case other
    public var labelKey: String { "screening_section.\(rawValue)" }
}

public enum AnswerType: String, CaseIterable, Codable, Sendable {
    case yesNo = "yes_no"
    case singleChoice = "single_choice"
    case multiChoice = "multi_choice"
    case text, number, date
    public var labelKey: String { "answer_type.\(rawValue)" }

    public var hasOptions: Bool { self == .singleChoice || self == .multiChoice }
}

public enum Severity: String, CaseIterable, Codable, Sendable, Comparable {
    case high, medium, low
    public var labelKey: String { "severity.\(rawValue)" }

    /// `high < medium < low`: sorting ascending puts the most severe first.
    public static func < (a: Severity, b: Severity) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What a screening found: a situation that may make the person vulnerable (DOMAIN.md §3.3).
/// An indicator is a reason for a full assessment, never a finding of fact ("possible survivor").
public enum Indicator: String, CaseIterable, Codable, Sendable {
    case child
    case unaccompaniedChild = "unaccompanied_child"
    case separatedChild = "separated_child"
    case medicalEmergency = "medical_emergency"
    case seriousMedicalCondition = "serious_medical_condition"
    case mentalHealthCondition = "mental_health_condition"
    case disability
    case pregnant
    case olderPerson = "older_person"
    case gbvSurvivor = "gbv_survivor"
    case familyViolence = "family_violence"
    case sogiRisk = "sogi_risk"
    case traffickingSurvivor = "trafficking_survivor"
    case tortureSurvivor = "torture_survivor"
    case trauma
    case stateless
    case asylumNeed = "asylum_need"
    case singleParent = "single_parent"
    case otherSituation = "other_situation"

    public var labelKey: String { "indicator.\(rawValue)" }

    /// **Model:** high where harm is likely or immediate without a response (a child without carers,
    /// a medical emergency or serious illness, survivors of trafficking, torture or gender-based violence,
    /// people at risk for their sexual orientation or gender identity, criminalised in Libya);
    /// medium where a specific response is needed; low where the situation only shapes the case plan.
    public var severity: Severity {
        switch self {
        case .unaccompaniedChild, .separatedChild, .medicalEmergency, .seriousMedicalCondition,
             .traffickingSurvivor, .tortureSurvivor, .gbvSurvivor, .sogiRisk:
            return .high
        case .child, .mentalHealthCondition, .disability, .pregnant, .olderPerson, .familyViolence,
             .trauma, .asylumNeed, .singleParent:
            return .medium
        case .stateless, .otherSituation:
            return .low
        }
    }

    /// Position in the declaration order (used to order indicators of the same severity).
    var order: Int { Self.allCases.firstIndex(of: self)! }
}

public struct AnswerOption: Codable, Sendable, Equatable {
    public var key: String
    public var label: LocalizedText

    public init(key: String, label: LocalizedText) {
        self.key = key
        self.label = label
    }
}

/// An answer pattern, written the same way for indicator triggers and for conditional questions:
///
/// | question type | `whenAnswer` | matches when |
/// |---|---|---|
/// | yes_no | `"yes"` or `"no"` | the answer is that |
/// | single_choice | an option key | that option is chosen |
/// | multi_choice | an option key | that option is among those chosen |
/// | number | `">=60"`, `">60"`, `"<=17"`, `"<18"`, `"=0"` or `"0"` | the number compares so |
///
/// Text and date questions cannot trigger anything: what they hold is for a person to read.
public enum AnswerPattern {
    /// Whether `pattern` is well formed for `question` (option keys must exist).
    public static func isValid(_ pattern: String, for question: InstrumentQuestion) -> Bool {
        switch question.type {
        case .yesNo: return pattern == "yes" || pattern == "no"
        case .singleChoice, .multiChoice: return question.options?.contains { $0.key == pattern } == true
        case .number: return NumberTest(pattern) != nil
        case .text, .date: return false
        }
    }

    /// Whether `value` (an answer to a question of type `type`) matches `pattern`. A wrongly typed answer matches nothing.
    public static func matches(_ pattern: String, _ value: AnswerValue, type: AnswerType) -> Bool {
        switch type {
        case .yesNo:
            guard let yes = value.yesNo else { return false }
            return pattern == (yes ? "yes" : "no")
        case .singleChoice:
            if case .string(let chosen) = value { return chosen.trimmingWhitespace() == pattern }
            return false
        case .multiChoice:
            if case .strings(let chosen) = value { return chosen.contains { $0.trimmingWhitespace() == pattern } }
            return false
        case .number:
            guard case .number(let x) = value, let test = NumberTest(pattern) else { return false }
            return test.matches(x)
        case .text, .date:
            return false
        }
    }

    struct NumberTest {
        let op: String
        let bound: Double

        init?(_ pattern: String) {
            let p = pattern.trimmingWhitespace()
            for op in [">=", "<=", ">", "<", "="] where p.hasPrefix(op) {
                guard let bound = Double(String(p.dropFirst(op.count)).trimmingWhitespace()) else { return nil }
                self.op = op; self.bound = bound
                return
            }
            guard let bound = Double(p) else { return nil }
            self.op = "="; self.bound = bound
        }

        func matches(_ x: Double) -> Bool {
            switch op {
            case ">=": return x >= bound
            case "<=": return x <= bound
            case ">": return x > bound
            case "<": return x < bound
            default: return x == bound
            }
        }
    }
}

/// An answer that raises an indicator (pattern syntax: `AnswerPattern`).
public struct IndicatorTrigger: Codable, Sendable, Equatable {
    public var indicator: Indicator
    public var whenAnswer: String

    public init(indicator: Indicator, whenAnswer: String) {
        self.indicator = indicator
        self.whenAnswer = whenAnswer
    }
}

/// A question asked only when an earlier question got a matching answer (pattern syntax: `AnswerPattern`).
/// It is required, when it is, only then.
public struct AnswerCondition: Codable, Sendable, Equatable {
    public var question: String
    public var answer: String

    public init(question: String, answer: String) {
        self.question = question
        self.answer = answer
    }
}

public struct InstrumentQuestion: Codable, Sendable, Equatable {
    /// Unique in the instrument, `<section>.<name>` ("health.pregnant").
    public var key: String
    public var label: LocalizedText
    /// Guidance for the interviewer, shown under the question.
    public var help: LocalizedText?
    public var type: AnswerType
    public var required: Bool
    public var options: [AnswerOption]?
    /// Bounds of a number answer, both inclusive; both are needed for number questions.
    public var min: Int?
    public var max: Int?
    public var raises: [IndicatorTrigger]
    public var askedWhen: AnswerCondition?

    public init(key: String, label: LocalizedText, help: LocalizedText? = nil, type: AnswerType, required: Bool = false,
                options: [AnswerOption]? = nil, min: Int? = nil, max: Int? = nil, raises: [IndicatorTrigger] = [],
                askedWhen: AnswerCondition? = nil) {
        self.key = key
        self.label = label
        self.help = help
        self.type = type
        self.required = required
        self.options = options
        self.min = min
        self.max = max
        self.raises = raises
        self.askedWhen = askedWhen
    }

    enum CodingKeys: String, CodingKey {
        case key, label, help, type, required, options, min, max, raises, askedWhen
    }

    /// `required` and `raises` may be left out of the data file (false and none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        key = try c.decode(String.self, forKey: .key)
        label = try c.decode(LocalizedText.self, forKey: .label)
        help = try c.decodeIfPresent(LocalizedText.self, forKey: .help)
        type = try c.decode(AnswerType.self, forKey: .type)
        required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
        options = try c.decodeIfPresent([AnswerOption].self, forKey: .options)
        min = try c.decodeIfPresent(Int.self, forKey: .min)
        max = try c.decodeIfPresent(Int.self, forKey: .max)
        raises = try c.decodeIfPresent([IndicatorTrigger].self, forKey: .raises) ?? []
        askedWhen = try c.decodeIfPresent(AnswerCondition.self, forKey: .askedWhen)
    }

    /// The answer a web form sent for this question (all its values for the field), typed for the rules:
    /// "yes"/"no" become a boolean, a number text a number, several values a list; nil when nothing was given.
    /// A value that does not parse stays text, so that validation names the problem.
    public func answer(fromForm values: [String]) -> AnswerValue? {
        let given = values.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
        switch type {
        case .multiChoice:
            return given.isEmpty ? nil : .strings(given)
        case .yesNo:
            guard let v = given.first else { return nil }
            return v == "yes" ? .bool(true) : v == "no" ? .bool(false) : .string(v)
        case .number:
            guard let v = given.first else { return nil }
            return Double(v).map(AnswerValue.number) ?? .string(v)
        case .singleChoice, .text, .date:
            return given.first.map(AnswerValue.string)
        }
    }
}

public struct InstrumentSection: Codable, Sendable, Equatable {
    public var key: ScreeningSection
    public var title: LocalizedText
    public var questions: [InstrumentQuestion]

    public init(key: ScreeningSection, title: LocalizedText, questions: [InstrumentQuestion]) {
        self.key = key
        self.title = title
        self.questions = questions
    }
}

/// A screening questionnaire as data (Resources/Instruments/<id>-<version>.json). A screening records the
/// id and version it was done with; published versions are never edited, a change is a new version.
public struct ScreeningInstrument: Codable, Sendable, Equatable {
    public var id: String
    public var version: Int
    public var title: LocalizedText
    public var sections: [InstrumentSection]

    public init(id: String, version: Int, title: LocalizedText, sections: [InstrumentSection]) {
        self.id = id
        self.version = version
        self.title = title
        self.sections = sections
    }

    /// Every question, in order.
    public var questions: [InstrumentQuestion] { sections.flatMap(\.questions) }

    public func question(_ key: String) -> InstrumentQuestion? {
        for section in sections { if let q = section.questions.first(where: { $0.key == key }) { return q } }
        return nil
    }

    public func section(of questionKey: String) -> ScreeningSection? {
        sections.first { $0.questions.contains { $0.key == questionKey } }?.key
    }

    /// Decodes an instrument file and checks its definition.
    public static func decode(_ data: Data) throws -> ScreeningInstrument {
        let instrument = try JSONDecoder().decode(ScreeningInstrument.self, from: data)
        try instrument.validateDefinition()
        return instrument
    }

    /// Checks that the definition can be used: every section once; keys unique and prefixed with their
    /// section; complete labels; options exactly for choice questions, with unique keys; a range for
    /// numbers; triggers and conditions that can match (conditions refer to an earlier question);
    /// and the consent question the completion rule needs. Issues name `sections.<section>` or `questions.<key>`.
    public func validateDefinition() throws {
        var v = FieldChecker()
        if id.trimmingWhitespace().isEmpty { v.add("id", "required") }
        if version < 1 { v.add("version", "instrument_version_invalid") }
        if !title.isComplete { v.add("title", "instrument_label_missing") }
        for section in ScreeningSection.allCases {
            let count = sections.filter { $0.key == section }.count
            if count == 0 { v.add("sections.\(section.rawValue)", "instrument_section_missing") }
            if count > 1 { v.add("sections.\(section.rawValue)", "instrument_section_duplicate") }
        }
        var seen: [String: InstrumentQuestion] = [:]
        for section in sections {
            if !section.title.isComplete { v.add("sections.\(section.key.rawValue)", "instrument_label_missing") }
            for q in section.questions {
                let field = "questions.\(q.key)"
                if seen[q.key] != nil { v.add(field, "instrument_duplicate_key") }
                if !q.key.hasPrefix(section.key.rawValue + ".") || q.key.count <= section.key.rawValue.count + 1 {
                    v.add(field, "instrument_key_prefix", ["prefix": section.key.rawValue + "."])
                }
                if !q.label.isComplete || q.help.map({ !$0.isComplete }) == true { v.add(field, "instrument_label_missing") }
                if q.type.hasOptions {
                    let options = q.options ?? []
                    if options.isEmpty { v.add(field, "instrument_options_required") }
                    if Set(options.map(\.key)).count != options.count { v.add(field, "instrument_duplicate_key") }
                    if options.contains(where: { !$0.label.isComplete || $0.key.isEmpty }) { v.add(field, "instrument_label_missing") }
                } else if q.options != nil {
                    v.add(field, "instrument_options_not_allowed")
                }
                if q.type == .number {
                    if let lo = q.min, let hi = q.max { if lo > hi { v.add(field, "instrument_range_required") } }
                    else { v.add(field, "instrument_range_required") }
                } else if q.min != nil || q.max != nil {
                    v.add(field, "instrument_range_required")
                }
                for t in q.raises where !AnswerPattern.isValid(t.whenAnswer, for: q) {
                    v.add(field, "instrument_invalid_pattern", ["value": t.whenAnswer])
                }
                if let c = q.askedWhen {
                    // Only an earlier question: a form shows questions in order, and no cycle can arise.
                    if let target = seen[c.question] {
                        if !AnswerPattern.isValid(c.answer, for: target) { v.add(field, "instrument_invalid_pattern", ["value": c.answer]) }
                    } else {
                        v.add(field, "instrument_invalid_condition", ["value": c.question])
                    }
                }
                seen[q.key] = seen[q.key] ?? q
            }
        }
        let consent = seen[ScreeningRules.consentQuestion]
        if consent?.type != .yesNo || section(of: ScreeningRules.consentQuestion) != .interview {
            v.add("questions.\(ScreeningRules.consentQuestion)", "instrument_consent_missing")
        }
        try v.finish()
    }
}

/// One answer as plain JSON: `true`, `"text"`, `42`, `["a", "b"]`; dates are `"YYYY-MM-DD"` strings.
public enum AnswerValue: Codable, Sendable, Equatable, Hashable {
    case bool(Bool)
    case string(String)
    case number(Double)
    case strings([String])

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([String].self) { self = .strings(a) }
        else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "An answer is a boolean, a number, a string or a list of strings.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .bool(let b): try c.encode(b)
        case .string(let s): try c.encode(s)
        case .number(let n):
            if n == n.rounded(), abs(n) < 1e15 { try c.encode(Int(n)) } else { try c.encode(n) }
        case .strings(let a): try c.encode(a)
        }
    }

    /// A yes/no answer: a boolean, or the text "yes"/"no".
    public var yesNo: Bool? {
        switch self {
        case .bool(let b): return b
        case .string(let s):
            let t = s.trimmingWhitespace().lowercased()
            return t == "yes" ? true : t == "no" ? false : nil
        default: return nil
        }
    }

    /// No answer in substance: blank text or an empty list.
    public var isBlank: Bool {
        switch self {
        case .string(let s): return s.trimmingWhitespace().isEmpty
        case .strings(let a): return a.allSatisfy { $0.trimmingWhitespace().isEmpty }
        case .bool, .number: return false
        }
    }
}

/// Answers by question key.
public typealias ScreeningAnswers = [String: AnswerValue]
