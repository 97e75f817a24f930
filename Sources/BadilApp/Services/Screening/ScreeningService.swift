import Fluent
import Foundation
import BadilCore

/// What a client sends to start or continue a screening. Answers and section assessments are merged
/// into what was saved before; a blank answer removes one.
struct ScreeningInput: StrictInput {
    var instrumentVersion: Int?
    var answers: ScreeningAnswers?
    var sections: [String: SectionAssessment]?
    var manualIndicators: [String]?
    var interventionLevel: String?
    var levelReason: String?
    var referrals: [String]?
    var summary: String?
    var complete: Bool?
    static let allowedFields: Set<String> = ["instrumentVersion", "answers", "sections", "manualIndicators", "interventionLevel",
                                             "levelReason", "referrals", "summary", "complete"]
    static func nestedIssues(_ body: [String: Any]) -> [FieldIssue] {
        guard let sections = body["sections"] as? [String: Any] else { return [] }
        var issues: [FieldIssue] = []
        for (key, value) in sections.sorted(by: { $0.key < $1.key }) {
            if ScreeningSection(rawValue: key) == nil { issues.append(FieldIssue("sections.\(key)", "unknown_field")); continue }
            if let object = value as? [String: Any] {
                for field in object.keys.sorted() where !["risk", "notes"].contains(field) {
                    issues.append(FieldIssue("sections.\(key).\(field)", "unknown_field"))
                }
            }
        }
        return issues
    }
}

/// Vulnerability screening (DOMAIN.md §3.3): drafts saved and resumed, completion checked against the
/// instrument version the screening was started under, indicators and a suggested intervention level derived.
struct ScreeningService {
    let db: any Database
    let ctx: BadilContext

    struct View: Sendable {
        let screening: ScreeningRecord
        let person: PersonRecord
        let instrument: ScreeningInstrument
    }

    func start(personID: UUID, _ input: ScreeningInput, by actor: Actor) async throws -> View {
        try actor.require(.screeningConduct)
        let version = input.instrumentVersion ?? ctx.instruments.current.version
        guard let instrument = ctx.instruments.version(version) else {
            throw DomainError.invalid([FieldIssue("instrumentVersion", "unknown_instrument_version",
                                                  ["allowed": ctx.instruments.versions.keys.sorted().map(String.init).joined(separator: ", ")])])
        }
        let now = ctx.now
        return try await db.writeTransaction { db in
            guard let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
            let s = ScreeningRecord()
            s.id = UUID()
            s.personID = personID
            s.instrumentID = instrument.id
            s.instrumentVersion = instrument.version
            s.status = ScreeningStatus.draft.rawValue
            s.answers = "{}"
            s.sections = "{}"
            s.manualIndicators = ""
            s.indicators = ""
            s.referrals = ""
            s.conductedByID = actor.userID
            s.conductedBy = actor.username
            s.organizationID = actor.organizationID
            s.version = 1
            try Self.apply(input, to: s, instrument: instrument, person: person, now: now)
            try await s.create(on: db)
            var entries = [AuditEntry("screening.started", "screening", s.id, fields: Self.auditedFields(input))]
            if s.screeningStatus == .completed {
                try await ProtectionFlag.refresh(personID: personID, on: db)
                entries.append(AuditEntry("screening.completed", "screening", s.id))
            }
            try await AuditLog.append(entries, by: AuditActor(actor), at: now, on: db)
            return View(screening: s, person: person, instrument: instrument)
        }
    }

    func save(_ id: UUID, _ input: ScreeningInput, expected: ExpectedVersion?, by actor: Actor) async throws -> View {
        try actor.require(.screeningConduct)
        guard let expected else { throw DomainError.versionRequired }
        let now = ctx.now
        return try await db.writeTransaction { db in
            let (s, person) = try await scoped(id, actor, on: db)
            guard s.screeningStatus == .draft else { throw DomainError.conflict("screening_completed") }
            if let v = input.instrumentVersion, v != s.instrumentVersion {
                throw DomainError.invalid([FieldIssue("instrumentVersion", "instrument_version_fixed", ["version": String(s.instrumentVersion)])])
            }
            guard let instrument = ctx.instruments.version(s.instrumentVersion) else { throw DomainError.conflict("unknown_instrument_version") }
            try Self.apply(input, to: s, instrument: instrument, person: person, now: now)
            s.version = try await db.bumpVersion(table: ScreeningRecord.schema, id: id, expected: expected)
            try await s.save(on: db)
            if s.screeningStatus == .completed { try await ProtectionFlag.refresh(personID: s.personID, on: db) }
            let action = s.screeningStatus == .completed ? "screening.completed" : "screening.saved"
            try await AuditLog.append(AuditEntry(action, "screening", s.id, fields: Self.auditedFields(input)), by: AuditActor(actor), at: now, on: db)
            return View(screening: s, person: person, instrument: instrument)
        }
    }

    /// Opens a screening (audited: it holds sensitive answers).
    func get(_ id: UUID, by actor: Actor) async throws -> View {
        try actor.require(.screeningConduct)
        let (s, person) = try await scoped(id, actor, on: db)
        guard let instrument = ctx.instruments.version(s.instrumentVersion) else { throw DomainError.conflict("unknown_instrument_version") }
        let now = ctx.now
        try await db.writeTransaction { db in
            try await AuditLog.append(AuditEntry("screening.read", "screening", s.id), by: AuditActor(actor), at: now, on: db)
        }
        return View(screening: s, person: person, instrument: instrument)
    }

