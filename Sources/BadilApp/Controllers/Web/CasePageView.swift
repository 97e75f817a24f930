import Fluent
import Foundation
import Vapor
import BadilCore

/// The case page of a person, as the template shows it.
struct CasePageView: Encodable {
    struct GoalRow: Encodable { let key: String; let text: String; let status: String; let open: Bool; let action: String; let version: Int }
    struct ItemRow: Encodable {
        let key: String; let serviceType: String; let description: String; let responsible: String; let dueOn: String; let overdue: Bool; let mandatory: Bool
        let status: String; let final: Bool; let action: String; let version: Int; let next: [SelectOption]
    }
    struct ServiceRow: Encodable { let on: String; let mode: String; let referral: Bool; let serviceType: String; let provider: String; let notes: String; let by: String }
    struct VisitRow: Encodable { let on: String; let kind: String; let findings: String; let concern: Bool; let next: String; let by: String }
    struct NoteRow: Encodable { let when: String; let author: String; let text: String; let restricted: Bool }
    struct TaskRow: Encodable {
        let title: String; let kind: String; let dueOn: String; let overdue: Bool; let mandatory: Bool; let status: String; let open: Bool
        let complete: String; let cancel: String; let version: Int; let closed: String?
    }
    struct EventRow: Encodable { let on: String; let title: String; let detail: String?; let href: String? }
    /// Which lists have rows (for "none yet" lines).
    struct Has: Encodable { let goals, items, services, visits, notes, tasks, timeline: Bool }

    let person: PersonHeader
    let base: String
    let exists: Bool
    let status: String
    // Optional: Leaf treats an empty string as true, a missing value as false.
    let caseworker: String?
    let team: String?
    let openedOn: String?
    let lastContact: String?
    let version: Int
    let canManage: Bool
    let canAssign: Bool
    let reopened: Bool
    let workers: [SelectOption]
    let goals: [GoalRow]
    let items: [ItemRow]
    let services: [ServiceRow]
    let visits: [VisitRow]
    let notes: [NoteRow]
    let tasks: [TaskRow]
    let timeline: [EventRow]
    let goalOptions: [SelectOption]
    let itemOptions: [SelectOption]
    let itemTypes: [SelectOption]
    let serviceTypes: [SelectOption]
    let modes: [SelectOption]
    let visitKinds: [SelectOption]
    let confidentialities: [SelectOption]
    let responsibleOrgs: [SelectOption]
    let providers: [SelectOption]
    let assignees: [SelectOption]
    let goalStatuses: [SelectOption]
    let today: String
    let forms: CasePages.Forms
    /// Set by `render` once the lists are built.
    var has = Has(goals: false, items: false, services: false, visits: false, notes: false, tasks: false, timeline: false)

    static func render(_ req: Request, id: UUID, forms: CasePages.Forms, status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let o = try await CaseOverview.load(personID: id, by: actor, ctx: req.badil, on: req.db)
        let events = try await TimelineService(db: req.db, ctx: req.badil).events(personID: id, by: actor, audit: false)
        var view = try await build(req, o, events: events, actor: actor, forms: forms)
        view.has = Has(goals: !view.goals.isEmpty, items: !view.items.isEmpty, services: !view.services.isEmpty, visits: !view.visits.isEmpty,
                       notes: !view.notes.isEmpty, tasks: !view.tasks.isEmpty, timeline: !view.timeline.isEmpty)
        return try await req.renderPage("case/show", titleKey: "case.title", view, status: status)
    }

