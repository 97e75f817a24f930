import Foundation
import Vapor
import BadilCore

/// Outcomes and closure over JSON: the return pathway, outcome referrals, closure requests and decisions.
struct OutcomeAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "persons", ":id", "return-pathway", access: .permission(.personRead), use: pathway)
        api.on(.POST, "persons", ":id", "return-pathway", access: .permission(.caseManage), use: start)
        api.on(.PUT, "persons", ":id", "return-pathway", "steps", ":step", access: .permission(.caseManage), use: updateStep)
        api.on(.PATCH, "persons", ":id", "return-pathway", "steps", ":step", access: .permission(.caseManage), use: updateStep)
        api.on(.POST, "persons", ":id", "return-pathway", "withdraw", access: .permission(.caseManage), use: withdraw)
        api.on(.GET, "persons", ":id", "outcome-referrals", access: .permission(.personRead), use: referrals)
        api.on(.POST, "persons", ":id", "outcome-referrals", access: .permission(.caseManage), use: refer)
        api.on(.PATCH, "outcome-referrals", ":id", access: .permission(.caseManage), use: changeReferral)
        api.on(.GET, "persons", ":id", "closure", access: .permission(.personRead), use: closure)
        api.on(.POST, "persons", ":id", "closure", access: .permission(.caseManage), use: requestClosure)
        api.on(.POST, "persons", ":id", "closure", "approve", access: .permission(.caseClose), use: approve)
        api.on(.POST, "persons", ":id", "closure", "reject", access: .permission(.caseClose), use: reject)
        api.on(.POST, "persons", ":id", "closure", "reopen", access: .permission(.caseManage), use: reopen)
        api.on(.GET, "closures", access: .permission(.caseClose), use: inbox)
    }

    private func pathways(_ req: Request) -> ReturnPathwayService { ReturnPathwayService(db: req.db, ctx: req.badil) }
    private func closures(_ req: Request) -> ClosureService { ClosureService(db: req.db, ctx: req.badil) }

    @Sendable func pathway(_ req: Request) async throws -> Response {
        let s = try await pathways(req).state(personID: try req.uuidParameter(), by: try req.actor)
        return try await ReturnPathwayStateDTO(s).response(version: s.current?.pathway.version, for: req)
    }

    @Sendable func start(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReturnStartInput.self)
        let v = try await pathways(req).start(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ReturnPathwayDTO(v).response(.created, version: v.pathway.version, for: req)
    }

    @Sendable func updateStep(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReturnStepInput.self)
        let v = try await pathways(req).updateStep(personID: try req.uuidParameter(), step: req.parameters.get("step") ?? "", input,
                                                   expected: req.expectedVersion, by: try req.actor)
        return try await ReturnPathwayDTO(v).response(version: v.pathway.version, for: req)
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReturnWithdrawInput.self)
        let v = try await pathways(req).withdraw(personID: try req.uuidParameter(), input, expected: req.expectedVersion, by: try req.actor)
        return try await ReturnPathwayDTO(v).response(version: v.pathway.version, for: req)
    }

    @Sendable func referrals(_ req: Request) async throws -> [OutcomeReferralDTO] {
        try await OutcomeReferralService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map(OutcomeReferralDTO.init)
    }

    @Sendable func refer(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(OutcomeReferralInput.self)
        let r = try await OutcomeReferralService(db: req.db, ctx: req.badil).create(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await OutcomeReferralDTO(r).response(.created, version: r.version, for: req)
    }

    @Sendable func changeReferral(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(OutcomeReferralChangeInput.self)
        let r = try await OutcomeReferralService(db: req.db, ctx: req.badil).change(try req.uuidParameter(), input, expected: req.expectedVersion,
                                                                                  by: try req.actor)
        return try await OutcomeReferralDTO(r).response(version: r.version, for: req)
    }

    @Sendable func closure(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        return try await closureResponse(id, try await closures(req).history(personID: id, by: try req.actor), req)
    }

    @Sendable func requestClosure(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ClosureRequestInput.self)
        let id = try req.uuidParameter()
        return try await closureResponse(id, try await closures(req).request(personID: id, input, by: try req.actor), req, status: .created)
    }

    @Sendable func approve(_ req: Request) async throws -> Response {
        try await decide(req) { s, id, input, expected, actor in try await s.approve(personID: id, input, expected: expected, by: actor) }
    }

    @Sendable func reject(_ req: Request) async throws -> Response {
        try await decide(req) { s, id, input, expected, actor in try await s.reject(personID: id, input, expected: expected, by: actor) }
    }

    @Sendable func reopen(_ req: Request) async throws -> Response {
        try await decide(req) { s, id, input, expected, actor in try await s.reopen(personID: id, input, expected: expected, by: actor) }
    }

    /// Approve, reject and reopen: an optional JSON body with a reason, If-Match on the case file version.
    private func decide(_ req: Request, _ body: (ClosureService, UUID, ClosureReasonInput, ExpectedVersion?, Actor) async throws -> ClosureService.History)
    async throws -> Response {
        let input = (req.body.data?.readableBytes ?? 0) == 0 ? ClosureReasonInput() : try req.strictJSON(ClosureReasonInput.self)
        let id = try req.uuidParameter()
        return try await closureResponse(id, try await body(closures(req), id, input, req.expectedVersion, try req.actor), req)
    }

    private func closureResponse(_ id: UUID, _ h: ClosureService.History, _ req: Request, status: HTTPStatus = .ok) async throws -> Response {
        try await CaseClosureDTO(personID: id, h).response(status, version: h.caseFile?.version, for: req)
    }

    @Sendable func inbox(_ req: Request) async throws -> PageDTO<CaseClosureInboxItemDTO> {
        let raw = req.filterText("status") ?? "pending"
        let status: CaseStatus
        switch raw {
        case "pending": status = .closurePending
        case "closed": status = .closed
        default: throw BodyError(code: "invalid_parameter", issues: [FieldIssue("status", "unknown_value", ["allowed": "pending, closed"])])
        }
        let result = try await closures(req).inbox(status: status, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result, CaseClosureInboxItemDTO.init)
    }
}
