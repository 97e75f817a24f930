import Foundation
import Vapor
import BadilCore

struct InstrumentDTO: Content {
    let id: String
    let version: Int
    let title: LocalizedText
    let sections: [InstrumentSection]

    init(_ i: ScreeningInstrument) {
        id = i.id; version = i.version; title = i.title; sections = i.sections
    }
}

/// A translated code: what the client stores (`code`) and what it shows (`label`).
struct CodeLabelDTO: Content {
    let code: String
    let label: String
}

struct ScreeningDTO: Content {
    let id: UUID
    let personId: UUID
    let instrumentId: String
    let instrumentVersion: Int
    let status: String
    let answers: ScreeningAnswers
    let sections: [String: SectionAssessment]
    let manualIndicators: [String]
    let indicators: [CodeLabelDTO]
    let suggestedLevel: String?
    let suggestedReasons: [String]
    let interventionLevel: String?
    let levelReason: String?
    let referrals: [String]
    let suggestedReferrals: [String]
    let summary: String?
    let conductedBy: String
    let createdAt: Date?
    let completedAt: Date?
    let version: Int

    init(_ s: ScreeningRecord, _ req: Request) {
        let indicators = s.indicatorList
        let sections = s.sectionAssessments
        let suggestion = ScreeningRules.suggestedLevel(indicators: indicators, risks: sections.compactMapValues(\.risk))
        id = s.id!; personId = s.personID; instrumentId = s.instrumentID; instrumentVersion = s.instrumentVersion
        status = s.status; answers = s.answerValues
        self.sections = Dictionary(uniqueKeysWithValues: sections.map { ($0.key.rawValue, $0.value) })
        manualIndicators = s.manualIndicatorSet.map(\.rawValue).sorted()
        self.indicators = indicators.map { CodeLabelDTO(code: $0.rawValue, label: req.t($0.labelKey)) }
        suggestedLevel = s.suggestedLevel
        suggestedReasons = suggestion.reasons.map { req.t($0) }
        interventionLevel = s.interventionLevel; levelReason = s.levelReason
        referrals = s.referralList.map(\.rawValue)
        suggestedReferrals = ScreeningRules.suggestedReferrals(indicators: indicators).map(\.rawValue)
        summary = s.summary; conductedBy = s.conductedBy; createdAt = s.createdAt; completedAt = s.completedAt; version = s.version
    }
}

struct DecisionDTO: Content {
    let id: UUID
    let personId: UUID
    let caseNumber: String?
    let status: String
    let outcome: String
    let content: DecisionDraft
    let screeningId: UUID?
    let reviewDate: String?
    let proposedBy: String
    let proposedAt: Date
    let decidedBy: String?
    let decidedAt: Date?
    let returnReason: String?
    let supersededById: UUID?
    let version: Int

    init(_ d: DecisionRecord, caseNumber: String? = nil) {
        id = d.id!; personId = d.personID; self.caseNumber = caseNumber; status = d.status; outcome = d.outcome; content = d.draft
        screeningId = d.screeningID; reviewDate = d.reviewDate; proposedBy = d.proposedBy; proposedAt = d.proposedAt
        decidedBy = d.decidedBy; decidedAt = d.decidedAt; returnReason = d.returnReason; supersededById = d.supersededByID; version = d.version
    }
}

struct ReviewDTO: Content {
    let outcome: String
    let justification: String
    let nextReviewDate: String?
    let reviewedBy: String
    let reviewedAt: Date
}

struct CheckInDTO: Content {
    let due: String
    let status: String
    let checkedOn: String?
}

struct DecisionDetailDTO: Content {
    let decision: DecisionDTO
    let screening: ScreeningDTO?
    let reviews: [ReviewDTO]
    let reviewOverdue: Bool
    let schedule: [CheckInDTO]
    let missedCheckIns: Int
}

struct PriorityItemDTO: Content {
    let place: Int
    let tier: Int
    let personId: UUID
    let caseNumber: String
    let name: String
    let isChild: Bool
    let careStatus: String?
    let reasons: [CodeLabelDTO]
    let locationName: String?
    let inDetention: Bool
    let daysInDetention: Int
    let interventionLevel: String?
    let decisionStatus: String?
}

struct ReviewItemDTO: Content {
    let decisionId: UUID
    let personId: UUID
    let caseNumber: String
    let name: String
    let reviewDate: String
    let daysOverdue: Int
    let version: Int
}

struct MissedCheckInDTO: Content {
    let decisionId: UUID
    let personId: UUID
    let caseNumber: String
    let name: String
    let missed: Int
    let lastDue: String?
}

struct ReturnInput: StrictInput {
    var reason: String?
    static let allowedFields: Set<String> = ["reason"]
}

struct ReviewInput: StrictInput {
    var outcome: String?
    var justification: String?
    var nextReviewDate: String?
    static let allowedFields: Set<String> = ["outcome", "justification", "nextReviewDate"]
}

struct CheckInInput: StrictInput {
    var date: String?
    var kind: String?
    var note: String?
    static let allowedFields: Set<String> = ["date", "kind", "note"]
}
