import Fluent
import Foundation
import Vapor
import BadilCore

/// The five CAP steps as one form: proposing a decision, and correcting a returned one.
extension DecisionPages {
    struct ConditionRow: Encodable {
        let kind: String; let label: String; let hint: String; let checked: Bool; let details: String; let interval: String
        let isReporting: Bool; let detailsError: String?; let intervalError: String?
    }
    struct SelectField: Encodable { let name: String; let label: String; let options: [SelectOption]; let error: String? }
    struct OutcomeOption: Encodable { let value: String; let label: String; let hint: String; let checked: Bool; let disabled: Bool }
    struct ScreeningBrief: Encodable {
        let href: String?; let completed: String; let level: String; let levelClass: String; let indicators: [String]; let hasIndicators: Bool
        let referrals: [String]; let hasReferrals: Bool
    }
    struct DecisionForm: Encodable {
        let person: PersonHeader; let action: String; let isEdit: Bool; let version: Int?; let returnReason: String?; let form: FormState
        let inDetention: Bool; let location: String; let days: Int; let screening: ScreeningBrief?; let openDecisionHref: String?
        let outcomes: [OutcomeOption]; let checks: [SelectField]; let supports: [SelectField]; let conditions: [ConditionRow]
        let conditionsError: String?; let maxReviewDays: Int; let cancelHref: String
    }

    static func labels(_ req: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (field, key) in checks + supports + texts { out[field] = req.t(key) }
        for kind in ConditionKind.allCases {
            out["cond-\(kind.rawValue)-details"] = "\(req.t(kind.labelKey)) · \(req.t("decision.condition_details"))"
        }
        out["cond-reporting-interval"] = "\(req.t(ConditionKind.reporting.labelKey)) · \(req.t("decision.reporting_interval"))"
        return out
    }

    /// The form values of a saved draft (for a returned decision corrected and sent again).
    static func values(_ d: DecisionDraft) -> [String: String] {
        var v: [String: String] = [
            "outcome": d.outcome?.rawValue ?? "", "presumptionOfLiberty": d.presumptionOfLiberty.formValue,
            "presumptionNotes": d.presumptionNotes ?? "", "legalObligations": d.legalObligations?.rawValue ?? "",
            "identityCheck": d.identityCheck?.rawValue ?? "", "healthCheck": d.healthCheck?.rawValue ?? "",
            "securityCheck": d.securityCheck?.rawValue ?? "", "individualFactors": d.individualFactors ?? "",
            "caseManagement": d.caseManagement?.rawValue ?? "", "legalAdvice": d.legalAdvice?.rawValue ?? "",
            "interpretation": d.interpretation?.rawValue ?? "", "basicNeeds": d.basicNeeds?.rawValue ?? "",
            "documents": d.documents?.rawValue ?? "", "communityNotes": d.communityNotes ?? "", "justification": d.justification ?? "",
            "legalBasis": d.legalBasis ?? "", "decidingAuthority": d.decidingAuthority ?? "", "reviewDate": d.reviewDate?.description ?? "",
            "urgencyReason": d.urgencyReason ?? "", "summary": d.summary ?? "",
        ]
        for c in d.conditions {
            v["cond.\(c.kind.rawValue)"] = "on"
            v["cond.\(c.kind.rawValue).details"] = c.details ?? ""
            if let days = c.reportingIntervalDays { v["cond.reporting.interval"] = String(days) }
        }
        return v
    }