    private static func build(_ req: Request, _ o: CaseOverview, events: [TimelineEvent], actor: Actor, forms: CasePages.Forms) async throws -> CasePageView {
        let base = "/persons/\(o.person.id!.uuidString)/case"
        let canManage = actor.can(.caseManage) && o.file?.caseStatus != .closed
        let orgs = canManage ? try await OrganizationRecord.query(on: req.db).filter(\.$active == true).sort(\.$name).all() : []
        func orgOptions(_ selected: String?) -> [SelectOption] { orgs.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: $0.id!.uuidString == selected) } }
        let canAssign = actor.can(.caseAssign)
        let workers = canAssign ? try await CaseFileService(db: req.db, ctx: req.badil).assignableWorkers(by: actor) : []
        let currentWorker = forms.assign.values["caseworkerId"] ?? o.file?.caseworkerID?.uuidString
        let reopened = try await CaseReDetention.needsNewDecision(o.person.id!, on: req.db)
        let assignees = canManage ? try await UserRecord.query(on: req.db).filter(\.$organization.$id == actor.organizationID).filter(\.$active == true)
            .filter(\.$role ~~ [Role.caseworker.rawValue, Role.socialWorker.rawValue, Role.supervisor.rawValue]).sort(\.$displayName).all() : []
        return CasePageView(
            person: PersonHeader(o.person, today: o.today), base: base, exists: o.file != nil,
            status: req.t((o.file?.caseStatus ?? .open).labelKey), caseworker: o.caseworker?.displayName, team: o.file?.team.flatMap { $0.isEmpty ? nil : $0 },
            openedOn: o.file?.openedOn, lastContact: o.file?.lastContactOn, version: o.version, canManage: canManage, canAssign: canAssign,
            reopened: reopened,
            workers: workers.map { SelectOption(value: $0.id!.uuidString, label: "\($0.displayName) (\(req.t("role.\($0.role)")))", selected: $0.id!.uuidString == currentWorker) },
            goals: o.plan.goals.map { g in
                GoalRow(key: g.id!.uuidString, text: g.text, status: req.t(g.goalStatus.labelKey), open: g.goalStatus == .open, action: "\(base)/goals/\(g.id!.uuidString)/status", version: g.version)
            },
            items: o.plan.items.map { item(req, $0, o, base: base) },
            services: o.services.map { s in
                ServiceRow(on: s.on, mode: req.t("case_service_mode.\(s.mode)"), referral: s.mode == CaseServiceMode.referral.rawValue,
                           serviceType: req.t("case_service_type.\(s.serviceType)"), provider: s.providerOrganizationID.flatMap { o.organizations[$0]?.name } ?? "",
                           notes: s.notes ?? "", by: s.recordedBy)
            },
            visits: o.visits.map { v in
                VisitRow(on: v.visitedOn, kind: req.t("case_visit_kind.\(v.kind)"), findings: v.findings, concern: v.wellbeingConcern, next: v.nextVisitOn ?? "", by: v.recordedBy)
            },
            notes: o.notes.map { NoteRow(when: RegistrationPages.when($0.createdAt), author: $0.author, text: $0.text, restricted: $0.level == .restricted) },
            tasks: o.tasks.map { task(req, $0, today: o.today, base: base) },
            timeline: events.map { e in
                EventRow(on: e.on.description, title: req.t(e.titleKey), detail: Optional(TimelineEventDTO.detail(e, req, max: 300)).flatMap { $0.isEmpty ? nil : $0 }, href: e.href)
            },
            goalOptions: o.plan.goals.filter { $0.goalStatus == .open }.map { SelectOption(value: $0.id!.uuidString, label: String($0.text.prefix(80)), selected: $0.id!.uuidString == forms.item.values["goalId"]) },
            itemOptions: o.plan.items.filter { !$0.itemStatus.isFinal }.map { SelectOption(value: $0.id!.uuidString, label: String($0.description.prefix(80)), selected: $0.id!.uuidString == forms.service.values["planItemId"]) },
            itemTypes: req.options(CaseServiceType.self, selected: forms.item.values["serviceType"]) { $0.labelKey },
            serviceTypes: req.options(CaseServiceType.self, selected: forms.service.values["serviceType"]) { $0.labelKey },
            modes: req.options(CaseServiceMode.self, selected: forms.service.values["mode"] ?? CaseServiceMode.delivered.rawValue) { $0.labelKey },
            visitKinds: req.options(CaseVisitKind.self, selected: forms.visit.values["kind"]) { $0.labelKey },
            confidentialities: req.options(CaseNoteConfidentiality.self, selected: forms.note.values["confidentiality"] ?? CaseNoteConfidentiality.normal.rawValue) { $0.labelKey },
            responsibleOrgs: orgOptions(forms.item.values["responsibleOrganizationId"]), providers: orgOptions(forms.service.values["providerOrganizationId"]),
            assignees: assignees.map { SelectOption(value: $0.id!.uuidString, label: $0.displayName, selected: $0.id!.uuidString == forms.task.values["assignedToId"]) },
            goalStatuses: [CaseGoalStatus.achieved, .dropped].map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: false) },
            today: o.today.description, forms: forms)
    }

    private static func item(_ req: Request, _ i: CasePlanItemRecord, _ o: CaseOverview, base: String) -> ItemRow {
        let status = i.itemStatus
        let next: [CasePlanItemStatus] = status.isFinal ? [] : CasePlanItemStatus.allCases.filter { $0 != status }
        let due = i.dueOn.flatMap(DayDate.init)
        return ItemRow(key: i.id!.uuidString, serviceType: req.t("case_service_type.\(i.serviceType)"), description: i.description,
                       responsible: i.responsibleOrganizationID.flatMap { o.organizations[$0]?.name } ?? i.responsibleName ?? "",
                       dueOn: i.dueOn ?? "", overdue: !status.isFinal && (due.map { $0 < o.today } ?? false), mandatory: i.mandatory,
                       status: req.t(status.labelKey), final: status.isFinal, action: "\(base)/items/\(i.id!.uuidString)/status", version: i.version,
                       next: next.map { SelectOption(value: $0.rawValue, label: req.t($0.labelKey), selected: false) })
    }

    static func task(_ req: Request, _ t: CaseTaskRecord, today: DayDate, base: String) -> TaskRow {
        let status = t.taskStatus
        let due = DayDate(t.dueOn) ?? today
        return TaskRow(title: title(req, t), kind: req.t("case_task_kind.\(t.kind)"), dueOn: t.dueOn,
                       overdue: CaseTaskRules.isOverdue(dueOn: due, status: status, today: today), mandatory: t.mandatory, status: req.t(status.labelKey),
                       open: status == .open, complete: "\(base)/tasks/\(t.id!.uuidString)/complete", cancel: "\(base)/tasks/\(t.id!.uuidString)/cancel",
                       version: t.version, closed: t.closedOn)
    }

    /// Tasks the system creates are shown in the reader's language; tasks typed by people as typed.
    static func title(_ req: Request, _ t: CaseTaskRecord) -> String {
        switch CaseTaskKind(rawValue: t.kind) {
        case .newDecision?: return req.t("case.task.new_decision")
        case .visit? where t.sourceID != nil: return req.t("case.task.next_visit")
        default: return t.title
        }
    }
}
