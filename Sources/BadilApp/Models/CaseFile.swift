import Fluent
import Foundation
import BadilCore

/// A person's case file: who holds it and where it stands. One per person, created by the first case action.
final class CaseFileRecord: Model, @unchecked Sendable {
    static let schema = "case_files"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// A `CaseStatus` raw value.
    @Field(key: "status") var status: String
    /// The assigned caseworker (a user), if any.
    @OptionalField(key: "caseworker_id") var caseworkerID: UUID?
    /// The team holding the case, if any.
    @OptionalField(key: "team") var team: String?
    /// 'YYYY-MM-DD'.
    @Field(key: "opened_on") var openedOn: String
    @OptionalField(key: "closed_on") var closedOn: String?
    /// A closure reason code, while closed or pending closure.
    @OptionalField(key: "closure_reason") var closureReason: String?
    /// 'YYYY-MM-DD' of the last contact with the person (visit, service delivered...), for "no contact in N days".
    @OptionalField(key: "last_contact_on") var lastContactOn: String?
    @Field(key: "version") var version: Int
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var caseStatus: CaseStatus { CaseStatus(rawValue: status) ?? .open }
}

/// Something someone must do on a case by a date: a follow-up, a plan step, a visit, a best-interests assessment, a return step...
final class CaseTaskRecord: Model, @unchecked Sendable {
    static let schema = "case_tasks"

    @ID(key: .id) var id: UUID?
    @Field(key: "person_id") var personID: UUID
    /// Stable kind, e.g. follow_up, plan_step, visit, bia, tracing, return_step, other.
    @Field(key: "kind") var kind: String
    @Field(key: "title") var title: String
    /// 'YYYY-MM-DD'.
    @Field(key: "due_on") var dueOn: String
    /// Mandatory tasks block closure unless an override reason is given.
    @Field(key: "mandatory") var mandatory: Bool
    /// A `CaseTaskStatus` raw value.
    @Field(key: "status") var status: String
    @OptionalField(key: "assigned_to_id") var assignedToID: UUID?
    /// The record the task comes from (a plan item, a tracing request...), if any.
    @OptionalField(key: "source_id") var sourceID: UUID?
    @Field(key: "created_by_id") var createdByID: UUID
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "closed_by") var closedBy: String?
    @Field(key: "version") var version: Int

    init() {}

    var taskStatus: CaseTaskStatus { CaseTaskStatus(rawValue: status) ?? .open }
}