    /// The posted form as the service's draft, and the numbers that could not be read (the draft is nil when a
    /// word is not one of the allowed ones). Condition issues come back under the condition's row
    /// ("cond-reporting-interval"), not an index.
    static func draft(_ f: [String: String]) -> (draft: DecisionDraft?, issues: [FieldIssue], rename: [String: String]) {
        var input = DecisionProposalInput()
        var issues: [FieldIssue] = []
        var rename: [String: String] = [:]
        func text(_ name: String) -> String? { f[name] }
        input.outcome = f["outcome"]
        input.presumptionOfLiberty = f["presumptionOfLiberty"] == "on"
        input.presumptionNotes = text("presumptionNotes")
        input.legalObligations = f["legalObligations"]
        input.identityCheck = f["identityCheck"]
        input.healthCheck = f["healthCheck"]
        input.securityCheck = f["securityCheck"]
        input.individualFactors = text("individualFactors")
        input.caseManagement = f["caseManagement"]
        input.legalAdvice = f["legalAdvice"]
        input.interpretation = f["interpretation"]
        input.basicNeeds = f["basicNeeds"]
        input.documents = f["documents"]
        input.communityNotes = text("communityNotes")
        input.justification = text("justification")
        input.legalBasis = text("legalBasis")
        input.decidingAuthority = text("decidingAuthority")
        input.reviewDate = text("reviewDate")
        input.urgencyReason = text("urgencyReason")
        input.summary = text("summary")
        var conditions: [DecisionProposalInput.ConditionInput] = []
        for kind in ConditionKind.allCases where f["cond.\(kind.rawValue)"] == "on" {
            let i = conditions.count
            rename["conditions.\(i).details"] = "cond-\(kind.rawValue)-details"
            rename["conditions.\(i).reportingIntervalDays"] = kind == .reporting ? "cond-reporting-interval" : "cond-\(kind.rawValue)-details"
            var days: Int?
            if kind == .reporting {
                days = RegistrationPages.parseInt(f["cond.reporting.interval"], field: "conditions.\(i).reportingIntervalDays", issues: &issues)
            }
            conditions.append(.init(kind: kind.rawValue, details: f["cond.\(kind.rawValue).details"], reportingIntervalDays: days))
        }
        input.conditions = conditions
        do {
            return (try input.draft(), issues, rename)
        } catch DomainError.invalid(let found) {
            return (nil, issues + found, rename)
        } catch {
            return (nil, issues + [FieldIssue("form", "invalid_value")], rename)
        }
    }

    /// The draft to send, or every problem at once: when a number could not be read the service is not asked,
    /// so the CAP rules run here on the rest (with the person's facts) to report them together.
    static func checked(_ parsed: (draft: DecisionDraft?, issues: [FieldIssue], rename: [String: String]), _ req: Request,
                        personID: UUID) async throws -> DecisionDraft {
        guard let draft = parsed.draft else { throw DomainError.invalid(parsed.issues) }
        if parsed.issues.isEmpty { return draft }
        guard let person = try await RecordScopes.persons(try req.actor, on: req.db).filter(\.$id == personID).first() else { throw DomainError.notFound }
        let today = DayDate(req.badil.now)
        let screened = try await ScreeningService.current(personID: personID, on: req.db) != nil
        var issues = parsed.issues
        do {
            try DecisionRules.validate(draft, context: DecisionContext(isChild: person.isChild(on: today), hasCompletedScreening: screened,
                                                                     today: today, maxReviewDays: req.badil.settings.maxReviewDays))
        } catch DomainError.invalid(let found) {
            issues += found.filter { f in !parsed.issues.contains { $0.field == f.field } }
        }
        throw DomainError.invalid(issues)
    }

    func formPage(_ req: Request, personID: UUID, form: FormState, decision: DecisionRecord? = nil,
                          status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let detail = try await PersonService(db: req.db, ctx: req.badil).get(personID, by: actor)
        let p = detail.person
        let today = DayDate(req.badil.now)
        let header = PersonHeader(p, today: today)
        let screening = try await ScreeningService.current(personID: p.id!, on: req.db)
        var openHref: String?
        if decision == nil, let open = try await DecisionService(db: req.db, ctx: req.badil).list(personID: p.id!, by: actor)
            .first(where: { $0.decisionStatus.isOpen }) {
            openHref = "/decisions/\(open.id!.uuidString)"
        }
        let v = form.values
        let outcomes = DecisionOutcome.allCases.map { o in
            OutcomeOption(value: o.rawValue, label: req.t(o.labelKey), hint: req.t("decision.outcome_hint.\(o.rawValue)"),
                          checked: v["outcome"] == o.rawValue, disabled: o == .detentionLastResort && header.isChild)
        }
        let checks = Self.checks.map { name, key in
            SelectField(name: name, label: req.t(key), options: req.options(CheckStatus.self, selected: v[name]) { $0.labelKey }, error: form.errors[name])
        }
        let supports = Self.supports.map { name, key in
            SelectField(name: name, label: req.t(key), options: req.options(Availability.self, selected: v[name]) { $0.labelKey }, error: form.errors[name])
        }
        let conditions = ConditionKind.allCases.map { kind in
            ConditionRow(kind: kind.rawValue, label: req.t(kind.labelKey), hint: req.t("decision.condition_hint.\(kind.rawValue)"),
                         checked: v["cond.\(kind.rawValue)"] == "on", details: v["cond.\(kind.rawValue).details"] ?? "",
                         interval: kind == .reporting ? v["cond.reporting.interval"] ?? "" : "", isReporting: kind == .reporting,
                         detailsError: form.errors["cond-\(kind.rawValue)-details"],
                         intervalError: kind == .reporting ? form.errors["cond-reporting-interval"] : nil)
        }
        let current = detail.currentStay
        let action = decision.map { "/decisions/\($0.id!.uuidString)/edit" } ?? "/persons/\(p.id!.uuidString)/decisions"
        return try await req.renderPage("decisions/form", titleKey: decision == nil ? "decision.new_title" : "decision.edit_title", DecisionForm(
            person: header, action: action, isEdit: decision != nil, version: decision?.version, returnReason: decision?.returnReason, form: form,
            inDetention: current?.location.locationType.isDetention ?? false, location: current.map { $0.location.name(in: req.language) } ?? "–",
            days: detail.daysInDetention, screening: screening.map { Self.brief($0, req, canOpen: actor.can(.screeningConduct)) },
            openDecisionHref: openHref, outcomes: outcomes, checks: checks, supports: supports, conditions: conditions,
            conditionsError: form.errors["conditions"], maxReviewDays: req.badil.settings.maxReviewDays,
            cancelHref: decision.map { "/decisions/\($0.id!.uuidString)" } ?? header.href), status: status)
    }

