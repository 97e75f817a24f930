import Foundation
import Vapor
import BadilCore

/// "My tasks" (overdue first, with the re-detention alerts) and the supervisor's caseload.
struct CaseListPages {
    func register(_ app: Application) {
        app.on(.GET, "tasks", access: .permission(.caseManage), use: tasks)
        app.on(.GET, "caseload", access: .permission(.caseAssign), use: caseload)
    }

    struct TaskLine: Encodable {
        let title: String; let kind: String; let dueOn: String; let overdue: Bool; let derived: Bool; let href: String
        let personHref: String; let caseNumber: String; let name: String
    }
    struct AlertLine: Encodable { let personHref: String; let caseNumber: String; let name: String; let decisionHref: String }
    struct TasksBody: Encodable {
        let overdue: [TaskLine]; let upcoming: [TaskLine]; let overdueOnly: Bool; let alerts: [AlertLine]
        var hasAlerts: Bool { !alerts.isEmpty }
        private enum CodingKeys: String, CodingKey { case overdue, upcoming, overdueOnly, alerts, hasAlerts, hasOverdue, hasUpcoming }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(overdue, forKey: .overdue); try c.encode(upcoming, forKey: .upcoming); try c.encode(overdueOnly, forKey: .overdueOnly)
            try c.encode(alerts, forKey: .alerts); try c.encode(hasAlerts, forKey: .hasAlerts)
            try c.encode(!overdue.isEmpty, forKey: .hasOverdue); try c.encode(!upcoming.isEmpty, forKey: .hasUpcoming)
        }
    }

    @Sendable func tasks(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let overdueOnly = try req.filterBool("overdue") ?? false
        let items = try await CaseTaskService(db: req.db, ctx: req.badil).mine(overdueOnly: overdueOnly, by: actor)
        let lines = items.map { i in
            TaskLine(title: i.task.map { CasePageView.title(req, $0) } ?? i.titleKey.map { req.t($0) } ?? i.title, kind: req.t("case_task_kind.\(i.kind)"),
                     dueOn: i.dueOn.description, overdue: i.overdue, derived: i.task == nil, href: i.href,
                     personHref: "/persons/\(i.person.id!.uuidString)/case", caseNumber: i.person.caseNumber, name: i.person.nameLatin ?? i.person.nameOriginal ?? "")
        }
        let alerts = try await CaseReDetention.alerts(by: actor, on: req.db).map {
            AlertLine(personHref: "/persons/\($0.person.id!.uuidString)/case", caseNumber: $0.person.caseNumber,
                      name: $0.person.nameLatin ?? $0.person.nameOriginal ?? "", decisionHref: "/decisions/\($0.decision.id!.uuidString)")
        }
        return try await req.renderPage("case/tasks", titleKey: "case.tasks.title", TasksBody(
            overdue: lines.filter(\.overdue), upcoming: lines.filter { !$0.overdue }, overdueOnly: overdueOnly, alerts: alerts))
    }

    struct CaseLine: Encodable { let personHref: String; let caseNumber: String; let name: String; let worker: String?; let team: String; let lastContact: String; let days: Int; let overdueTasks: Int }
    struct WorkerLine: Encodable { let name: String; let role: String; let team: String; let openCases: Int; let overdueTasks: Int; let withoutContact: Int }
    struct CaseloadBody: Encodable {
        let noContactDays: Int; let workers: [WorkerLine]; let unassigned: [CaseLine]; let withoutContact: [CaseLine]; let alerts: Int
        private enum CodingKeys: String, CodingKey { case noContactDays, workers, unassigned, withoutContact, alerts, hasWorkers, hasUnassigned, hasWithoutContact }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(noContactDays, forKey: .noContactDays); try c.encode(workers, forKey: .workers); try c.encode(unassigned, forKey: .unassigned)
            try c.encode(withoutContact, forKey: .withoutContact); try c.encode(alerts, forKey: .alerts)
            try c.encode(!workers.isEmpty, forKey: .hasWorkers); try c.encode(!unassigned.isEmpty, forKey: .hasUnassigned)
            try c.encode(!withoutContact.isEmpty, forKey: .hasWithoutContact)
        }
    }

    @Sendable func caseload(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let days = try CaseAPIController.noContactDays(req)
        let c = try await CaseloadService(db: req.db, ctx: req.badil).caseload(noContactDays: days, by: actor)
        let today = DayDate(req.badil.now)
        let names = Dictionary(uniqueKeysWithValues: c.workers.map { ($0.worker.id!, $0.worker.displayName) })
        func line(_ r: CaseloadService.CaseRow) -> CaseLine {
            CaseLine(personHref: "/persons/\(r.person.id!.uuidString)/case", caseNumber: r.person.caseNumber, name: r.person.nameLatin ?? r.person.nameOriginal ?? "",
                     worker: r.file.caseworkerID.flatMap { names[$0] }, team: r.file.team ?? "", lastContact: r.lastContact.description,
                     days: r.lastContact.days(until: today), overdueTasks: r.overdueTasks)
        }
        let body = CaseloadBody(
            noContactDays: days,
            workers: c.workers.map { WorkerLine(name: $0.worker.displayName, role: req.t("role.\($0.worker.role)"), team: $0.worker.team ?? "",
                                                openCases: $0.openCases, overdueTasks: $0.overdueTasks, withoutContact: $0.withoutContact.count) },
            unassigned: c.unassigned.map(line), withoutContact: c.withoutContact.map(line),
            alerts: try await CaseReDetention.alerts(by: actor, on: req.db).count)
        return try await req.renderPage("case/caseload", titleKey: "case.caseload.title", body)
    }
}
