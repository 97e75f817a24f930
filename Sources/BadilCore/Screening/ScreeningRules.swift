/// The risk of harm an interviewer records for one section of a screening.
/// (`noRisk` rather than `none`, which an optional would swallow as `Optional.none`.)
public enum RiskLevel: String, CaseIterable, Codable, Sendable {
    case noRisk = "none"
    case low, medium, high
    public var labelKey: String { "risk_level.\(rawValue)" }
}

/// The summary level of a screening: how much support the person needs (DOMAIN.md §3.3).
public enum InterventionLevel: String, CaseIterable, Codable, Sendable {
    case low, medium, high
    public var labelKey: String { "intervention_level.\(rawValue)" }
}

/// Full assessments a screening can refer to.
public enum AssessmentReferral: String, CaseIterable, Codable, Sendable {
    case medical
    case mentalHealth = "mental_health"
    /// Best-interests assessment, for children (DOMAIN.md §4).
    case bestInterests = "best_interests"
    case legal
    public var labelKey: String { "assessment_referral.\(rawValue)" }
}

/// A screening is saved as a draft as often as needed; completing it freezes it. Vulnerability changes:
/// a later screening is a new record, never an edit of a completed one.
public enum ScreeningStatus: String, CaseIterable, Codable, Sendable {
    case draft, completed
    public var labelKey: String { "screening_status.\(rawValue)" }
}

/// What the interviewer records for a section besides the answers.
public struct SectionAssessment: Codable, Sendable, Equatable {
    public var risk: RiskLevel?
    public var notes: String?

    public init(risk: RiskLevel? = nil, notes: String? = nil) {
        self.risk = risk
        self.notes = notes
    }
}

public enum ScreeningRules {
    /// The yes/no question that records informed consent; a screening cannot be completed without a yes.
    public static let consentQuestion = "interview.consent"
    public static let maxTextAnswerLength = 2000
    public static let maxNotesLength = 4000

    /// Checks answers against the instrument. Fields are `answers.<questionKey>`, `sections.<section>.risk`
    /// and `sections.<section>.notes`. A draft may be incomplete; `completing` adds what completion needs:
    /// every required question that is asked (see `AnswerCondition`), a risk level for every section,
    /// and informed consent (`consent_required`, in place of `required` on the consent question).
    public static func validate(answers: ScreeningAnswers, sections: [ScreeningSection: SectionAssessment] = [:],
                                instrument: ScreeningInstrument, completing: Bool, today: DayDate) throws {
        var v = FieldChecker()
        for key in answers.keys.sorted() where instrument.question(key) == nil {
            v.add("answers.\(key)", "unknown_question")
        }
        for q in instrument.questions {
            let field = "answers.\(q.key)"
            if let value = answers[q.key], !value.isBlank {
                check(value, for: q, field: field, today: today, into: &v)
            } else if completing && q.required && q.key != consentQuestion && isAsked(q, answers: answers, instrument: instrument) {
                v.add(field, "required")
            }
        }
        if completing && answers[consentQuestion]?.yesNo != true {
            v.add("answers.\(consentQuestion)", "consent_required")
        }
        for section in instrument.sections {
            let assessment = sections[section.key]
            if completing && assessment?.risk == nil { v.add("sections.\(section.key.rawValue).risk", "required") }
            _ = v.optionalText("sections.\(section.key.rawValue).notes", assessment?.notes, max: maxNotesLength)
        }
        try v.finish()
    }

    static func check(_ value: AnswerValue, for q: InstrumentQuestion, field: String, today: DayDate, into v: inout FieldChecker) {
        let wrongType = { (v: inout FieldChecker) in v.add(field, "answer_wrong_type", ["expected": q.type.rawValue]) }
        let allowed = (q.options ?? []).map(\.key)
        switch (q.type, value) {
        case (.yesNo, _):
            if value.yesNo == nil { wrongType(&v) }
        case (.singleChoice, .string(let chosen)):
            if !allowed.contains(chosen.trimmingWhitespace()) { v.add(field, "unknown_option", ["allowed": allowed.joined(separator: ", ")]) }
        case (.multiChoice, .strings(let chosen)):
            if chosen.contains(where: { !allowed.contains($0.trimmingWhitespace()) }) {
                v.add(field, "unknown_option", ["allowed": allowed.joined(separator: ", ")])
            }
        case (.text, .string(let text)):
            _ = v.optionalText(field, text, max: maxTextAnswerLength)
        case (.number, .number(let x)):
            guard x.isFinite else { wrongType(&v); return }
            if let lo = q.min, let hi = q.max, !(Double(lo)...Double(hi)).contains(x) {
                v.add(field, "out_of_range", ["min": String(lo), "max": String(hi)])
            }
        case (.date, .string(let text)):
            guard let date = DayDate(text) else { v.add(field, "invalid_date"); return }
            if date > today { v.add(field, "date_in_future") }
        default:
            wrongType(&v)
        }
    }

