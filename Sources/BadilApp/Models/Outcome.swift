import Fluent
import Foundation
import BadilCore

/// A person's voluntary humanitarian return: its steps are `ReturnStepRecord`s. At most one is active or
/// completed per person; withdrawn ones stay as history.
final class ReturnPathwayRecord: Model, @unchecked Sendable {
    static let schema = "return_pathways"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// A `ReturnPathwayStatus` raw value.
    @Field(key: "status") var status: String
    /// 'YYYY-MM-DD'.
    @Field(key: "started_on") var startedOn: String
    @Field(key: "started_by_id") var startedByID: UUID
    @Field(key: "started_by") var startedBy: String
    /// A supervisor's reason to start despite a protection flag, or for a child without a best-interests determination.
    @OptionalField(key: "override_reason") var overrideReason: String?
    @OptionalField(key: "withdrawn_on") var withdrawnOn: String?
    @OptionalField(key: "withdraw_reason") var withdrawReason: String?
    @Field(key: "version") var version: Int
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var pathwayStatus: ReturnPathwayStatus { ReturnPathwayStatus(rawValue: status) ?? .active }
}

/// One step of a return pathway, with its status, day and note.
final class ReturnStepRecord: Model, @unchecked Sendable {
    static let schema = "return_steps"

    @ID(key: .id) var id: UUID?
    @Field(key: "pathway_id") var pathwayID: UUID
    @Field(key: "person_id") var personID: UUID
    /// A `ReturnStep` raw value.
    @Field(key: "step") var step: String
    @Field(key: "position") var position: Int
    /// A `ReturnStepStatus` raw value.
    @Field(key: "status") var status: String
    /// 'YYYY-MM-DD' of the status (none while pending).
    @OptionalField(key: "status_on") var statusOn: String?
    @OptionalField(key: "note") var note: String?
    /// Who set the status last: a username, or the embassy organisation's name for steps advanced from the consular portal.
    @OptionalField(key: "updated_by") var updatedBy: String?
    /// "caseworker" or "embassy".
    @OptionalField(key: "source") var source: String?
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var returnStep: ReturnStep? { ReturnStep(rawValue: step) }
    var stepStatus: ReturnStepStatus { ReturnStepStatus(rawValue: status) ?? .pending }
}

/// A referral towards another outcome: UNHCR, family reunification, regularisation, other.
final class OutcomeReferralRecord: Model, @unchecked Sendable {
    static let schema = "outcome_referrals"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// An `OutcomeReferralKind` raw value.
    @Field(key: "kind") var kind: String
    @OptionalField(key: "other_text") var otherText: String?
    @OptionalField(key: "organization") var organization: String?
    /// An `OutcomeReferralStatus` raw value.
    @Field(key: "status") var status: String
    @Field(key: "referred_on") var referredOn: String
    /// Day of the latest status (the referral day while referred).
    @Field(key: "status_on") var statusOn: String
    @OptionalField(key: "note") var note: String?
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var referralKind: OutcomeReferralKind? { OutcomeReferralKind(rawValue: kind) }
    var referralStatus: OutcomeReferralStatus { OutcomeReferralStatus(rawValue: status) ?? .referred }
}

/// One entry of a case's closure history: a request, its approval or rejection, a reopening.
final class CaseClosureEventRecord: Model, @unchecked Sendable {
    static let schema = "case_closure_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// 1, 2, 3... per person: the order of the history (several steps can share a second).
    @Field(key: "seq") var seq: Int
    /// A `ClosureAction` raw value.
    @Field(key: "action") var action: String
    /// The closure reason code (requests and approvals).
    @OptionalField(key: "reason") var reason: String?
    /// The description of an "other" reason, a rejection's or a reopening's reason.
    @OptionalField(key: "reason_text") var reasonText: String?
    /// Why the request goes ahead with open mandatory tasks.
    @OptionalField(key: "override_reason") var overrideReason: String?
    /// Open mandatory tasks when the request was made.
    @Field(key: "open_tasks") var openTasks: Int
    @Field(key: "actor_id") var actorID: UUID
    @Field(key: "actor") var actor: String
    /// 'YYYY-MM-DD'.
    @Field(key: "on_day") var onDay: String
    @Field(key: "at") var at: Date

    init() {}

    var closureAction: ClosureAction? { ClosureAction(rawValue: action) }
}
