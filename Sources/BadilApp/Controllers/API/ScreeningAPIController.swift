import Foundation
import Vapor
import BadilCore

/// Screening, the priority queue, CAP decisions with approval, reviews and check-ins over JSON.
struct ScreeningAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "screening-instruments", "current", access: .permission(.screeningConduct), use: currentInstrument)
        api.on(.GET, "screening-instruments", ":version", access: .permission(.screeningConduct), use: instrument)
        api.on(.GET, "persons", ":id", "screenings", access: .permission(.screeningConduct), use: personScreenings)
        api.on(.POST, "persons", ":id", "screenings", access: .permission(.screeningConduct), use: startScreening)
        api.on(.GET, "screenings", ":id", access: .permission(.screeningConduct), use: getScreening)
        api.on(.PATCH, "screenings", ":id", access: .permission(.screeningConduct), use: saveScreening)
        api.on(.GET, "priority-queue", access: .permission(.screeningConduct), use: priorityQueue)

        api.on(.GET, "persons", ":id", "decisions", access: .permission(.personRead), use: personDecisions)
        api.on(.POST, "persons", ":id", "decisions", access: .permission(.decisionPropose), use: propose)
        api.on(.GET, "decisions", access: .permission(.personRead), use: decisions)
        api.on(.GET, "decisions", ":id", access: .permission(.personRead), use: getDecision)
        api.on(.PUT, "decisions", ":id", access: .permission(.decisionPropose), use: resubmit)
        api.on(.POST, "decisions", ":id", "approve", access: .permission(.decisionApprove), use: approve)
        api.on(.POST, "decisions", ":id", "return", access: .permission(.decisionApprove), use: returnDecision)
        api.on(.POST, "decisions", ":id", "withdraw", access: .permission(.decisionPropose), use: withdraw)
        api.on(.POST, "decisions", ":id", "reviews", access: .permission(.decisionPropose), use: review)
        api.on(.POST, "decisions", ":id", "check-ins", access: .permission(.caseManage), use: checkIn)
        api.on(.GET, "reviews", access: .permission(.personRead), use: reviews)
        api.on(.GET, "alerts", "missed-check-ins", access: .permission(.personRead), use: missedCheckIns)
    }

    // MARK: Screening

    @Sendable func currentInstrument(_ req: Request) async throws -> InstrumentDTO {
        InstrumentDTO(req.badil.instruments.current)
    }

    @Sendable func instrument(_ req: Request) async throws -> InstrumentDTO {
        guard let raw = req.parameters.get("version"), let v = Int(raw), let i = req.badil.instruments.version(v) else { throw DomainError.notFound }
        return InstrumentDTO(i)
    }

    @Sendable func personScreenings(_ req: Request) async throws -> [ScreeningDTO] {
        try await ScreeningService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map { ScreeningDTO($0, req) }
    }

    @Sendable func startScreening(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ScreeningInput.self)
        let v = try await ScreeningService(db: req.db, ctx: req.badil).start(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ScreeningDTO(v.screening, req).response(.created, version: v.screening.version, for: req)
    }

    @Sendable func getScreening(_ req: Request) async throws -> Response {
        let v = try await ScreeningService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await ScreeningDTO(v.screening, req).response(version: v.screening.version, for: req)
    }

    @Sendable func saveScreening(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ScreeningInput.self)
        let v = try await ScreeningService(db: req.db, ctx: req.badil).save(try req.uuidParameter(), input, expected: req.expectedVersion, by: try req.actor)
        return try await ScreeningDTO(v.screening, req).response(version: v.screening.version, for: req)
    }

    @Sendable func priorityQueue(_ req: Request) async throws -> PageDTO<PriorityItemDTO> {
        let page = try req.page()
        let result = try await PriorityQueue(db: req.db, ctx: req.badil).list(page: page, by: try req.actor)
        let today = DayDate(req.badil.now)
        var place = page.offset
        return try req.pageDTO(result) { item in
            place += 1
            return PriorityItemDTO(place: place, tier: item.place.tier, personId: item.person.id!, caseNumber: item.person.caseNumber,
                                   name: item.person.displayName, isChild: item.person.isChild(on: today),
                                   careStatus: item.person.careStatus.isEmpty ? nil : item.person.careStatus,
                                   reasons: item.place.reasons.map { CodeLabelDTO(code: $0.rawValue, label: req.t($0.labelKey)) },
                                   locationName: item.location?.name(in: req.language), inDetention: item.location?.locationType.isDetention ?? false,
                                   daysInDetention: item.daysInDetention, interventionLevel: item.screening?.interventionLevel,
                                   decisionStatus: item.decisionStatus?.rawValue)
        }
    }

    // MARK: Decisions

    @Sendable func personDecisions(_ req: Request) async throws -> [DecisionDTO] {
        try await DecisionService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map { DecisionDTO($0) }
    }

    @Sendable func propose(_ req: Request) async throws -> Response {
        let draft = try req.strictJSON(DecisionProposalInput.self).draft()
        let d = try await DecisionService(db: req.db, ctx: req.badil).propose(personID: try req.uuidParameter(), draft, by: try req.actor)
        return try await DecisionDTO(d).response(.created, version: d.version, for: req)
    }

    @Sendable func decisions(_ req: Request) async throws -> PageDTO<DecisionDTO> {
        let status = try req.filterChoice("status", DecisionStatus.self) ?? .proposed
        let result = try await DecisionService(db: req.db, ctx: req.badil).inbox(status: status, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { DecisionDTO($0.0, caseNumber: $0.1.caseNumber) }
    }

    @Sendable func getDecision(_ req: Request) async throws -> Response {
        let v = try await DecisionService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        let followUp = FollowUpService(db: req.db, ctx: req.badil)
        let schedule = followUp.schedule(v.decision, checkIns: v.checkIns)
        let overdue = v.decision.decisionStatus == .approved && v.decision.reviewDay.map { ReviewRules.isOverdue(reviewDate: $0, today: followUp.today) } == true
        // The screening is shown only to those who may screen (it holds sensitive answers).
        let actor = try req.actor
        let dto = DecisionDetailDTO(
            decision: DecisionDTO(v.decision, caseNumber: v.person.caseNumber),
            screening: actor.can(.screeningConduct) ? v.screening.map { ScreeningDTO($0, req) } : nil,
            reviews: v.reviews.map { ReviewDTO(outcome: $0.outcome, justification: $0.justification, nextReviewDate: $0.nextReviewDate,
                                               reviewedBy: $0.reviewedBy, reviewedAt: $0.reviewedAt) },
            reviewOverdue: overdue,
            schedule: schedule.map { CheckInDTO(due: $0.due.description, status: $0.status.rawValue, checkedOn: $0.checkedOn?.description) },
            missedCheckIns: schedule.filter { $0.status == .missed }.count)
        return try await dto.response(version: v.decision.version, for: req)
    }

    @Sendable func resubmit(_ req: Request) async throws -> Response {
        let draft = try req.strictJSON(DecisionProposalInput.self).draft()
        let d = try await DecisionService(db: req.db, ctx: req.badil).resubmit(try req.uuidParameter(), draft, expected: req.expectedVersion, by: try req.actor)
        return try await DecisionDTO(d).response(version: d.version, for: req)
    }

    @Sendable func approve(_ req: Request) async throws -> Response {
        let d = try await DecisionService(db: req.db, ctx: req.badil).approve(try req.uuidParameter(), expected: req.expectedVersion, by: try req.actor)
        return try await DecisionDTO(d).response(version: d.version, for: req)
    }

    @Sendable func returnDecision(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReturnInput.self)
        let d = try await DecisionService(db: req.db, ctx: req.badil).returnDecision(try req.uuidParameter(), reason: input.reason,
                                                                                    expected: req.expectedVersion, by: try req.actor)
        return try await DecisionDTO(d).response(version: d.version, for: req)
    }

    @Sendable func withdraw(_ req: Request) async throws -> Response {
        let d = try await DecisionService(db: req.db, ctx: req.badil).withdraw(try req.uuidParameter(), expected: req.expectedVersion, by: try req.actor)
        return try await DecisionDTO(d).response(version: d.version, for: req)
    }

    @Sendable func review(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReviewInput.self)
        let d = try await FollowUpService(db: req.db, ctx: req.badil).review(
            decisionID: try req.uuidParameter(), outcome: input.outcome, justification: input.justification,
            nextReviewDate: input.nextReviewDate, expected: req.expectedVersion, by: try req.actor)
        return try await DecisionDTO(d).response(version: d.version, for: req)
    }

    @Sendable func checkIn(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(CheckInInput.self)
        let service = FollowUpService(db: req.db, ctx: req.badil)
        let id = try req.uuidParameter()
        _ = try await service.recordCheckIn(decisionID: id, date: input.date, kind: input.kind, note: input.note, by: try req.actor)
        let v = try await DecisionService(db: req.db, ctx: req.badil).get(id, by: try req.actor)
        let schedule = service.schedule(v.decision, checkIns: v.checkIns)
        return try await schedule.map { CheckInDTO(due: $0.due.description, status: $0.status.rawValue, checkedOn: $0.checkedOn?.description) }
            .encodeResponse(status: .created, for: req)
    }

    @Sendable func reviews(_ req: Request) async throws -> [ReviewItemDTO] {
        let raw = req.filterText("dueWithin")
        var days = 0
        if let raw {
            guard let n = Int(raw), (0...365).contains(n) else {
                throw BodyError(code: "invalid_parameter", issues: [FieldIssue("dueWithin", "out_of_range", ["min": "0", "max": "365"])])
            }
            days = n
        }
        return try await FollowUpService(db: req.db, ctx: req.badil).reviews(dueWithin: days, by: try req.actor).map {
            ReviewItemDTO(decisionId: $0.decision.id!, personId: $0.person.id!, caseNumber: $0.person.caseNumber, name: $0.person.displayName,
                          reviewDate: $0.reviewDate.description, daysOverdue: $0.daysOverdue, version: $0.decision.version)
        }
    }

    @Sendable func missedCheckIns(_ req: Request) async throws -> [MissedCheckInDTO] {
        try await FollowUpService(db: req.db, ctx: req.badil).missedCheckIns(by: try req.actor).map {
            MissedCheckInDTO(decisionId: $0.decision.id!, personId: $0.person.id!, caseNumber: $0.person.caseNumber, name: $0.person.displayName,
                             missed: $0.missed, lastDue: $0.schedule.last { $0.status == .missed }?.due.description)
        }
    }
}
