import Foundation
import Vapor
import BadilCore

/// What the screening pages show: one question as form controls, an issue as a link to its step,
/// an answer in words, and a completed screening to read.
extension ScreeningPages {
    struct OptionView: Encodable { let id: String; let value: String; let label: String; let checked: Bool }
    struct QuestionView: Encodable {
        let id: String; let name: String; let label: String; let help: String?; let kind: String; let required: Bool
        let condition: String?; let notAskedNow: Bool; let value: String; let options: [OptionView]; let min: String?; let max: String?
        let error: String?; let describedBy: String?
    }
    struct StepLink: Encodable { let number: Int; let title: String; let href: String; let current: Bool; let risk: String? }
    struct IssueLink: Encodable { let href: String; let message: String }
    struct IndicatorView: Encodable { let label: String; let severity: String; let high: Bool; let sources: [String]; let manual: Bool }
    struct SectionState: Encodable { let title: String; let href: String; let risk: String?; let missing: Int; let ready: Bool }
    struct SummaryView: Encodable {
        let sections: [SectionState]; let indicators: [IndicatorView]; let hasIndicators: Bool; let suggested: String; let suggestedClass: String
        let reasons: [String]; let levels: [SelectOption]; let levelReason: String; let referrals: [OptionView]; let manual: [OptionView]
        let manualCount: Int; let summary: String; let levelError: String?; let levelReasonError: String?; let referralsError: String?
        let indicatorsError: String?; let summaryError: String?; let ready: Bool
    }
    struct WizardBody: Encodable {
        let id: String; let person: PersonHeader; let instrument: String; let instrumentVersion: Int; let recordVersion: Int
        let step: Int; let stepNumber: Int; let stepCount: Int; let steps: [StepLink]; let isSummary: Bool; let hasPrevious: Bool
        let sectionTitle: String; let questions: [QuestionView]; let risks: [OptionView]; let notes: String
        let riskError: String?; let notesError: String?; let issues: [IssueLink]; let hasIssues: Bool; let summary: SummaryView?
        let conductedBy: String; let started: String
    }

    /// Field errors by field; list items ("referrals.2") are reported on the list.
    static func fieldErrors(_ issues: [FieldIssue], _ req: Request) -> [String: String] {
        var out: [String: String] = [:]
        for issue in issues {
            var field = issue.field
            for list in ["referrals", "manualIndicators"] where field.hasPrefix(list + ".") { field = list }
            if out[field] == nil { out[field] = req.badil.localizer.message(for: issue, req.language) }
        }
        return out
    }

    /// Where an issue is fixed: the question's step and anchor, with the question or section named.
    static func issueLink(_ issue: FieldIssue, instrument: ScreeningInstrument, path: String, step: Int, req: Request) -> IssueLink {
        let lang = req.language.rawValue
        let message = req.badil.localizer.message(for: issue, req.language)
        let summaryStep = instrument.sections.count
        func href(_ target: Int, _ anchor: String) -> String { target == step ? "#\(anchor)" : "\(path)?step=\(target)#\(anchor)" }
        if issue.field.hasPrefix("answers."), let q = instrument.question(String(issue.field.dropFirst(8))),
           let target = instrument.sections.firstIndex(where: { $0.questions.contains { $0.key == q.key } }) {
            return IssueLink(href: href(target, questionID(q.key)), message: "\(q.label.text(lang)) — \(message)")
        }
        if issue.field.hasPrefix("sections.") {
            let parts = issue.field.split(separator: ".").map(String.init)
            if parts.count == 3, let target = instrument.sections.firstIndex(where: { $0.key.rawValue == parts[1] }) {
                let label = req.t(parts[2] == "risk" ? "screening.section_risk" : "screening.section_notes")
                return IssueLink(href: href(target, parts[2]), message: "\(instrument.sections[target].title.text(lang)) · \(label): \(message)")
            }
        }
        let labels = ["interventionLevel": "screening.level", "levelReason": "screening.level_reason", "referrals": "screening.referrals",
                      "manualIndicators": "screening.manual_indicators", "summary": "screening.summary_notes"]
        let field = ["referrals", "manualIndicators"].first { issue.field.hasPrefix($0 + ".") } ?? issue.field
        if let key = labels[field] {
            return IssueLink(href: href(summaryStep, field), message: "\(req.t(key)): \(message)")
        }
        return IssueLink(href: "#main", message: issue.field == "form" ? req.t("error.\(issue.code)") : message)
    }