    /// A person's screenings, newest first.
    func list(personID: UUID, by actor: Actor) async throws -> [ScreeningRecord] {
        try actor.require(.screeningConduct)
        guard try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).count() > 0 else { throw DomainError.notFound }
        return try await ScreeningRecord.query(on: db).filter(\.$personID == personID).sort(\.$createdAt, .descending).all()
    }

    /// The current screening: the latest completed one.
    static func current(personID: UUID, on db: any Database) async throws -> ScreeningRecord? {
        try await ScreeningRecord.query(on: db).filter(\.$personID == personID).filter(\.$status == ScreeningStatus.completed.rawValue)
            .sort(\.$completedAt, .descending).first()
    }

    private func scoped(_ id: UUID, _ actor: Actor, on db: any Database) async throws -> (ScreeningRecord, PersonRecord) {
        guard let s = try await ScreeningRecord.find(id, on: db),
              let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == s.personID).first() else { throw DomainError.notFound }
        return (s, person)
    }

    /// Merges the input into the screening, validates it, and on completion derives what the rules suggest.
    static func apply(_ input: ScreeningInput, to s: ScreeningRecord, instrument: ScreeningInstrument, person: PersonRecord, now: Date) throws {
        let today = DayDate(now)
        var answers = s.answerValues
        for (key, value) in input.answers ?? [:] {
            if value.isBlank { answers[key] = nil } else { answers[key] = value }
        }
        var sections = s.sectionAssessments
        for (key, value) in input.sections ?? [:] {
            guard let section = ScreeningSection(rawValue: key) else { continue }
            var value = value
            if let notes = value.notes, TextRules.clean(notes).isEmpty { value.notes = nil } else { value.notes = value.notes.map(TextRules.clean) }
            sections[section] = value
        }
        var v = FieldChecker()
        var manual = s.manualIndicatorSet
        if let raw = input.manualIndicators {
            manual = []
            for (i, code) in raw.enumerated() {
                if let ind = Indicator(rawValue: code) { manual.insert(ind) }
                else { v.add("manualIndicators.\(i)", "unknown_value", ["allowed": Indicator.allCases.map(\.rawValue).joined(separator: ", ")]) }
            }
        }
        let completing = input.complete == true
        do {
            try ScreeningRules.validate(answers: answers, sections: sections, instrument: instrument, completing: completing, today: today)
        } catch DomainError.invalid(let issues) {
            for issue in issues { v.add(issue.field, issue.code, issue.params) }
        }
        let indicators = ScreeningRules.indicators(answers: answers, instrument: instrument, manual: manual)
        let risks = sections.compactMapValues(\.risk)
        let suggested = ScreeningRules.suggestedLevel(indicators: indicators, risks: risks).level
        let chosen = v.choice("interventionLevel", input.interventionLevel, required: false, as: InterventionLevel.self)
        let reason = v.optionalText("levelReason", input.levelReason ?? s.levelReason, max: ScreeningRules.maxNotesLength)
        var referrals = s.referralList
        if let raw = input.referrals {
            referrals = []
            for (i, code) in raw.enumerated() {
                if let r = AssessmentReferral(rawValue: code) { if !referrals.contains(r) { referrals.append(r) } }
                else { v.add("referrals.\(i)", "unknown_value", ["allowed": AssessmentReferral.allCases.map(\.rawValue).joined(separator: ", ")]) }
            }
        }
        let summary = v.optionalText("summary", input.summary ?? s.summary, max: ScreeningRules.maxNotesLength)
        let level = chosen ?? s.interventionLevel.flatMap(InterventionLevel.init(rawValue:)) ?? suggested
        if completing, rank(level) < rank(suggested), reason == nil {
            v.add("levelReason", "level_reason_required", ["suggested": suggested.rawValue])
        }
        try v.finish()
        s.answers = ScreeningRecord.encode(answers)
        s.sections = ScreeningRecord.encode(sections)
        s.manualIndicators = manual.map(\.rawValue).sorted().joined(separator: ",")
        s.indicators = indicators.map(\.rawValue).joined(separator: ",")
        s.suggestedLevel = suggested.rawValue
        s.interventionLevel = chosen?.rawValue ?? s.interventionLevel
        s.levelReason = reason
        s.summary = summary
        if input.referrals != nil { s.referrals = referrals.map(\.rawValue).joined(separator: ",") }
        if completing {
            s.interventionLevel = level.rawValue
            if input.referrals == nil && s.referrals.isEmpty {
                s.referrals = ScreeningRules.suggestedReferrals(indicators: indicators).map(\.rawValue).joined(separator: ",")
            }
            s.status = ScreeningStatus.completed.rawValue
            s.completedAt = now
        }
    }

    static func rank(_ level: InterventionLevel) -> Int { InterventionLevel.allCases.firstIndex(of: level) ?? 0 }

    /// Field names for the audit log (never the answers themselves).
    static func auditedFields(_ input: ScreeningInput) -> [String] {
        var fields: [String] = []
        if let answers = input.answers { fields += answers.keys.sorted().map { "answers.\($0)" } }
        if let sections = input.sections { fields += sections.keys.sorted().map { "sections.\($0)" } }
        for (name, present) in [("manualIndicators", input.manualIndicators != nil), ("interventionLevel", input.interventionLevel != nil),
                                ("levelReason", input.levelReason != nil), ("referrals", input.referrals != nil), ("summary", input.summary != nil)] where present {
            fields.append(name)
        }
        return fields
    }
}
