import Foundation
import Vapor
import BadilCore

/// Case management over JSON: the case file and its assignment, plan, services and referrals, visits, notes,
/// tasks, "my tasks", the supervisor's caseload, and a person's timeline.
struct CaseAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "persons", ":id", "case", access: .permission(.personRead), use: overview)
        api.on(.PUT, "persons", ":id", "case", "assignment", access: .permission(.caseAssign), use: assign)
        api.on(.POST, "persons", ":id", "case", "plan", "goals", access: .permission(.caseManage), use: addGoal)
        api.on(.PATCH, "persons", ":id", "case", "plan", "goals", ":itemId", access: .permission(.caseManage), use: changeGoal)
        api.on(.POST, "persons", ":id", "case", "plan", "items", access: .permission(.caseManage), use: addItem)
        api.on(.PATCH, "persons", ":id", "case", "plan", "items", ":itemId", access: .permission(.caseManage), use: changeItem)
        api.on(.GET, "persons", ":id", "case", "services", access: .permission(.personRead), use: services)
        api.on(.POST, "persons", ":id", "case", "services", access: .permission(.caseManage), use: recordService)
        api.on(.GET, "persons", ":id", "case", "visits", access: .permission(.personRead), use: visits)
        api.on(.POST, "persons", ":id", "case", "visits", access: .permission(.caseManage), use: recordVisit)
        api.on(.GET, "persons", ":id", "case", "notes", access: .permission(.personRead), use: notes)
        api.on(.POST, "persons", ":id", "case", "notes", access: .permission(.caseManage), use: addNote)
        api.on(.GET, "persons", ":id", "case", "tasks", access: .permission(.personRead), use: tasks)
        api.on(.POST, "persons", ":id", "case", "tasks", access: .permission(.caseManage), use: addTask)
        api.on(.GET, "persons", ":id", "timeline", access: .permission(.personRead), use: timeline)
        api.on(.GET, "tasks", access: .permission(.caseManage), use: myTasks)
        api.on(.POST, "tasks", ":id", "complete", access: .permission(.caseManage), use: completeTask)
        api.on(.POST, "tasks", ":id", "cancel", access: .permission(.caseManage), use: cancelTask)
        api.on(.GET, "caseload", access: .permission(.caseAssign), use: caseload)
        api.on(.GET, "alerts", "re-detained", access: .permission(.caseManage), use: reDetained)
    }

    @Sendable func overview(_ req: Request) async throws -> Response {
        let o = try await CaseOverview.load(personID: try req.uuidParameter(), by: try req.actor, ctx: req.badil, on: req.db)
        return try await CaseFileDTO(o).response(version: o.version, for: req)
    }

    @Sendable func assign(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(CaseAssignmentInput.self)
        let f = try await CaseFileService(db: req.db, ctx: req.badil).assign(personID: try req.uuidParameter(), input, expected: req.expectedVersion, by: try req.actor)
        return try await CaseAssignmentDTO(f).response(version: f.version, for: req)
    }

    @Sendable func addGoal(_ req: Request) async throws -> Response {
        let g = try await CasePlanService(db: req.db, ctx: req.badil).addGoal(personID: try req.uuidParameter(), try req.strictJSON(CaseGoalInput.self), by: try req.actor)
        return try await CaseGoalDTO(g).response(.created, version: g.version, for: req)
    }

    @Sendable func changeGoal(_ req: Request) async throws -> Response {
        let g = try await CasePlanService(db: req.db, ctx: req.badil).changeGoal(personID: try req.uuidParameter(), goalID: try req.uuidParameter("itemId"),
                                                                               try req.strictJSON(CaseStatusInput.self), expected: req.expectedVersion, by: try req.actor)
        return try await CaseGoalDTO(g).response(version: g.version, for: req)
    }

    @Sendable func addItem(_ req: Request) async throws -> Response {
        let i = try await CasePlanService(db: req.db, ctx: req.badil).addItem(personID: try req.uuidParameter(), try req.strictJSON(CasePlanItemInput.self), by: try req.actor)
        let orgs = try await CasePlanService.organizations(i.responsibleOrganizationID.map { [$0] } ?? [], on: req.db)
        return try await CasePlanItemDTO(i, organizations: orgs, today: DayDate(req.badil.now)).response(.created, version: i.version, for: req)
    }

    @Sendable func changeItem(_ req: Request) async throws -> Response {
        let i = try await CasePlanService(db: req.db, ctx: req.badil).changeItem(personID: try req.uuidParameter(), itemID: try req.uuidParameter("itemId"),
                                                                               try req.strictJSON(CaseStatusInput.self), expected: req.expectedVersion, by: try req.actor)
        let orgs = try await CasePlanService.organizations(i.responsibleOrganizationID.map { [$0] } ?? [], on: req.db)
        return try await CasePlanItemDTO(i, organizations: orgs, today: DayDate(req.badil.now)).response(version: i.version, for: req)
    }

    @Sendable func services(_ req: Request) async throws -> [CaseServiceDTO] {
        let o = try await CaseOverview.load(personID: try req.uuidParameter(), by: try req.actor, ctx: req.badil, on: req.db)
        return o.services.map { CaseServiceDTO($0, organizations: o.organizations) }
    }

    @Sendable func recordService(_ req: Request) async throws -> Response {
        let s = try await CaseContactService(db: req.db, ctx: req.badil).recordService(personID: try req.uuidParameter(), try req.strictJSON(CaseServiceInput.self), by: try req.actor)
        let orgs = try await CasePlanService.organizations(s.providerOrganizationID.map { [$0] } ?? [], on: req.db)
        return try await CaseServiceDTO(s, organizations: orgs).encodeResponse(status: .created, for: req)
    }

    @Sendable func visits(_ req: Request) async throws -> [CaseVisitDTO] {
        try await CaseOverview.load(personID: try req.uuidParameter(), by: try req.actor, ctx: req.badil, on: req.db).visits.map(CaseVisitDTO.init)
    }

    @Sendable func recordVisit(_ req: Request) async throws -> Response {
        let v = try await CaseContactService(db: req.db, ctx: req.badil).recordVisit(personID: try req.uuidParameter(), try req.strictJSON(CaseVisitInput.self), by: try req.actor)
        return try await CaseVisitDTO(v).encodeResponse(status: .created, for: req)
    }

    @Sendable func notes(_ req: Request) async throws -> [CaseNoteDTO] {
        try await CaseNoteService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map(CaseNoteDTO.init)
    }

    @Sendable func addNote(_ req: Request) async throws -> Response {
        let n = try await CaseNoteService(db: req.db, ctx: req.badil).add(personID: try req.uuidParameter(), try req.strictJSON(CaseNoteInput.self), by: try req.actor)
        return try await CaseNoteDTO(n).encodeResponse(status: .created, for: req)
    }

    @Sendable func tasks(_ req: Request) async throws -> [CaseTaskDTO] {
        let today = DayDate(req.badil.now)
        return try await CaseTaskService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map { CaseTaskDTO($0, today: today) }
    }

    @Sendable func addTask(_ req: Request) async throws -> Response {
        let t = try await CaseTaskService(db: req.db, ctx: req.badil).create(personID: try req.uuidParameter(), try req.strictJSON(CaseTaskInput.self), by: try req.actor)
        return try await CaseTaskDTO(t, today: DayDate(req.badil.now)).response(.created, version: t.version, for: req)
    }

    @Sendable func completeTask(_ req: Request) async throws -> Response { try await close(req, .done) }
    @Sendable func cancelTask(_ req: Request) async throws -> Response { try await close(req, .cancelled) }

    private func close(_ req: Request, _ status: CaseTaskStatus) async throws -> Response {
        let t = try await CaseTaskService(db: req.db, ctx: req.badil).close(taskID: try req.uuidParameter(), as: status, expected: req.expectedVersion, by: try req.actor)
        return try await CaseTaskDTO(t, today: DayDate(req.badil.now)).response(version: t.version, for: req)
    }

    @Sendable func myTasks(_ req: Request) async throws -> [CaseTaskDTO] {
        let overdue = try req.filterBool("overdue") ?? false
        return try await CaseTaskService(db: req.db, ctx: req.badil).mine(overdueOnly: overdue, by: try req.actor).map { CaseTaskDTO($0, req) }
    }

    @Sendable func caseload(_ req: Request) async throws -> CaseloadDTO {
        let days = try Self.noContactDays(req)
        return CaseloadDTO(try await CaseloadService(db: req.db, ctx: req.badil).caseload(noContactDays: days, by: try req.actor))
    }

    @Sendable func timeline(_ req: Request) async throws -> [TimelineEventDTO] {
        let limit = try Self.limit(req)
        return try await TimelineService(db: req.db, ctx: req.badil).events(personID: try req.uuidParameter(), limit: limit, by: try req.actor)
            .map { TimelineEventDTO($0, req) }
    }

    @Sendable func reDetained(_ req: Request) async throws -> [ReDetentionAlertDTO] {
        try await CaseReDetention.alerts(by: try req.actor, on: req.db).map {
            ReDetentionAlertDTO(personId: $0.person.id!, caseNumber: $0.person.caseNumber, decisionId: $0.decision.id!, reopenedAt: $0.decision.updatedAt)
        }
    }

    /// `noContactDays`, 1 to 365 (default 14); anything else is a 400 naming the parameter.
    static func noContactDays(_ req: Request) throws -> Int {
        do { return try CaseloadRules.noContactDays(try? req.query.get(String.self, at: "noContactDays")) }
        catch DomainError.invalid(let issues) { throw BodyError(code: "invalid_parameter", issues: issues) }
    }

    /// `limit`, 1 to 500 (default 200).
    static func limit(_ req: Request) throws -> Int {
        guard let raw: String = try? req.query.get(String.self, at: "limit") else { return TimelineService.defaultLimit }
        guard let n = Int(raw), (1...TimelineService.maxLimit).contains(n) else {
            throw BodyError(code: "invalid_parameter", issues: [FieldIssue("limit", "out_of_range", ["min": "1", "max": String(TimelineService.maxLimit)])])
        }
        return n
    }
}