    /// Whether a question is asked given the answers so far (always, unless it has an `askedWhen` condition).
    public static func isAsked(_ q: InstrumentQuestion, answers: ScreeningAnswers, instrument: ScreeningInstrument) -> Bool {
        guard let c = q.askedWhen else { return true }
        guard let target = instrument.question(c.question), let answer = answers[c.question] else { return false }
        return AnswerPattern.matches(c.answer, answer, type: target.type) && isAsked(target, answers: answers, instrument: instrument)
    }

    /// The questions whose answers raised each indicator (questions not asked raise nothing).
    public static func sources(answers: ScreeningAnswers, instrument: ScreeningInstrument) -> [Indicator: [String]] {
        var found: [Indicator: [String]] = [:]
        for q in instrument.questions where !q.raises.isEmpty {
            guard let value = answers[q.key], isAsked(q, answers: answers, instrument: instrument) else { continue }
            for t in q.raises where AnswerPattern.matches(t.whenAnswer, value, type: q.type) {
                if found[t.indicator]?.contains(q.key) != true { found[t.indicator, default: []].append(q.key) }
            }
        }
        return found
    }

    /// Indicators raised by the answers plus those the interviewer added by hand, once each,
    /// most severe first, then in `Indicator` declaration order.
    public static func indicators(answers: ScreeningAnswers, instrument: ScreeningInstrument, manual: Set<Indicator> = []) -> [Indicator] {
        ordered(Set(sources(answers: answers, instrument: instrument).keys).union(manual))
    }

    /// Indicators once each, most severe first, then in declaration order.
    public static func ordered(_ indicators: some Sequence<Indicator>) -> [Indicator] {
        Set(indicators).sorted { ($0.severity, $0.order) < ($1.severity, $1.order) }
    }

    /// The intervention level to propose (the interviewer may choose another, with a reason).
    ///
    /// **Model:** the highest of (a) the severity of each indicator and (b) the risk of harm recorded for each
    /// section (high → high, medium → medium, low or none → low). Reasons are translation keys for what
    /// reached that level: the indicators' `labelKey`s (most severe first), then `level_reason.<section>`
    /// for each section at that risk; for a low level with nothing at all to show, `level_reason.none`.
    public static func suggestedLevel(indicators: some Sequence<Indicator>, risks: [ScreeningSection: RiskLevel])
        -> (level: InterventionLevel, reasons: [String]) {
        let found = ordered(indicators)
        func level(_ s: Severity) -> InterventionLevel {
            switch s { case .high: return .high; case .medium: return .medium; case .low: return .low }
        }
        func level(_ r: RiskLevel) -> InterventionLevel? {
            switch r { case .high: return .high; case .medium: return .medium; case .low: return .low; case .noRisk: return nil }
        }
        let candidates = found.map { level($0.severity) } + risks.values.compactMap(level)
        let chosen: InterventionLevel = candidates.contains(.high) ? .high : candidates.contains(.medium) ? .medium : .low
        var reasons = found.filter { level($0.severity) == chosen }.map(\.labelKey)
        for section in ScreeningSection.allCases where risks[section].flatMap(level) == chosen {
            reasons.append("level_reason.\(section.rawValue)")
        }
        if reasons.isEmpty { reasons = ["level_reason.none"] }
        return (chosen, reasons)
    }

    /// Full assessments the indicators call for, in `AssessmentReferral` order: children → best interests;
    /// medical emergency, serious illness, pregnancy, disability, older age → medical; mental health,
    /// trauma, torture, gender-based violence → mental health; asylum need, statelessness, trafficking → legal.
    public static func suggestedReferrals(indicators: some Sequence<Indicator>) -> [AssessmentReferral] {
        let set = Set(indicators.compactMap(referral))
        return AssessmentReferral.allCases.filter { set.contains($0) }
    }

    static func referral(_ i: Indicator) -> AssessmentReferral? {
        switch i {
        case .child, .unaccompaniedChild, .separatedChild: return .bestInterests
        case .medicalEmergency, .seriousMedicalCondition, .pregnant, .disability, .olderPerson: return .medical
        case .mentalHealthCondition, .trauma, .tortureSurvivor, .gbvSurvivor: return .mentalHealth
        case .asylumNeed, .stateless, .traffickingSurvivor: return .legal
        case .familyViolence, .sogiRisk, .singleParent, .otherSituation: return nil
        }
    }
}