    static func brief(_ s: ScreeningRecord, _ req: Request, canOpen: Bool) -> ScreeningBrief {
        let indicators = s.indicatorList.map { req.t($0.labelKey) }
        let referrals = s.referralList.map { req.t($0.labelKey) }
        return ScreeningBrief(href: canOpen ? "/screenings/\(s.id!.uuidString)" : nil, completed: s.completedAt.map(CaseFormat.day) ?? "",
                              level: s.interventionLevel.map { req.t("intervention_level.\($0)") } ?? "–",
                              levelClass: CaseFormat.levelClass(s.interventionLevel), indicators: indicators, hasIndicators: !indicators.isEmpty,
                              referrals: referrals, hasReferrals: !referrals.isEmpty)
    }

    @Sendable func newDecision(_ req: Request) async throws -> Response {
        try await formPage(req, personID: try req.uuidParameter(), form: FormState())
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let personID = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        let parsed = Self.draft(f)
        do {
            let draft = try await Self.checked(parsed, req, personID: personID)
            let d = try await DecisionService(db: req.db, ctx: req.badil).propose(personID: personID, draft, by: try req.actor)
            return req.redirect("/decisions/\(d.id!.uuidString)", notice: "created")
        } catch DomainError.invalid(let issues) {
            form.add(issues, req, labels: Self.labels(req), rename: parsed.rename)
            return try await formPage(req, personID: personID, form: form, status: .unprocessableEntity)
        } catch DomainError.conflict(let code) {
            form.add(message: "error.\(code)", req)
            return try await formPage(req, personID: personID, form: form, status: .conflict)
        }
    }

    @Sendable func edit(_ req: Request) async throws -> Response {
        let view = try await DecisionService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        guard view.decision.decisionStatus == .returned else { throw DomainError.conflict("decision_transition_invalid") }
        return try await formPage(req, personID: view.person.id!, form: FormState(values: Self.values(view.decision.draft)), decision: view.decision)
    }

    @Sendable func resubmit(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let actor = try req.actor
        let f = req.formFields()
        var form = FormState(values: f)
        let parsed = Self.draft(f)
        let service = DecisionService(db: req.db, ctx: req.badil)
        do {
            let personID = try await service.scoped(id, actor, on: req.db).1.id!
            let draft = try await Self.checked(parsed, req, personID: personID)
            _ = try await service.resubmit(id, draft, expected: Int(f["version"] ?? "").map(ExpectedVersion.version), by: actor)
            return req.redirect("/decisions/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            form.add(issues, req, labels: Self.labels(req), rename: parsed.rename)
            let view = try await service.get(id, by: actor)
            return try await formPage(req, personID: view.person.id!, form: form, decision: view.decision, status: .unprocessableEntity)
        } catch DomainError.staleVersion {
            form.add(message: "error.stale_version", req)
            let view = try await service.get(id, by: actor)
            return try await formPage(req, personID: view.person.id!, form: form, decision: view.decision, status: .preconditionFailed)
        }
    }
}
