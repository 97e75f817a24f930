import Fluent
import Foundation
import BadilCore

/// One vulnerability screening of one person, answered under one version of the instrument.
/// Answers and section assessments are stored as JSON so that an old screening still reads with the
/// version it was given under.
final class ScreeningRecord: Model, @unchecked Sendable {
    static let schema = "screenings"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "instrument_id") var instrumentID: String
    @Field(key: "instrument_version") var instrumentVersion: Int
    /// draft or completed
    @Field(key: "status") var status: String
    /// `ScreeningAnswers` as JSON.
    @Field(key: "answers") var answers: String
    /// `[section: SectionAssessment]` as JSON.
    @Field(key: "sections") var sections: String
    /// Indicators the interviewer added by hand (comma-separated raw values).
    @Field(key: "manual_indicators") var manualIndicators: String
    /// Indicators found (derived from the answers plus the manual ones), kept at every save.
    @Field(key: "indicators") var indicators: String
    @OptionalField(key: "suggested_level") var suggestedLevel: String?
    @OptionalField(key: "intervention_level") var interventionLevel: String?
    @OptionalField(key: "level_reason") var levelReason: String?
    /// Referrals for a full assessment (comma-separated raw values).
    @Field(key: "referrals") var referrals: String
    @OptionalField(key: "summary") var summary: String?
    @Field(key: "conducted_by_id") var conductedByID: UUID
    @Field(key: "conducted_by") var conductedBy: String
    @Field(key: "organization_id") var organizationID: UUID
    @OptionalField(key: "completed_at") var completedAt: Date?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var screeningStatus: ScreeningStatus { ScreeningStatus(rawValue: status) ?? .draft }
    var indicatorList: [Indicator] { indicators.split(separator: ",").compactMap { Indicator(rawValue: String($0)) } }
    var manualIndicatorSet: Set<Indicator> { Set(manualIndicators.split(separator: ",").compactMap { Indicator(rawValue: String($0)) }) }
    var referralList: [AssessmentReferral] { referrals.split(separator: ",").compactMap { AssessmentReferral(rawValue: String($0)) } }

    var answerValues: ScreeningAnswers {
        (try? JSONDecoder().decode(ScreeningAnswers.self, from: Data(answers.utf8))) ?? [:]
    }

    var sectionAssessments: [ScreeningSection: SectionAssessment] {
        let raw = (try? JSONDecoder().decode([String: SectionAssessment].self, from: Data(sections.utf8))) ?? [:]
        var out: [ScreeningSection: SectionAssessment] = [:]
        for (k, v) in raw { if let s = ScreeningSection(rawValue: k) { out[s] = v } }
        return out
    }

    static func encode(_ answers: ScreeningAnswers) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(answers), as: UTF8.self)) ?? "{}"
    }

    static func encode(_ sections: [ScreeningSection: SectionAssessment]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let raw = Dictionary(uniqueKeysWithValues: sections.map { ($0.key.rawValue, $0.value) })
        return (try? String(decoding: encoder.encode(raw), as: UTF8.self)) ?? "{}"
    }
}

/// A decision following the IDC Community Assessment and Placement model: proposed, approved or returned
/// by a supervisor; an approved decision is final until a later one supersedes it.
final class DecisionRecord: Model, @unchecked Sendable {
    static let schema = "decisions"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "status") var status: String
    @Field(key: "outcome") var outcome: String
    /// The whole `DecisionDraft` (the five CAP steps) as JSON.
    @Field(key: "content") var content: String
    @OptionalField(key: "screening_id") var screeningID: UUID?
    /// Detention only: the next review (ISO date), moved forward by each confirmation.
    @OptionalField(key: "review_date") var reviewDate: String?
    @Field(key: "proposed_by_id") var proposedByID: UUID
    @Field(key: "proposed_by") var proposedBy: String
    @Field(key: "proposed_at") var proposedAt: Date
    @OptionalField(key: "decided_by_id") var decidedByID: UUID?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "return_reason") var returnReason: String?
    @OptionalField(key: "superseded_by_id") var supersededByID: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var decisionStatus: DecisionStatus { DecisionStatus(rawValue: status) ?? .proposed }
    var decisionOutcome: DecisionOutcome { DecisionOutcome(rawValue: outcome) ?? .release }
    var draft: DecisionDraft {
        (try? JSONDecoder().decode(DecisionDraft.self, from: Data(content.utf8))) ?? DecisionDraft()
    }
    var reviewDay: DayDate? { reviewDate.flatMap(DayDate.init) }
    /// The reporting condition, when the decision has one (what check-ins are scheduled from).
    var reportingInterval: Int? { draft.conditions.first { $0.kind == .reporting }?.reportingIntervalDays }

    static func encode(_ draft: DecisionDraft) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(draft), as: UTF8.self)) ?? "{}"
    }
}

/// A periodic review of a detention decision: confirmed with a new justification and date, or sent to a new decision.
final class DecisionReviewRecord: Model, @unchecked Sendable {
    static let schema = "decision_reviews"

    @ID(key: .id) var id: UUID?
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "outcome") var outcome: String
    @Field(key: "justification") var justification: String
    @OptionalField(key: "next_review_date") var nextReviewDate: String?
    @Field(key: "reviewed_by_id") var reviewedByID: UUID
    @Field(key: "reviewed_by") var reviewedBy: String
    @Field(key: "reviewed_at") var reviewedAt: Date

    init() {}
}

/// A check-in under a reporting condition (or an excused absence).
final class CheckInEntry: Model, @unchecked Sendable {
    static let schema = "check_ins"

    @ID(key: .id) var id: UUID?
    @Field(key: "decision_id") var decisionID: UUID
    @Field(key: "person_id") var personID: UUID
    /// ISO date of the check-in.
    @Field(key: "date") var date: String
    /// reported or excused
    @Field(key: "kind") var kind: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    var record: CheckInRecord? {
        guard let d = DayDate(date) else { return nil }
        return CheckInRecord(date: d, kind: CheckInRecordKind(rawValue: kind) ?? .reported)
    }
}
