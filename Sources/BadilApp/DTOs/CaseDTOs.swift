import Foundation
import Vapor
import BadilCore

struct CaseGoalDTO: Content {
    let id: UUID; let text: String; let status: String; let createdBy: String; let createdAt: Date; let version: Int
    init(_ g: CaseGoalRecord) { id = g.id!; text = g.text; status = g.status; createdBy = g.createdBy; createdAt = g.createdAt; version = g.version }
}

struct CasePlanItemDTO: Content {
    let id: UUID; let goalId: UUID?; let serviceType: String; let description: String
    let responsibleOrganizationId: UUID?; let responsibleOrganizationName: String?; let responsibleName: String?
    let dueOn: String?; let overdue: Bool; let mandatory: Bool; let status: String; let createdBy: String; let createdAt: Date; let version: Int

    init(_ i: CasePlanItemRecord, organizations: [UUID: OrganizationRecord], today: DayDate) {
        id = i.id!; goalId = i.goalID; serviceType = i.serviceType; description = i.description
        responsibleOrganizationId = i.responsibleOrganizationID; responsibleOrganizationName = i.responsibleOrganizationID.flatMap { organizations[$0]?.name }
        responsibleName = i.responsibleName; dueOn = i.dueOn
        overdue = !i.itemStatus.isFinal && (i.dueOn.flatMap(DayDate.init).map { $0 < today } ?? false)
        mandatory = i.mandatory; status = i.status; createdBy = i.createdBy; createdAt = i.createdAt; version = i.version
    }
}

struct CaseServiceDTO: Content {
    let id: UUID; let mode: String; let serviceType: String; let on: String; let providerOrganizationId: UUID?; let providerOrganizationName: String?
    let planItemId: UUID?; let notes: String?; let recordedBy: String; let recordedAt: Date

    init(_ s: CaseServiceRecord, organizations: [UUID: OrganizationRecord]) {
        id = s.id!; mode = s.mode; serviceType = s.serviceType; on = s.on; providerOrganizationId = s.providerOrganizationID
        providerOrganizationName = s.providerOrganizationID.flatMap { organizations[$0]?.name }
        planItemId = s.planItemID; notes = s.notes; recordedBy = s.recordedBy; recordedAt = s.recordedAt
    }
}

struct CaseVisitDTO: Content {
    let id: UUID; let kind: String; let visitedOn: String; let findings: String; let wellbeingConcern: Bool; let nextVisitOn: String?
    let recordedBy: String; let recordedAt: Date
    init(_ v: CaseVisitRecord) {
        id = v.id!; kind = v.kind; visitedOn = v.visitedOn; findings = v.findings; wellbeingConcern = v.wellbeingConcern; nextVisitOn = v.nextVisitOn
        recordedBy = v.recordedBy; recordedAt = v.recordedAt
    }
}

struct CaseNoteDTO: Content {
    let id: UUID; let text: String; let confidentiality: String; let author: String; let createdAt: Date
    init(_ n: CaseNoteRecord) { id = n.id!; text = n.text; confidentiality = n.confidentiality; author = n.author; createdAt = n.createdAt }
}

struct CaseTaskDTO: Content {
    let id: UUID?; let personId: UUID; let caseNumber: String?; let kind: String; let title: String; let dueOn: String; let overdue: Bool
    let mandatory: Bool; let status: String; let assignedToId: UUID?; let sourceId: UUID?; let derived: Bool; let closedOn: String?
    let version: Int?

    init(_ t: CaseTaskRecord, today: DayDate, caseNumber: String? = nil) {
        id = t.id; personId = t.personID; self.caseNumber = caseNumber; kind = t.kind; title = t.title; dueOn = t.dueOn
        overdue = DayDate(t.dueOn).map { CaseTaskRules.isOverdue(dueOn: $0, status: t.taskStatus, today: today) } ?? false
        mandatory = t.mandatory; status = t.status; assignedToId = t.assignedToID; sourceId = t.sourceID; derived = false; closedOn = t.closedOn
        version = t.version
    }

    init(_ item: CaseTaskService.Item, _ req: Request) {
        if let t = item.task {
            self = CaseTaskDTO(t, today: DayDate(req.badil.now), caseNumber: item.person.caseNumber)
        } else {
            self = CaseTaskDTO(derived: item, title: item.titleKey.map { req.t($0) } ?? item.title)
        }
    }

