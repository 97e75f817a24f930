import Foundation
import Vapor
import BadilCore

/// Facilities, consent, placement options, referrals, transfers and placement reports over JSON.
struct PlacementAPIController {
    func register(_ api: any RoutesBuilder) {
        api.on(.GET, "facilities", access: .permission(.locationRead), use: facilities)
        api.on(.POST, "facilities", access: .permission(.facilityManage), use: createFacility)
        api.on(.GET, "facilities", ":id", access: .permission(.locationRead), use: facility)
        api.on(.PATCH, "facilities", ":id", access: .permission(.facilityManage), use: updateFacility)

        api.on(.GET, "persons", ":id", "consents", access: .permission(.personRead), use: consents)
        api.on(.POST, "persons", ":id", "consents", access: .permission(.caseManage), use: recordConsent)
        api.on(.POST, "consents", ":id", "withdraw", access: .permission(.caseManage), use: withdrawConsent)

        api.on(.GET, "persons", ":id", "placement-options", access: .permission(.referralCreate), use: options)
        api.on(.GET, "persons", ":id", "referrals", access: .permission(.personRead), use: personReferrals)
        api.on(.POST, "referrals", access: .permission(.referralCreate), use: refer)
        api.on(.GET, "referrals", access: .permission(.personRead), use: referrals)
        api.on(.GET, "referrals", ":id", access: .permission(.personRead), use: referral)
        api.on(.POST, "referrals", ":id", "accept", access: .permission(.referralDecide), use: accept)
        api.on(.POST, "referrals", ":id", "decline", access: .permission(.referralDecide), use: decline)
        api.on(.POST, "referrals", ":id", "cancel", access: .permission(.referralCreate), use: cancel)

        api.on(.GET, "transfers", access: .permission(.personRead), use: transfers)
        api.on(.POST, "transfers", access: .permission(.referralCreate), use: createTransfer)
        api.on(.GET, "transfers", ":id", access: .permission(.personRead), use: transfer)
        api.on(.POST, "transfers", ":id", "handover", access: .permission(.personRead), use: handOver)
        api.on(.POST, "transfers", ":id", "arrival", access: .permission(.referralDecide), use: arrival)
        api.on(.POST, "transfers", ":id", "no-show", access: .permission(.personRead), use: noShow)
        api.on(.POST, "transfers", ":id", "refusal", access: .permission(.personRead), use: refusal)
        api.on(.POST, "transfers", ":id", "cancel", access: .permission(.referralCreate), use: cancelTransfer)

        api.on(.GET, "reports", "placement", access: .permission(.reportAggregate), use: report)
    }

    // MARK: Facilities

    @Sendable func facilities(_ req: Request) async throws -> PageDTO<FacilityDTO> {
        let type = try req.filterChoice("type", AccommodationType.self)
        let result = try await FacilityService(db: req.db, ctx: req.badil).list(type: type, onlyOwn: try req.filterBool("mine") ?? false,
                                                                               page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { FacilityDTO($0, req) }
    }

    @Sendable func createFacility(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(FacilityInput.self)
        let service = FacilityService(db: req.db, ctx: req.badil)
        let f = try await service.create(input, by: try req.actor)
        return try await FacilityDTO(try await service.get(f.id!, by: try req.actor), req).response(.created, version: f.version, for: req)
    }

    @Sendable func facility(_ req: Request) async throws -> Response {
        let v = try await FacilityService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await FacilityDTO(v, req).response(version: v.facility.version, for: req)
    }

    @Sendable func updateFacility(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(FacilityInput.self)
        let service = FacilityService(db: req.db, ctx: req.badil)
        let f = try await service.update(try req.uuidParameter(), input, cleared: req.clearedFields, expected: req.expectedVersion, by: try req.actor)
        return try await FacilityDTO(try await service.get(f.id!, by: try req.actor), req).response(version: f.version, for: req)
    }

    // MARK: Consent

    @Sendable func consents(_ req: Request) async throws -> [ConsentDTO] {
        let today = DayDate(req.badil.now)
        return try await ConsentService(db: req.db, ctx: req.badil).list(personID: try req.uuidParameter(), by: try req.actor).map { ConsentDTO($0, today: today) }
    }

    @Sendable func recordConsent(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ConsentInput.self)
        let c = try await ConsentService(db: req.db, ctx: req.badil).record(personID: try req.uuidParameter(), input, by: try req.actor)
        return try await ConsentDTO(c, today: DayDate(req.badil.now)).response(.created, version: c.version, for: req)
    }

