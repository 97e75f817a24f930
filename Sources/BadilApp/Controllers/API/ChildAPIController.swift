import Foundation
import Vapor
import BadilCore

/// Child protection and family tracing over JSON: reads need personRead (audited), writes caseManage.
struct ChildAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "persons", ":id", "bias", access: .permission(.personRead), use: bias)
        api.on(.POST, "persons", ":id", "bias", access: .permission(.caseManage), use: assess)
        api.on(.GET, "persons", ":id", "bids", access: .permission(.personRead), use: bids)
        api.on(.POST, "persons", ":id", "bids", access: .permission(.caseManage), use: determine)
        api.on(.POST, "child-bids", ":id", "confirm", access: .permission(.caseAssign), use: confirm)
        api.on(.GET, "persons", ":id", "care-arrangements", access: .permission(.personRead), use: care)
        api.on(.POST, "persons", ":id", "care-arrangements", access: .permission(.caseManage), use: startCare)
        api.on(.GET, "persons", ":id", "guardians", access: .permission(.personRead), use: guardians)
        api.on(.POST, "persons", ":id", "guardians", access: .permission(.caseManage), use: appoint)
        api.on(.POST, "child-guardians", ":id", "end", access: .permission(.caseManage), use: endGuardian)
        api.on(.GET, "persons", ":id", "tracing-requests", access: .permission(.personRead), use: tracingRequests)
        api.on(.POST, "persons", ":id", "tracing-requests", access: .permission(.caseManage), use: createRequest)
        api.on(.GET, "tracing-requests", access: .permission(.personRead), use: openRequests)
        api.on(.GET, "tracing-requests", ":id", access: .permission(.personRead), use: request)
        api.on(.GET, "tracing-requests", ":id", "candidates", access: .permission(.personRead), use: candidates)
        api.on(.GET, "tracing-requests", ":id", "matches", access: .permission(.personRead), use: matches)
        api.on(.POST, "tracing-requests", ":id", "matches", access: .permission(.caseManage), use: propose)
        api.on(.POST, "tracing-matches", ":id", "verify", access: .permission(.caseManage), use: verify)
        api.on(.POST, "tracing-matches", ":id", "reject", access: .permission(.caseManage), use: reject)
        api.on(.POST, "tracing-requests", ":id", "reunification", access: .permission(.caseManage), use: reunify)
        api.on(.POST, "tracing-requests", ":id", "close", access: .permission(.caseManage), use: closeRequest)
    }

    private func bi(_ req: Request) -> BestInterestsService { BestInterestsService(db: req.db, ctx: req.badil) }
    private func tracing(_ req: Request) -> TracingService { TracingService(db: req.db, ctx: req.badil) }

    @Sendable func bias(_ req: Request) async throws -> [ChildBiaDTO] {
        try await bi(req).assessments(personID: try req.uuidParameter(), by: try req.actor).map(ChildBiaDTO.init)
    }

    @Sendable func assess(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(BIAInput.self)
        return try await ChildBiaDTO(try await bi(req).assess(personID: try req.uuidParameter(), input, by: try req.actor)).response(.created, for: req)
    }

    @Sendable func bids(_ req: Request) async throws -> [ChildBidDTO] {
        try await bi(req).determinations(personID: try req.uuidParameter(), by: try req.actor).map(ChildBidDTO.init)
    }

    @Sendable func determine(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(BIDInput.self)
        let d = try await bi(req).determine(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ChildBidDTO(d).response(.created, version: d.version, for: req)
    }

    @Sendable func confirm(_ req: Request) async throws -> Response {
        let d = try await bi(req).confirm(try req.uuidParameter(), expected: req.expectedVersion, by: try req.actor)
        return try await ChildBidDTO(d).response(version: d.version, for: req)
    }

    @Sendable func care(_ req: Request) async throws -> [ChildCareDTO] {
        try await CareArrangementService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map(ChildCareDTO.init)
    }

    @Sendable func startCare(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(CareInput.self)
        let c = try await CareArrangementService(db: req.db, ctx: req.badil).record(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ChildCareDTO(c).response(.created, for: req)
    }

    @Sendable func guardians(_ req: Request) async throws -> [ChildGuardianDTO] {
        try await GuardianService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map(ChildGuardianDTO.init)
    }

    @Sendable func appoint(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(GuardianInput.self)
        let g = try await GuardianService(db: req.db, ctx: req.badil).appoint(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ChildGuardianDTO(g).response(.created, version: g.version, for: req)
    }

    @Sendable func endGuardian(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(GuardianEndInput.self)
        let g = try await GuardianService(db: req.db, ctx: req.badil).end(try req.uuidParameter(), input, expected: req.expectedVersion, by: try req.actor)
        return try await ChildGuardianDTO(g).response(version: g.version, for: req)
    }

    @Sendable func tracingRequests(_ req: Request) async throws -> [TracingRequestDTO] {
        try await tracing(req).requests(personID: try req.uuidParameter(), by: try req.actor).map(TracingRequestDTO.init)
    }

    @Sendable func createRequest(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TracingRequestInput.self)
        let r = try await tracing(req).create(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await TracingRequestDTO(r).response(.created, version: r.version, for: req)
    }

    @Sendable func openRequests(_ req: Request) async throws -> PageDTO<TracingOpenRowDTO> {
        try req.pageDTO(try await tracing(req).open(page: try req.page(), by: try req.actor), TracingOpenRowDTO.init)
    }

    @Sendable func request(_ req: Request) async throws -> Response {
        let v = try await tracing(req).get(try req.uuidParameter(), by: try req.actor)
        return try await TracingRequestDetailDTO(v, req).response(version: v.request.version, for: req)
    }

    @Sendable func candidates(_ req: Request) async throws -> [TracingCandidateDTO] {
        try await tracing(req).candidates(try req.uuidParameter(), by: try req.actor).map { TracingCandidateDTO($0, req) }
    }

    @Sendable func matches(_ req: Request) async throws -> [TracingMatchDTO] {
        try await tracing(req).get(try req.uuidParameter(), by: try req.actor).matches.map { TracingMatchDTO($0.match, person: $0.person, req) }
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TracingMatchInput.self)
        let actor = try req.actor
        let m = try await tracing(req).propose(try req.uuidParameter(), input, by: actor)
        let person = try await RecordScopes.visiblePersons([m.matchedPersonID], actor, on: req.db)[m.matchedPersonID]
        return try await TracingMatchDTO(m, person: person, req).response(.created, version: m.version, for: req)
    }

    @Sendable func verify(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TracingVerifyInput.self)
        let m = try await tracing(req).verify(try req.uuidParameter(), input, expected: req.expectedVersion, by: try req.actor)
        return try await TracingMatchDTO(m, person: nil, req).response(version: m.version, for: req)
    }

    struct CloseInput: StrictInput {
        var reason: String?
        static let allowedFields: Set<String> = ["reason"]
    }

    @Sendable func closeRequest(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(CloseInput.self)
        let r = try await tracing(req).close(try req.uuidParameter(), reason: input.reason, expected: req.expectedVersion, by: try req.actor)
        return try await TracingRequestDTO(r).response(version: r.version, for: req)
    }

    @Sendable func reject(_ req: Request) async throws -> Response {
        let m = try await tracing(req).reject(try req.uuidParameter(), expected: req.expectedVersion, by: try req.actor)
        return try await TracingMatchDTO(m, person: nil, req).response(version: m.version, for: req)
    }

    @Sendable func reunify(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReunificationInput.self)
        let u = try await ReunificationService(db: req.db, ctx: req.badil).record(requestID: try req.uuidParameter(), input, by: try req.actor)
        return try await TracingReunificationDTO(u).response(.created, for: req)
    }
}
