import Fluent
import Foundation
import BadilCore

/// A goal of a person's case plan.
final class CaseGoalRecord: Model, @unchecked Sendable {
    static let schema = "case_goals"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "text") var text: String
    /// A `CaseGoalStatus` raw value.
    @Field(key: "status") var status: String
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var goalStatus: CaseGoalStatus { CaseGoalStatus(rawValue: status) ?? .open }
}

/// A step of a case plan: a service, who provides it, by when.
final class CasePlanItemRecord: Model, @unchecked Sendable {
    static let schema = "case_plan_items"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @OptionalField(key: "goal_id") var goalID: UUID?
    /// A `CaseServiceType` raw value.
    @Field(key: "service_type") var serviceType: String
    @Field(key: "description") var description: String
    @OptionalField(key: "responsible_organization_id") var responsibleOrganizationID: UUID?
    /// A person or an organisation not in Badil.
    @OptionalField(key: "responsible_name") var responsibleName: String?
    /// 'YYYY-MM-DD'.
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "mandatory") var mandatory: Bool
    /// A `CasePlanItemStatus` raw value.
    @Field(key: "status") var status: String
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "version") var version: Int

    init() {}

    var itemStatus: CasePlanItemStatus { CasePlanItemStatus(rawValue: status) ?? .planned }
}

/// A service delivered to the person, or a referral to a service provider.
final class CaseServiceRecord: Model, @unchecked Sendable {
    static let schema = "case_services"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// A `CaseServiceMode` raw value.
    @Field(key: "mode") var mode: String
    @Field(key: "service_type") var serviceType: String
    /// 'YYYY-MM-DD': delivered on, or referred on.
    @Field(key: "service_on") var on: String
    @OptionalField(key: "provider_organization_id") var providerOrganizationID: UUID?
    @OptionalField(key: "plan_item_id") var planItemID: UUID?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A follow-up visit and what was found.
final class CaseVisitRecord: Model, @unchecked Sendable {
    static let schema = "case_visits"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "visited_on") var visitedOn: String
    @Field(key: "findings") var findings: String
    @Field(key: "wellbeing_concern") var wellbeingConcern: Bool
    @OptionalField(key: "next_visit_on") var nextVisitOn: String?
    @Field(key: "recorded_by_id") var recordedByID: UUID
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}
}

/// A case note. Never edited: a correction is a new note.
final class CaseNoteRecord: Model, @unchecked Sendable {
    static let schema = "case_notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    @Field(key: "text") var text: String
    /// A `CaseNoteConfidentiality` raw value.
    @Field(key: "confidentiality") var confidentiality: String
    @Field(key: "author_id") var authorID: UUID
    @Field(key: "author") var author: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    var level: CaseNoteConfidentiality { CaseNoteConfidentiality(rawValue: confidentiality) ?? .restricted }
}