    @Sendable func withdrawConsent(_ req: Request) async throws -> ConsentDTO {
        let c = try await ConsentService(db: req.db, ctx: req.badil).withdraw(try req.uuidParameter(), by: try req.actor)
        return ConsentDTO(c, today: DayDate(req.badil.now))
    }

    // MARK: Placement and referrals

    @Sendable func options(_ req: Request) async throws -> PlacementOptionsDTO {
        let o = try await PlacementService(db: req.db, ctx: req.badil).options(
            personID: try req.uuidParameter(), withFamily: try req.filterBool("family") ?? true,
            includeUnfit: try req.filterBool("includeUnfit") ?? false, by: try req.actor)
        return PlacementOptionsDTO(
            personIds: o.people.compactMap(\.id), needed: BedsDTO(BedRules.needs(for: o.group)), familyLeftOut: o.familyLeftOut.compactMap(\.id),
            proposals: o.proposals.compactMap { p in
                guard let id = UUID(uuidString: p.facilityID), let v = o.facilities[id] else { return nil }
                return ProposalDTO(facilityId: id, name: v.location.name(in: req.language), type: v.location.type, score: (p.score * 1000).rounded() / 1000,
                                   fits: p.fits, distanceKm: p.distanceKm.map { ($0 * 10).rounded() / 10 }, free: BedsDTO(p.free), needed: BedsDTO(p.needed),
                                   reasons: p.reasons.map { CodeLabelDTO(code: $0.rawValue, label: req.t($0.labelKey)) },
                                   gaps: p.gaps.map { CodeLabelDTO(code: $0.rawValue, label: req.t($0.labelKey)) })
            })
    }

    @Sendable func personReferrals(_ req: Request) async throws -> [ReferralDTO] {
        try await ReferralService(db: req.db, ctx: req.badil).forPerson(try req.uuidParameter(), by: try req.actor).map { ReferralDTO($0, req) }
    }

    @Sendable func refer(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(ReferralInput.self)
        let service = ReferralService(db: req.db, ctx: req.badil)
        let created = try await service.refer(input, by: try req.actor)
        var out: [ReferralDTO] = []
        for r in created { out.append(ReferralDTO(try await service.get(r.id!, by: try req.actor), req)) }
        return try await out.encodeResponse(status: .created, for: req)
    }