    static func questionID(_ key: String) -> String { "q-" + key.replacingOccurrences(of: ".", with: "-") }

    /// The form values of a stored answer (what the inputs hold).
    static func formValues(_ value: AnswerValue?) -> [String] {
        switch value {
        case .bool(let b)?: return [b ? "yes" : "no"]
        case .string(let s)?: return [s]
        case .number(let n)?: return [CaseFormat.number(n)]
        case .strings(let a)?: return a
        case nil: return []
        }
    }

    static func questionView(_ q: InstrumentQuestion, instrument: ScreeningInstrument, answers: ScreeningAnswers, error: String?,
                             req: Request) -> QuestionView {
        let lang = req.language.rawValue
        let id = questionID(q.key)
        let values = formValues(answers[q.key]).map { $0.trimmingCharacters(in: .whitespaces) }
        var options: [OptionView] = []
        let kind: String
        switch q.type {
        case .yesNo:
            kind = "radios"
            let current = answers[q.key]?.yesNo.map { $0 ? "yes" : "no" } ?? values.first ?? ""
            options = [("yes", "screening.answer_yes"), ("no", "screening.answer_no")].map {
                OptionView(id: "\(id)-\($0.0)", value: $0.0, label: req.t($0.1), checked: current == $0.0)
            }
            options.append(OptionView(id: "\(id)-blank", value: "", label: req.t("screening.not_answered"), checked: current.isEmpty))
        case .singleChoice:
            let choices = q.options ?? []
            kind = choices.count > 6 ? "select" : "radios"
            options = choices.map { OptionView(id: "\(id)-\($0.key)", value: $0.key, label: $0.label.text(lang), checked: values.first == $0.key) }
            if kind == "radios" {
                options.append(OptionView(id: "\(id)-blank", value: "", label: req.t("screening.not_answered"), checked: values.isEmpty))
            }
        case .multiChoice:
            kind = "checkboxes"
            options = (q.options ?? []).map { OptionView(id: "\(id)-\($0.key)", value: $0.key, label: $0.label.text(lang), checked: values.contains($0.key)) }
        case .text: kind = "textarea"
        case .number: kind = "number"
        case .date: kind = "date"
        }
        var condition: String?
        var notAskedNow = false
        if let c = q.askedWhen, let target = instrument.question(c.question) {
            condition = req.t("screening.asked_when", ["question": target.label.text(lang), "answer": patternText(c.answer, target, req)])
            notAskedNow = !ScreeningRules.isAsked(q, answers: answers, instrument: instrument)
        }
        let help = q.help?.text(lang)
        let describedBy = [condition.map { _ in "\(id)-cond" }, help.map { _ in "\(id)-help" }, error.map { _ in "\(id)-error" }]
            .compactMap { $0 }.joined(separator: " ")
        return QuestionView(id: id, name: "q.\(q.key)", label: q.label.text(lang), help: help, kind: kind, required: q.required,
                            condition: condition, notAskedNow: notAskedNow,
                            value: q.type == .multiChoice ? "" : values.first ?? "", options: options, min: q.min.map(String.init), max: q.max.map(String.init),
                            error: error, describedBy: describedBy.isEmpty ? nil : describedBy)
    }

    /// An answer pattern ("yes", an option key, ">=60") in words.
    static func patternText(_ pattern: String, _ q: InstrumentQuestion, _ req: Request) -> String {
        switch q.type {
        case .yesNo: return req.t(pattern == "yes" ? "screening.answer_yes" : "screening.answer_no")
        case .singleChoice, .multiChoice: return q.options?.first { $0.key == pattern }?.label.text(req.language.rawValue) ?? pattern
        default: return pattern
        }
    }

