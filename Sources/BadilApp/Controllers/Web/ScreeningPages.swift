import Fluent
import Foundation
import Vapor
import BadilCore

/// The priority queue and the vulnerability screening (DOMAIN.md §3.3) in the browser: one instrument
/// section per step, then a summary step that completes it; a completed screening reads, never edits.
struct ScreeningPages {
    func register(_ app: Application) {
        app.on(.GET, "priority", access: .permission(.screeningConduct), use: priority)
        app.on(.POST, "persons", ":id", "screenings", access: .permission(.screeningConduct), use: start)
        app.on(.GET, "screenings", ":id", access: .permission(.screeningConduct), use: screening)
        app.on(.POST, "screenings", ":id", access: .permission(.screeningConduct), use: save)
    }

    // MARK: Priority queue

    struct PriorityRow: Encodable {
        let place: Int; let id: String; let caseNumber: String; let name: String; let nameOriginal: String; let age: String
        let child: Bool; let unaccompanied: Bool; let location: String; let inDetention: Bool; let days: Int; let reasons: [String]
        let level: String?; let levelClass: String; let decision: String?; let draftHref: String?
    }
    struct PriorityList: Encodable { let rows: [PriorityRow]; let hasRows: Bool; let pager: Pager }

    @Sendable func priority(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let page = try req.page()
        let result = try await PriorityQueue(db: req.db, ctx: req.badil).list(page: page, by: actor)
        let drafts = try await Self.openDrafts(result.items.compactMap(\.person.id), on: req.db)
        let today = DayDate(req.badil.now)
        let rows = result.items.enumerated().map { i, item in
            let p = item.person
            let inDetention = item.location?.locationType.isDetention ?? false
            return PriorityRow(
                place: page.offset + i + 1, id: p.id!.uuidString, caseNumber: p.caseNumber, name: p.nameLatin ?? "",
                nameOriginal: p.nameOriginal ?? "", age: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? "?",
                child: p.isChild(on: today) || item.place.reasons.contains(.child) || item.place.reasons.contains(.separatedChild)
                    || item.place.reasons.contains(.unaccompaniedChild),
                unaccompanied: item.place.reasons.contains(.unaccompaniedChild),
                location: item.location?.name(in: req.language) ?? "–", inDetention: inDetention, days: item.daysInDetention,
                reasons: item.place.reasons.filter { $0 != .unaccompaniedChild && $0 != .child }.map { req.t($0.labelKey) },
                level: item.screening?.interventionLevel.map { req.t("intervention_level.\($0)") },
                levelClass: CaseFormat.levelClass(item.screening?.interventionLevel),
                decision: item.decisionStatus.map { req.t($0.labelKey) },
                draftHref: drafts[p.id!].map { "/screenings/\($0.uuidString)" })
        }
        return try await req.renderPage("screenings/priority", titleKey: "priority.title", PriorityList(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/priority", query: [:])))
    }

    /// The newest draft screening of each person, to continue rather than start another.
    static func openDrafts(_ personIDs: [UUID], on db: any Database) async throws -> [UUID: UUID] {
        guard !personIDs.isEmpty else { return [:] }
        var out: [UUID: UUID] = [:]
        for s in try await ScreeningRecord.query(on: db).filter(\.$personID ~~ personIDs)
            .filter(\.$status == ScreeningStatus.draft.rawValue).sort(\.$createdAt, .descending).all() where out[s.personID] == nil {
            out[s.personID] = s.id
        }
        return out
    }

    // MARK: Start

    @Sendable func start(_ req: Request) async throws -> Response {
        let view = try await ScreeningService(db: req.db, ctx: req.badil).start(personID: try req.uuidParameter(), ScreeningInput(), by: try req.actor)
        return req.redirect("/screenings/\(view.screening.id!.uuidString)", notice: "created")
    }

    // MARK: Wizard

    @Sendable func screening(_ req: Request) async throws -> Response {
        let view = try await ScreeningService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        if view.screening.screeningStatus == .completed { return try await completedPage(req, view) }
        let raw = (try? req.query.get(String.self, at: "step")).flatMap(Int.init) ?? 0
        return try await wizardPage(req, view, step: min(max(0, raw), view.instrument.sections.count), posted: nil, issues: [])
    }

    /// Saves the step's answers (blank for every question left empty, so a cleared answer is removed), then
    /// moves as the button asked: previous, next, save (stay) or complete (summary step only).
    @Sendable func save(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let actor = try req.actor
        let form = req.formLists()
        func one(_ name: String) -> String? { form[name]?.first }
        let service = ScreeningService(db: req.db, ctx: req.badil)
        // The instrument version decides which questions the step has; the save itself checks scope and state.
        guard let record = try await ScreeningRecord.find(id, on: req.db),
              let instrument = req.badil.instruments.version(record.instrumentVersion) else { throw DomainError.notFound }
        let sectionCount = instrument.sections.count
        let step = min(max(0, one("step").flatMap(Int.init) ?? 0), sectionCount)
        let go = one("go") ?? "save"
        var input = ScreeningInput()
        var issues: [FieldIssue] = []
        if step < sectionCount {
            let section = instrument.sections[step]
            var answers: ScreeningAnswers = [:]
            for q in section.questions { answers[q.key] = q.answer(fromForm: form["q.\(q.key)"] ?? []) ?? .string("") }
            let riskRaw = (one("risk") ?? "").trimmingCharacters(in: .whitespaces)
            let risk = RiskLevel(rawValue: riskRaw)
            if !riskRaw.isEmpty && risk == nil {
                issues.append(FieldIssue("sections.\(section.key.rawValue).risk", "unknown_value",
                                         ["allowed": RiskLevel.allCases.map(\.rawValue).joined(separator: ", ")]))
            }
            input.answers = answers
            let notes = (one("notes") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            input.sections = [section.key.rawValue: SectionAssessment(risk: risk, notes: notes.isEmpty ? nil : notes)]
            if !issues.isEmpty {
                // Refused before the service is asked: name the answers' problems too, all at once.
                var merged = record.answerValues
                for (key, value) in answers { merged[key] = value.isBlank ? nil : value }
                do {
                    try ScreeningRules.validate(answers: merged, instrument: instrument, completing: false, today: DayDate(req.badil.now))
                } catch DomainError.invalid(let found) { issues += found }
            }
        } else {
            input.manualIndicators = form["indicators"] ?? []
            input.interventionLevel = one("interventionLevel")
            input.levelReason = one("levelReason") ?? ""
            input.referrals = form["referrals"] ?? []
            input.summary = one("summary") ?? ""
            input.complete = go == "complete"
        }
        do {
            if !issues.isEmpty { throw DomainError.invalid(issues) }
            _ = try await service.save(id, input, expected: one("version").flatMap(Int.init).map(ExpectedVersion.version), by: actor)
        } catch DomainError.invalid(let found) {
            return try await wizardPage(req, try await service.get(id, by: actor), step: step, posted: form, issues: found,
                                        status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            return try await wizardPage(req, try await service.get(id, by: actor), step: step, posted: form,
                                        issues: [FieldIssue("form", "stale_version")], status: .preconditionFailed)
        }
        let path = "/screenings/\(id.uuidString)"
        switch go {
        case "complete" where step == sectionCount: return req.redirect(path, notice: "saved")
        case "next": return req.redirect(path, query: "step=\(min(step + 1, sectionCount))", notice: "saved")
        case "previous": return req.redirect(path, query: "step=\(max(step - 1, 0))", notice: "saved")
        default: return req.redirect(path, query: "step=\(step)", notice: "saved")
        }
    }

    private func wizardPage(_ req: Request, _ view: ScreeningService.View, step: Int, posted: [String: [String]]?, issues: [FieldIssue],
                            status: HTTPStatus = .ok) async throws -> Response {
        let s = view.screening, instrument = view.instrument
        let lang = req.language.rawValue
        let id = s.id!.uuidString
        let path = "/screenings/\(id)"
        let sectionCount = instrument.sections.count
        let isSummary = step >= sectionCount
        let saved = s.sectionAssessments
        var answers = s.answerValues
        // What the page shows is what was typed when the save was refused.
        if let posted, !isSummary {
            for q in instrument.sections[step].questions { answers[q.key] = q.answer(fromForm: posted["q.\(q.key)"] ?? []) }
        }
        let errors = Self.fieldErrors(issues, req)
        let links = issues.map { Self.issueLink($0, instrument: instrument, path: path, step: step, req: req) }
        let steps = instrument.sections.enumerated().map { i, section in
            StepLink(number: i + 1, title: section.title.text(lang), href: "\(path)?step=\(i)", current: i == step,
                     risk: saved[section.key]?.risk.map { req.t($0.labelKey) })
        } + [StepLink(number: sectionCount + 1, title: req.t("screening.summary_step"), href: "\(path)?step=\(sectionCount)",
                      current: isSummary, risk: nil)]
        var questions: [QuestionView] = []
        var risks: [OptionView] = []
        var notes = ""
        var sectionTitle = req.t("screening.summary_step")
        var riskError: String?, notesError: String?
        var summary: SummaryView?
        if isSummary {
            summary = summaryView(req, view, answers: answers, posted: posted, errors: errors, path: path)
        } else {
            let section = instrument.sections[step]
            sectionTitle = section.title.text(lang)
            questions = section.questions.map { Self.questionView($0, instrument: instrument, answers: answers, error: errors["answers.\($0.key)"], req: req) }
            let riskValue = posted.map { $0["risk"]?.first ?? "" } ?? saved[section.key]?.risk?.rawValue ?? ""
            risks = RiskLevel.allCases.map { OptionView(id: "risk-\($0.rawValue)", value: $0.rawValue, label: req.t($0.labelKey), checked: $0.rawValue == riskValue) }
            notes = posted.map { $0["notes"]?.first ?? "" } ?? saved[section.key]?.notes ?? ""
            riskError = errors["sections.\(section.key.rawValue).risk"]
            notesError = errors["sections.\(section.key.rawValue).notes"]
        }
        return try await req.renderPage("screenings/wizard", titleKey: "screening.title", WizardBody(
            id: id, person: PersonHeader(view.person, today: DayDate(req.badil.now)), instrument: instrument.title.text(lang),
            instrumentVersion: instrument.version, recordVersion: s.version, step: step, stepNumber: step + 1, stepCount: sectionCount + 1,
            steps: steps, isSummary: isSummary, hasPrevious: step > 0, sectionTitle: sectionTitle, questions: questions, risks: risks,
            notes: notes, riskError: riskError, notesError: notesError, issues: links, hasIssues: !links.isEmpty, summary: summary,
            conductedBy: s.conductedBy, started: s.createdAt.map(RegistrationPages.when) ?? ""), status: status)
    }

    private func summaryView(_ req: Request, _ view: ScreeningService.View, answers: ScreeningAnswers, posted: [String: [String]]?,
                             errors: [String: String], path: String) -> SummaryView {
        let s = view.screening, instrument = view.instrument
        let lang = req.language.rawValue
        let sections = s.sectionAssessments
        // What completing would refuse now, per section: the checklist before "Complete".
        var missing: [ScreeningSection: Int] = [:]
        do {
            try ScreeningRules.validate(answers: answers, sections: sections, instrument: instrument, completing: true, today: DayDate(req.badil.now))
        } catch DomainError.invalid(let found) {
            for issue in found {
                if issue.field.hasPrefix("answers."), let sec = instrument.section(of: String(issue.field.dropFirst(8))) { missing[sec, default: 0] += 1 }
                else if issue.field.hasPrefix("sections."), let sec = ScreeningSection(rawValue: String(issue.field.split(separator: ".")[1])) {
                    missing[sec, default: 0] += 1
                }
            }
        } catch {}
        let states = instrument.sections.enumerated().map { i, section in
            SectionState(title: section.title.text(lang), href: "\(path)?step=\(i)", risk: sections[section.key]?.risk.map { req.t($0.labelKey) },
                         missing: missing[section.key] ?? 0, ready: (missing[section.key] ?? 0) == 0)
        }
        let manual = posted.map { Set(($0["indicators"] ?? []).compactMap(Indicator.init(rawValue:))) } ?? s.manualIndicatorSet
        let sources = ScreeningRules.sources(answers: answers, instrument: instrument)
        let found = ScreeningRules.indicators(answers: answers, instrument: instrument, manual: manual)
        let indicators = found.map { ind in
            IndicatorView(label: req.t(ind.labelKey), severity: req.t(ind.severity.labelKey), high: ind.severity == .high,
                          sources: (sources[ind] ?? []).compactMap { instrument.question($0)?.label.text(lang) }, manual: manual.contains(ind) && sources[ind] == nil)
        }
        let suggestion = ScreeningRules.suggestedLevel(indicators: found, risks: sections.compactMapValues(\.risk))
        let level = posted.map { $0["interventionLevel"]?.first ?? "" } ?? s.interventionLevel ?? suggestion.level.rawValue
        let referrals = posted.map { $0["referrals"] ?? [] }
            ?? (s.referralList.isEmpty ? ScreeningRules.suggestedReferrals(indicators: found) : s.referralList).map(\.rawValue)
        return SummaryView(
            sections: states, indicators: indicators, hasIndicators: !indicators.isEmpty, suggested: req.t(suggestion.level.labelKey),
            suggestedClass: CaseFormat.levelClass(suggestion.level.rawValue), reasons: suggestion.reasons.map { req.t($0) },
            levels: req.options(InterventionLevel.self, selected: level) { $0.labelKey },
            levelReason: posted.map { $0["levelReason"]?.first ?? "" } ?? s.levelReason ?? "",
            referrals: AssessmentReferral.allCases.map { OptionView(id: "referral-\($0.rawValue)", value: $0.rawValue, label: req.t($0.labelKey), checked: referrals.contains($0.rawValue)) },
            manual: Indicator.allCases.map { OptionView(id: "indicator-\($0.rawValue)", value: $0.rawValue, label: req.t($0.labelKey), checked: manual.contains($0)) },
            manualCount: manual.count, summary: posted.map { $0["summary"]?.first ?? "" } ?? s.summary ?? "",
            levelError: errors["interventionLevel"], levelReasonError: errors["levelReason"], referralsError: errors["referrals"],
            indicatorsError: errors["manualIndicators"], summaryError: errors["summary"], ready: missing.isEmpty)
    }
}