    @Sendable func referrals(_ req: Request) async throws -> PageDTO<ReferralDTO> {
        let result = try await ReferralService(db: req.db, ctx: req.badil).list(
            status: try req.filterChoice("status", ReferralStatus.self), facilityID: try req.filterUUID("facilityId"),
            overdue: try req.filterBool("overdue") ?? false, page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { ReferralDTO($0, req) }
    }

    @Sendable func referral(_ req: Request) async throws -> Response {
        let v = try await ReferralService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await ReferralDTO(v, req).response(version: v.referral.version, for: req)
    }

    private func group(_ records: [ReferralRecord], _ req: Request, addressed id: UUID) async throws -> Response {
        let service = ReferralService(db: req.db, ctx: req.badil)
        var out: [ReferralDTO] = []
        for r in records { out.append(ReferralDTO(try await service.get(r.id!, by: try req.actor), req)) }
        let response = try await out.encodeResponse(status: .ok, for: req)
        if let mine = records.first(where: { $0.id == id }) { _ = response.withETag(mine.version) }
        return response
    }

    @Sendable func accept(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let done = try await ReferralService(db: req.db, ctx: req.badil).accept(id, expected: req.expectedVersion, by: try req.actor)
        return try await group(done, req, addressed: id)
    }

    @Sendable func decline(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(ReferralDecisionInput.self)
        let done = try await ReferralService(db: req.db, ctx: req.badil).decline(id, declineReason: input.declineReason, reason: input.reason,
                                                                                 expected: req.expectedVersion, by: try req.actor)
        return try await group(done, req, addressed: id)
    }

    @Sendable func cancel(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let input = try req.strictJSON(ReasonInput.self)
        let done = try await ReferralService(db: req.db, ctx: req.badil).cancel(id, reason: input.reason, expected: req.expectedVersion, by: try req.actor)
        return try await group(done, req, addressed: id)
    }

    // MARK: Transfers

    @Sendable func transfers(_ req: Request) async throws -> PageDTO<TransferSummaryDTO> {
        let result = try await TransferService(db: req.db, ctx: req.badil).list(page: try req.page(), by: try req.actor)
        return try req.pageDTO(result) { TransferSummaryDTO(id: $0.id!, originId: $0.originLocationID, date: $0.date, vehicle: $0.vehicle,
                                                            status: $0.status, version: $0.version) }
    }

    @Sendable func createTransfer(_ req: Request) async throws -> Response {
        let input = try req.strictJSON(TransferInput.self)
        let v = try await TransferService(db: req.db, ctx: req.badil).create(input, by: try req.actor)
        return try await TransferDTO(v, req).response(.created, version: v.transfer.version, for: req)
    }

    @Sendable func transfer(_ req: Request) async throws -> Response {
        let v = try await TransferService(db: req.db, ctx: req.badil).get(try req.uuidParameter(), by: try req.actor)
        return try await TransferDTO(v, req).response(version: v.transfer.version, for: req)
    }

    private func passenger(_ req: Request, _ action: TransferService.PassengerAction) async throws -> TransferDTO {
        let input = try req.strictJSON(PassengerActionInput.self)
        let v = try await TransferService(db: req.db, ctx: req.badil).record(action, transferID: try req.uuidParameter(), referralID: input.referralId,
                                                                            reason: input.reason, by: try req.actor)
        return TransferDTO(v, req)
    }

    @Sendable func handOver(_ req: Request) async throws -> TransferDTO { try await passenger(req, .handOver) }
    @Sendable func arrival(_ req: Request) async throws -> TransferDTO { try await passenger(req, .arrive) }
    @Sendable func noShow(_ req: Request) async throws -> TransferDTO { try await passenger(req, .noShow) }
    @Sendable func refusal(_ req: Request) async throws -> TransferDTO { try await passenger(req, .refuse) }

    @Sendable func cancelTransfer(_ req: Request) async throws -> TransferDTO {
        let input = try req.strictJSON(ReasonInput.self)
        return TransferDTO(try await TransferService(db: req.db, ctx: req.badil).cancel(try req.uuidParameter(), reason: input.reason, by: try req.actor), req)
    }

    // MARK: Reports

    @Sendable func report(_ req: Request) async throws -> PlacementReportDTO {
        var days = 14
        if let raw = req.filterText("days") {
            guard let n = Int(raw), (1...92).contains(n) else {
                throw BodyError(code: "invalid_parameter", issues: [FieldIssue("days", "out_of_range", ["min": "1", "max": "92"])])
            }
            days = n
        }
        let r = try await PlacementReportService(db: req.db, ctx: req.badil).report(days: days, by: try req.actor)
        return PlacementReportDTO(
            from: r.from.description, to: r.to.description,
            occupancy: r.facilities.map { .init(facilityId: $0.facility.id!, name: $0.location.name(in: req.language), capacity: $0.capacity,
                                                days: $0.days.map { .init(date: $0.0.description, staying: $0.1) }) },
            referralsByStatus: r.referralsByStatus.map { .init(code: $0.0.rawValue, label: req.t($0.0.labelKey), count: $0.1) },
            declinesByReason: r.declinesByReason.map { .init(code: $0.0.rawValue, label: req.t($0.0.labelKey), count: $0.1) },
            medianHoursDecisionToArrival: r.medianHoursDecisionToArrival.map { ($0 * 10).rounded() / 10 }, arrivals: r.arrivals)
    }
}