    /// A stored answer in words, in the page's language.
    static func answerText(_ value: AnswerValue, _ q: InstrumentQuestion, _ req: Request) -> String {
        let lang = req.language.rawValue
        func option(_ key: String) -> String { q.options?.first { $0.key == key }?.label.text(lang) ?? key }
        if q.type == .yesNo, let yes = value.yesNo { return req.t(yes ? "screening.answer_yes" : "screening.answer_no") }
        switch value {
        case .bool(let b): return req.t(b ? "screening.answer_yes" : "screening.answer_no")
        case .string(let s): return q.type == .singleChoice ? option(s) : s
        case .number(let n): return CaseFormat.number(n)
        case .strings(let a): return a.map(option).joined(separator: ", ")
        }
    }

    // MARK: Completed

    struct AnswerRow: Encodable { let question: String; let answer: String; let kind: String }
    struct SectionRead: Encodable { let title: String; let risk: String?; let notes: String?; let answers: [AnswerRow]; let hasAnswers: Bool }
    struct CompletedBody: Encodable {
        let id: String; let person: PersonHeader; let instrument: String; let instrumentVersion: Int; let conductedBy: String
        let started: String; let completed: String; let indicators: [IndicatorView]; let hasIndicators: Bool; let suggested: String
        let level: String; let levelClass: String; let levelReason: String?; let referrals: [String]; let hasReferrals: Bool
        let summary: String?; let sections: [SectionRead]; let canPropose: Bool; let proposeHref: String
    }

    func completedPage(_ req: Request, _ view: ScreeningService.View) async throws -> Response {
        let s = view.screening, instrument = view.instrument
        let lang = req.language.rawValue
        let answers = s.answerValues
        let assessments = s.sectionAssessments
        let sources = ScreeningRules.sources(answers: answers, instrument: instrument)
        let manual = s.manualIndicatorSet
        let indicators = s.indicatorList.map { ind in
            IndicatorView(label: req.t(ind.labelKey), severity: req.t(ind.severity.labelKey), high: ind.severity == .high,
                          sources: (sources[ind] ?? []).compactMap { instrument.question($0)?.label.text(lang) }, manual: manual.contains(ind) && sources[ind] == nil)
        }
        let sections = instrument.sections.map { section in
            let rows = section.questions.compactMap { q -> AnswerRow? in
                guard let value = answers[q.key], !value.isBlank else { return nil }
                return AnswerRow(question: q.label.text(lang), answer: Self.answerText(value, q, req),
                                 kind: q.type == .text ? "text" : q.type == .date || q.type == .number ? "ltr" : "plain")
            }
            return SectionRead(title: section.title.text(lang), risk: assessments[section.key]?.risk.map { req.t($0.labelKey) },
                               notes: assessments[section.key]?.notes.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }, answers: rows, hasAnswers: !rows.isEmpty)
        }
        let referrals = s.referralList.map { req.t($0.labelKey) }
        let actor = try req.actor
        return try await req.renderPage("screenings/show", titleKey: "screening.title", CompletedBody(
            id: s.id!.uuidString, person: PersonHeader(view.person, today: DayDate(req.badil.now)), instrument: instrument.title.text(lang),
            instrumentVersion: instrument.version, conductedBy: s.conductedBy, started: s.createdAt.map(RegistrationPages.when) ?? "",
            completed: s.completedAt.map(RegistrationPages.when) ?? "", indicators: indicators, hasIndicators: !indicators.isEmpty,
            suggested: s.suggestedLevel.map { req.t("intervention_level.\($0)") } ?? "–",
            level: s.interventionLevel.map { req.t("intervention_level.\($0)") } ?? "–", levelClass: CaseFormat.levelClass(s.interventionLevel),
            levelReason: s.levelReason, referrals: referrals, hasReferrals: !referrals.isEmpty, summary: s.summary, sections: sections,
            canPropose: actor.can(.decisionPropose), proposeHref: "/persons/\(view.person.id!.uuidString)/decisions/new"))
    }
}
