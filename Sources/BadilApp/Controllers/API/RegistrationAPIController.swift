import Foundation
import Vapor
import BadilCore

/// Arrivals, registration (single and batch), people, duplicates and the child-in-detention alert over JSON.
struct RegistrationAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "arrivals", access: .permission(.personRegister), use: listArrivals)
        api.on(.POST, "arrivals", access: .permission(.arrivalRecord), use: createArrival)
        api.on(.GET, "arrivals", ":id", access: .permission(.personRegister), use: getArrival)
        api.on(.POST, "arrivals", ":id", "registrations", access: .permission(.personRegister), use: registerBatch)
        api.on(.POST, "arrivals", ":id", "duplicate-check", access: .permission(.personRegister), use: duplicateCheck)

        api.on(.GET, "persons", access: .permission(.personRead), use: search)
        api.on(.GET, "persons", ":id", access: .permission(.personRead), use: getPerson)
        api.on(.PATCH, "persons", ":id", access: .permission(.personUpdate), use: updatePerson)
        api.on(.POST, "persons", ":id", "links", access: .permission(.personUpdate), use: link)
        api.on(.POST, "persons", ":id", "stays", access: .permission(.stayRecord), use: move)

        api.on(.GET, "duplicates", access: .permission(.personMerge), use: queue)
        api.on(.POST, "duplicates", ":id", "decision", access: .permission(.personMerge), use: decide)
        api.on(.POST, "duplicates", ":id", "unmerge", access: .permission(.personUnmerge), use: unmerge)
        api.on(.POST, "duplicates", "sweep", access: .permission(.personMerge), use: sweep)

        api.on(.GET, "alerts", "children-in-detention", access: .permission(.personRead), use: childAlerts)
    }

    @Sendable func listArrivals(_ req: Request) async throws -> PageDTO<ArrivalDTO> {
        let result = try await ArrivalService(db: req.db, ctx: req.badil).list(
            kind: try req.filterChoice("kind", ArrivalKind.self), locationID: try req.filterUUID("locationId"), page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { ArrivalDTO($0, req.language) }
    }

    @Sendable func createArrival(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ArrivalInput.self)
        let arrival = try await ArrivalService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        return try await ArrivalDTO(.init(arrival: arrival, registered: 0), req.language).response(.created, version: arrival.version, for: req)
    }

    @Sendable func getArrival(_ req: Request) async throws -> Response {
        let s = try await ArrivalService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await ArrivalDTO(s, req.language).response(version: s.arrival.version, for: req)
    }

    @Sendable func registerBatch(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(BatchRegistrationInput.self)
        guard let rows = input.rows else { throw DomainError.invalid([FieldIssue("rows", "required")]) }
        let done = try await RegistrationService(db: req.db, ctx: req.badil).register(arrivalID: id, rows: rows.map(\.row), by: try req.actor)
        let today = DayDate(req.badil.now)
        return try await BatchResultDTO(registered: done.count, people: done.map {
            RegisteredDTO(person: PersonDTO($0.person, today: today), candidates: $0.candidates.map { CandidateDTO($0, req) })
        }).response(.created, for: req)
    }

    @Sendable func duplicateCheck(_ req: Request) async throws -> [CandidateDTO] {
        _ = try await ArrivalService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        let input = try req.strictJSON(DuplicateCheckInput.self)
        let found = try await RegistrationService(db: req.db, ctx: req.badil).checkDuplicates([input.draft], by: try req.actor)
        return (found.first ?? []).map { CandidateDTO($0, req) }
    }

    @Sendable func search(_ req: Request) async throws -> PageDTO<PersonDTO> {
        let s = PersonSearch(text: req.filterText("q"), nationality: req.filterText("nationality")?.uppercased(),
                             locationID: try req.filterUUID("locationId"), ageGroup: try req.filterOneOf("ageGroup", ["child", "adult"]),
                             sex: try req.filterChoice("sex", Sex.self), careStatus: try req.filterChoice("care", CareStatus.self),
                             urgent: try req.filterChoice("urgent", UrgentNeed.self), arrivalID: try req.filterUUID("arrivalId"))
        let result = try await PersonService(db: req.db, ctx: req.badil).search(s, page: try req.page(), by: try req.actor)
        let today = DayDate(req.badil.now)
        return try req.pageDTO(result) { PersonDTO($0, today: today) }
    }

    static func detailDTO(_ d: PersonService.Detail, _ req: Request) -> PersonDetailDTO {
        let today = DayDate(req.badil.now)
        return PersonDetailDTO(
            person: PersonDTO(d.person, today: today), arrival: d.arrival.id!, currentLocationId: d.currentStay?.$location.id,
            daysInDetention: d.daysInDetention,
            stays: d.stays.map { StayDTO(locationId: $0.$location.id, locationName: $0.location.name(in: req.language),
                                         locationType: $0.location.type, startedAt: $0.startedAt, endedAt: $0.endedAt, reason: $0.reason) },
            links: d.links.map { LinkDTO(relatedId: $0.1?.id, relationship: $0.0.relationship, caseNumber: $0.1?.caseNumber, name: $0.1?.displayName) },
            mergedCaseNumbers: d.merged.map(\.caseNumber))
    }

    @Sendable func getPerson(_ req: Request) async throws -> Response {
        let d = try await PersonService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await Self.detailDTO(d, req).response(version: d.person.version, for: req)
    }

    @Sendable func updatePerson(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(PersonUpdateInput.self)
        let p = try await PersonService(db: req.db, ctx: req.badil).update(id, input, cleared: req.clearedFields, expected: req.expectedVersion, by: try req.actor)
        return try await PersonDTO(p, today: DayDate(req.badil.now)).response(version: p.version, for: req)
    }

    @Sendable func link(_ req: Request) async throws -> HTTPStatus {
        let input = try req.strictJSON(LinkInput.self)
        guard let related = input.relatedId else { throw DomainError.invalid([FieldIssue("relatedId", "required")]) }
        try await PersonService(db: req.db, ctx: req.badil).link(try req.uuidParameter(), to: related, relationship: input.relationship, by: try req.actor)
        return .noContent
    }

    @Sendable func move(_ req: Request) async throws -> HTTPStatus {
        let input = try req.strictJSON(MoveInput.self)
        try await PersonService(db: req.db, ctx: req.badil).move(try req.uuidParameter(), to: input.locationId, reason: input.reason, at: input.at, by: try req.actor)
        return .noContent
    }

    static func pairDTO(_ v: DuplicateService.PairView, _ req: Request) -> DuplicatePairDTO {
        let today = DayDate(req.badil.now)
        return DuplicatePairDTO(id: v.pair.id!, score: (v.pair.score * 1000).rounded() / 1000, status: v.pair.status, source: v.pair.source,
                                reasons: ReasonCoding.decode(v.pair.reasons).map { ReasonDTO(code: $0.code, params: $0.params, message: req.t("match.\($0.code)", $0.params)) },
                                a: PersonDTO(v.a, today: today), b: PersonDTO(v.b, today: today), survivorId: v.pair.survivorID, version: v.pair.version)
    }

    @Sendable func queue(_ req: Request) async throws -> PageDTO<DuplicatePairDTO> {
        let status = try req.filterOneOf("status", ["proposed", "same", "different"]) ?? "proposed"
        let result = try await DuplicateService(db: req.db, ctx: req.badil).queue(status: status, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { Self.pairDTO($0, req) }
    }

    @Sendable func decide(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(DecisionInput.self)
        let pair = try await DuplicateService(db: req.db, ctx: req.badil).decide(try req.uuidParameter(), decision: input.decision, by: try req.actor)
        return try await SweepResultDTO(checked: 0, ran: true).encodeResponse(status: .ok, for: req).withETag(pair.version)
    }

    @Sendable func unmerge(_ req: Request) async throws -> HTTPStatus {
        _ = try await DuplicateService(db: req.db, ctx: req.badil).unmerge(try req.uuidParameter(), by: try req.actor)
        return .noContent
    }

    @Sendable func sweep(_ req: Request) async throws -> SweepResultDTO {
        _ = try req.actor
        let checked = try await DuplicateSweep(db: req.db, ctx: req.badil).run(holder: "request-\(req.correlationID)")
        return SweepResultDTO(checked: checked ?? 0, ran: checked != nil)
    }

    @Sendable func childAlerts(_ req: Request) async throws -> ChildAlertDTO {
        let result = try await ChildAlerts(db: req.db, ctx: req.badil).childrenInDetention(by: try req.actor)
        let now = req.badil.now
        return ChildAlertDTO(total: result.total, items: result.items.map {
            .init(personId: $0.person.id!, caseNumber: $0.person.caseNumber, name: $0.person.displayName,
                  locationName: $0.location.name(in: req.language), since: $0.since, days: Int(now.timeIntervalSince($0.since) / 86400))
        })
    }
}

extension Request {
    func filterOneOf(_ name: String, _ allowed: [String]) throws -> String? {
        guard let raw = filterText(name) else { return nil }
        guard allowed.contains(raw) else {
            throw BodyError(code: "invalid_parameter", issues: [FieldIssue(name, "unknown_value", ["allowed": allowed.joined(separator: ", ")])])
        }
        return raw
    }
}