    /// A reminder from a decision's follow-up: not stored, so no id nor version.
    private init(derived item: CaseTaskService.Item, title: String) {
        id = nil; personId = item.person.id!; caseNumber = item.person.caseNumber; kind = item.kind
        self.title = title; dueOn = item.dueOn.description; overdue = item.overdue
        mandatory = false; status = CaseTaskStatus.open.rawValue; assignedToId = nil; sourceId = nil; derived = true; closedOn = nil; version = nil
    }
}

struct CaseFileDTO: Content {
    let personId: UUID; let exists: Bool; let status: String; let caseworkerId: UUID?; let caseworkerName: String?; let team: String?
    let openedOn: String?; let closedOn: String?; let lastContactOn: String?; let version: Int
    let goals: [CaseGoalDTO]; let planItems: [CasePlanItemDTO]; let services: [CaseServiceDTO]; let visits: [CaseVisitDTO]
    let notes: [CaseNoteDTO]; let tasks: [CaseTaskDTO]

    init(_ o: CaseOverview) {
        let f = o.file
        personId = o.person.id!; exists = f != nil; status = f?.status ?? CaseStatus.open.rawValue; caseworkerId = f?.caseworkerID
        caseworkerName = o.caseworker?.displayName; team = f?.team; openedOn = f?.openedOn; closedOn = f?.closedOn; lastContactOn = f?.lastContactOn
        version = o.version
        goals = o.plan.goals.map(CaseGoalDTO.init)
        planItems = o.plan.items.map { CasePlanItemDTO($0, organizations: o.organizations, today: o.today) }
        services = o.services.map { CaseServiceDTO($0, organizations: o.organizations) }
        visits = o.visits.map(CaseVisitDTO.init); notes = o.notes.map(CaseNoteDTO.init)
        tasks = o.tasks.map { CaseTaskDTO($0, today: o.today) }
    }
}

struct CaseAssignmentDTO: Content {
    let personId: UUID; let status: String; let caseworkerId: UUID?; let team: String?; let version: Int
    init(_ f: CaseFileRecord) { personId = f.personID; status = f.status; caseworkerId = f.caseworkerID; team = f.team; version = f.version }
}

struct CaseloadDTO: Content {
    struct Case: Content { let personId: UUID; let caseNumber: String; let caseworkerId: UUID?; let team: String?; let lastContactOn: String; let overdueTasks: Int }
    struct Worker: Content { let userId: UUID; let username: String; let displayName: String; let openCases: Int; let overdueTasks: Int; let casesWithoutContact: Int }
    let noContactDays: Int; let workers: [Worker]; let unassigned: [Case]; let withoutContact: [Case]

    init(_ c: CaseloadService.Caseload) {
        func row(_ r: CaseloadService.CaseRow) -> Case {
            Case(personId: r.person.id!, caseNumber: r.person.caseNumber, caseworkerId: r.file.caseworkerID, team: r.file.team,
                 lastContactOn: r.lastContact.description, overdueTasks: r.overdueTasks)
        }
        noContactDays = c.noContactDays
        workers = c.workers.map { Worker(userId: $0.worker.id!, username: $0.worker.username, displayName: $0.worker.displayName,
                                         openCases: $0.openCases, overdueTasks: $0.overdueTasks, casesWithoutContact: $0.withoutContact.count) }
        unassigned = c.unassigned.map(row); withoutContact = c.withoutContact.map(row)
    }
}

struct TimelineEventDTO: Content {
    let on: String; let kind: String; let title: String; let detail: String; let href: String?
    init(_ e: TimelineEvent, _ req: Request) {
        on = e.on.description; kind = e.kind; href = e.href
        title = req.t(e.titleKey)
        detail = Self.detail(e, req)
    }

    /// The translated detail key (a value without translation shows as recorded) and the detail text.
    static func detail(_ e: TimelineEvent, _ req: Request, max: Int = 4000) -> String {
        let key = e.detailKey.map { req.badil.localizer.has($0) ? req.t($0) : String($0.split(separator: ".").last ?? "").replacingOccurrences(of: "_", with: " ") }
        return [key, e.detail.isEmpty ? nil : String(e.detail.prefix(max))].compactMap { $0 }.joined(separator: " – ")
    }
}

struct ReDetentionAlertDTO: Content {
    let personId: UUID; let caseNumber: String; let decisionId: UUID; let reopenedAt: Date?
}
