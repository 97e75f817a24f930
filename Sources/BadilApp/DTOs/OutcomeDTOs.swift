import Foundation
import Vapor
import BadilCore

struct ReturnStepDTO: Content {
    let step: String
    let status: String
    let on: String?
    let note: String?
    let updatedBy: String?
    /// "caseworker" or "embassy".
    let source: String?

    init(_ s: ReturnStepRecord) {
        step = s.step; status = s.status; on = s.statusOn; note = s.note; updatedBy = s.updatedBy; source = s.source
    }
}

struct ReturnPathwayDTO: Content {
    let id: UUID
    let personId: UUID
    let status: String
    let startedOn: String
    let startedBy: String
    let overrideReason: String?
    let withdrawnOn: String?
    let withdrawReason: String?
    let version: Int
    let steps: [ReturnStepDTO]

    init(_ v: ReturnPathwayService.View) {
        let p = v.pathway
        id = p.id!; personId = p.personID; status = p.status; startedOn = p.startedOn; startedBy = p.startedBy; overrideReason = p.overrideReason
        withdrawnOn = p.withdrawnOn; withdrawReason = p.withdrawReason; version = p.version; steps = v.steps.map(ReturnStepDTO.init)
    }
}

struct ReturnPathwayStateDTO: Content {
    let current: ReturnPathwayDTO?
    let withdrawn: [ReturnPathwayDTO]

    init(_ s: ReturnPathwayService.State) {
        current = s.current.map(ReturnPathwayDTO.init)
        withdrawn = s.withdrawn.map(ReturnPathwayDTO.init)
    }

    private enum CodingKeys: String, CodingKey { case current, withdrawn }

    /// `current` is always present: `null` when there is no pathway in progress or completed.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(current, forKey: .current)
        try c.encode(withdrawn, forKey: .withdrawn)
    }
}

struct OutcomeReferralDTO: Content {
    let id: UUID
    let personId: UUID
    let kind: String
    let otherText: String?
    let organization: String?
    let status: String
    let referredOn: String
    let statusOn: String
    let note: String?
    let createdBy: String
    let updatedBy: String
    let version: Int

    init(_ r: OutcomeReferralRecord) {
        id = r.id!; personId = r.personID; kind = r.kind; otherText = r.otherText; organization = r.organization; status = r.status
        referredOn = r.referredOn; statusOn = r.statusOn; note = r.note; createdBy = r.createdBy; updatedBy = r.updatedBy; version = r.version
    }
}

struct CaseClosureEventDTO: Content {
    let id: UUID
    let action: String
    let reason: String?
    let reasonText: String?
    let overrideReason: String?
    let openMandatoryTasks: Int
    let by: String
    let on: String
    let at: Date

    init(_ e: CaseClosureEventRecord) {
        id = e.id!; action = e.action; reason = e.reason; reasonText = e.reasonText; overrideReason = e.overrideReason
        openMandatoryTasks = e.openTasks; by = e.actor; on = e.onDay; at = e.at
    }
}

struct CaseClosureDTO: Content {
    let personId: UUID
    /// open, closure_pending or closed (open when the person has no case file yet).
    let caseStatus: String
    /// The case file version for If-Match (0 when there is no case file yet).
    let caseVersion: Int
    let closedOn: String?
    let closureReason: String?
    let openMandatoryTasks: Int
    let history: [CaseClosureEventDTO]

    init(personID: UUID, _ h: ClosureService.History) {
        personId = personID; caseStatus = h.caseFile?.status ?? CaseStatus.open.rawValue; caseVersion = h.caseFile?.version ?? 0
        closedOn = h.caseFile?.closedOn; closureReason = h.caseFile?.closureReason; openMandatoryTasks = h.openMandatoryTasks
        history = h.events.map(CaseClosureEventDTO.init)
    }
}

struct CaseClosureInboxItemDTO: Content {
    let personId: UUID
    let caseNumber: String
    let caseStatus: String
    let caseVersion: Int
    let closureReason: String?
    let requestedBy: String?
    let requestedOn: String?
    let overrideReason: String?
    let openMandatoryTasks: Int?

    init(_ i: ClosureService.InboxItem) {
        personId = i.person.id!; caseNumber = i.person.caseNumber; caseStatus = i.caseFile.status; caseVersion = i.caseFile.version
        closureReason = i.caseFile.closureReason; requestedBy = i.request?.actor; requestedOn = i.request?.onDay
        overrideReason = i.request?.overrideReason; openMandatoryTasks = i.request?.openTasks
    }
}
