import Foundation
import Vapor
import BadilCore

/// Transfers in the browser: planning one from accepted referrals, the transfer page where the origin hands
/// people over and the facility confirms their arrival, and the printable manifest.
struct TransferPages {
    func register(_ app: Application) {
        app.on(.GET, "transfers", access: .permission(.personRead), use: list)
        app.on(.GET, "transfers", "new", access: .permission(.referralCreate), use: newTransfer)
        app.on(.POST, "transfers", access: .permission(.referralCreate), use: create)
        app.on(.GET, "transfers", ":id", access: .permission(.personRead), use: show)
        app.on(.GET, "transfers", ":id", "manifest", access: .permission(.personRead), use: manifest)
        app.on(.POST, "transfers", ":id", "handover", access: .permission(.personRead), use: handOver)
        app.on(.POST, "transfers", ":id", "arrival", access: .permission(.referralDecide), use: arrival)
        app.on(.POST, "transfers", ":id", "no-show", access: .permission(.personRead), use: noShow)
        app.on(.POST, "transfers", ":id", "refusal", access: .permission(.personRead), use: refusal)
        app.on(.POST, "transfers", ":id", "cancel", access: .permission(.referralCreate), use: cancel)
    }

    // MARK: List

    struct TransferRow: Encodable {
        let href: String; let date: String; let origin: String; let destinations: String; let vehicle: String; let passengers: Int
        let status: String; let statusClass: String
    }
    struct TransferList: Encodable { let rows: [TransferRow]; let hasRows: Bool; let pager: Pager; let canPlan: Bool }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let page = try req.page()
        let service = TransferService(db: req.db, ctx: req.badil)
        let result = try await service.list(page: page, by: actor)
        var rows: [TransferRow] = []
        for t in result.items {
            // The list gives the transfers; their passengers and places come with each one (without a read in the audit trail).
            let v = try await service.get(t.id!, by: actor, audit: false)
            let onBoard = v.passengers.filter { $0.referral.referralStatus != .cancelled }
            let places = Array(Set(onBoard.map { $0.location.name(in: req.language) })).sorted()
            rows.append(TransferRow(href: "/transfers/\(t.id!.uuidString)", date: t.date, origin: v.origin.name(in: req.language),
                                    destinations: places.isEmpty ? "–" : places.joined(separator: ", "), vehicle: t.vehicle,
                                    passengers: onBoard.count, status: req.t(t.transferStatus.labelKey),
                                    statusClass: PlacementFormat.transferClass(t.transferStatus)))
        }
        return try await req.renderPage("transfers/list", titleKey: "transfers.title", TransferList(
            rows: rows, hasRows: !rows.isEmpty, pager: Pager(page, total: result.total, path: "/transfers", query: [:]),
            canPlan: actor.can(.referralCreate)))
    }

    // MARK: Planning

    struct Candidate: Encodable { let id: String; let value: String; let caseNumber: String; let name: String; let destination: String; let bed: String; let checked: Bool }
    struct OriginGroup: Encodable { let id: String; let origin: String; let candidates: [Candidate] }
    struct NewTransfer: Encodable { let groups: [OriginGroup]; let hasGroups: Bool; let form: FormState; let today: String }

    func newPage(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let accepted = try await ReferralService(db: req.db, ctx: req.badil)
            .list(status: .accepted, facilityID: nil, overdue: false, page: Paging(page: 1, size: Paging.maxSize), by: actor).items
        let origins = try await PlacementNames.locations(accepted.map(\.referral.originLocationID), on: req.db)
        let chosen = Set((form.values["referralIds"] ?? "").split(separator: ",").map(String.init))
        let grouped = Dictionary(grouping: accepted) { $0.referral.originLocationID }
        let groups = grouped.map { origin, views in
            OriginGroup(id: "origin-\(origin?.uuidString.lowercased() ?? "none")",
                        origin: origin.flatMap { origins[$0]?.name(in: req.language) } ?? req.t("transfers.origin_unknown"),
                        candidates: views.sorted { $0.person.caseNumber < $1.person.caseNumber }.map { v in
                            Candidate(id: "ref-\(v.referral.id!.uuidString.lowercased())", value: v.referral.id!.uuidString,
                                      caseNumber: v.person.caseNumber, name: v.person.displayName, destination: v.location.name(in: req.language),
                                      bed: req.t(v.referral.bed.labelKey), checked: chosen.contains(v.referral.id!.uuidString))
                        })
        }.sorted { $0.origin < $1.origin }
        let today = DayDate(req.badil.now).description
        var form = form
        if form.values["date"] == nil { form.values["date"] = today }
        return try await req.renderPage("transfers/new", titleKey: "transfers.new", NewTransfer(
            groups: groups, hasGroups: !groups.isEmpty, form: form, today: today), status: status)
    }

    @Sendable func newTransfer(_ req: Request) async throws -> Response {
        try await newPage(req, form: FormState())
    }

    static func labels(_ req: Request) -> [String: String] {
        ["referralIds": req.t("transfers.passengers"), "date": req.t("transfers.date"), "vehicle": req.t("transfers.vehicle"), "notes": req.t("transfers.notes")]
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let f = req.formFields()
        let chosen = req.formLists()["referralIds"] ?? []
        var values = f
        values["referralIds"] = chosen.joined(separator: ",")
        var form = FormState(values: values)
        let ids = chosen.compactMap(UUID.init(uuidString:))
        do {
            let v = try await TransferService(db: req.db, ctx: req.badil).create(TransferInput(referralIds: ids, date: f["date"], vehicle: f["vehicle"],
                                                                                            notes: f["notes"]), by: try req.actor)
            return req.redirect("/transfers/\(v.transfer.id!.uuidString)", notice: "created")
        } catch DomainError.invalid(let issues) {
            // A problem with one referral names its person.
            var named: [FieldIssue] = []
            var cases: [UUID: String] = [:]
            if issues.contains(where: { $0.field.hasPrefix("referrals.") }) {
                let accepted = try await ReferralService(db: req.db, ctx: req.badil)
                    .list(status: .accepted, facilityID: nil, overdue: false, page: Paging(page: 1, size: Paging.maxSize), by: try req.actor).items
                for v in accepted { cases[v.referral.id!] = v.person.caseNumber }
            }
            for issue in issues {
                if issue.field.hasPrefix("referrals."), let i = Int(issue.field.dropFirst("referrals.".count)), i < ids.count {
                    let message = PlacementFormat.message(issue, req)
                    form.summary.append(.init(field: "referralIds", message: "\(cases[ids[i]] ?? "#\(i + 1)"): \(message)"))
                    form.errors["referralIds"] = form.errors["referralIds"] ?? message
                    form.hasErrors = true
                } else {
                    named.append(issue)
                }
            }
            form.addPlacement(named, req, labels: Self.labels(req), rename: ["referrals": "referralIds"])
            return try await newPage(req, form: form, status: .unprocessableEntity)
        } catch DomainError.notFound {
            form.addPlacementMessage("transfers.referrals_gone", req)
            return try await newPage(req, form: form, status: .unprocessableEntity)
        } catch DomainError.conflict(let code) {
            form.addPlacementMessage(PlacementPages.conflictKey(code), req)
            return try await newPage(req, form: form, status: .conflict)
        }
    }

    // MARK: One transfer

    struct PassengerRow: Encodable {
        let referralId: String; let referralHref: String; let caseNumber: String; let name: String; let nameOriginal: String; let sex: String
        let destination: String; let destinationHref: String; let status: String; let statusClass: String
        let handedOverAt: String?; let arrivedAt: String?; let reason: String?
        let canHandOver: Bool; let canArrive: Bool; let canNoShow: Bool; let hasActions: Bool; let error: String?; let reasonValue: String
    }
    struct TransferPage: Encodable {
        let id: String; let date: String; let origin: String; let vehicle: String; let notes: String?; let status: String; let statusClass: String
        let cancelReason: String?; let createdBy: String; let passengers: [PassengerRow]; let hasPassengers: Bool; let manifestHref: String
        let canCancel: Bool; let top: FormState; let cancelForm: FormState
    }

    /// A refusal of a passenger action, shown beside that passenger.
    struct PassengerError { let referral: UUID; let message: String; let reason: String }

    func page(_ req: Request, id: UUID, top: FormState = FormState(), cancelForm: FormState = FormState(),
              passengerError: PassengerError? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let v = try await TransferService(db: req.db, ctx: req.badil).get(id, by: actor)
        let t = v.transfer
        // Mirrors the service's checks, so that each side sees only the buttons it may use.
        let originSide = (actor.can(.transferHandover) && v.origin.$operatorOrganization.id == actor.organizationID)
            || (actor.can(.referralCreate) && !v.origin.locationType.isDetention)
        let passengers = v.passengers.map { p in
            let r = p.referral
            let moving = r.referralStatus == .inTransfer
            let destination = actor.can(.referralDecide) && p.location.$operatorOrganization.id == actor.organizationID
            let canHandOver = originSide && moving && r.handedOverAt == nil
            let canArrive = destination && moving && r.handedOverAt != nil
            let canNoShow = (originSide || destination) && moving
            let error = passengerError?.referral == r.id ? passengerError : nil
            return PassengerRow(referralId: r.id!.uuidString, referralHref: "/referrals/\(r.id!.uuidString)", caseNumber: p.person.caseNumber,
                                name: p.person.nameLatin ?? "", nameOriginal: p.person.nameOriginal ?? "", sex: req.t("sex.\(p.person.sex)"),
                                destination: p.location.name(in: req.language), destinationHref: "/facilities/\(p.facility.id!.uuidString)",
                                status: req.t(r.referralStatus.labelKey), statusClass: PlacementFormat.statusClass(r.referralStatus),
                                handedOverAt: r.handedOverAt.map(RegistrationPages.when), arrivedAt: r.arrivedAt.map(RegistrationPages.when),
                                reason: [.noShow, .refused, .cancelled].contains(r.referralStatus) ? r.reason.flatMap { $0.isEmpty ? nil : $0 } : nil,
                                canHandOver: canHandOver, canArrive: canArrive, canNoShow: canNoShow, hasActions: canHandOver || canArrive || canNoShow,
                                error: error?.message, reasonValue: error?.reason ?? "")
        }
        return try await req.renderPage("transfers/show", titleKey: "transfers.transfer", TransferPage(
            id: id.uuidString, date: t.date, origin: v.origin.name(in: req.language), vehicle: t.vehicle, notes: t.notes,
            status: req.t(t.transferStatus.labelKey), statusClass: PlacementFormat.transferClass(t.transferStatus),
            cancelReason: t.transferStatus == .cancelled ? t.cancelReason.flatMap { $0.isEmpty ? nil : $0 } : nil, createdBy: t.createdBy,
            passengers: passengers, hasPassengers: !passengers.isEmpty, manifestHref: "/transfers/\(id.uuidString)/manifest",
            canCancel: actor.can(.referralCreate) && t.transferStatus == .planned, top: top, cancelForm: cancelForm), status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.uuidParameter())
    }

    private func passenger(_ req: Request, _ action: TransferService.PassengerAction) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        let referral = f["referralId"].flatMap(UUID.init(uuidString:))
        do {
            _ = try await TransferService(db: req.db, ctx: req.badil).record(action, transferID: id, referralID: referral, reason: f["reason"],
                                                                            by: try req.actor)
            return req.redirect("/transfers/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            let labels = ["reason": req.t("referrals.reason"), "referralId": req.t("transfers.passengers")]
            let message = issues.map { i in labels[i.field].map { "\($0): \(PlacementFormat.message(i, req))" } ?? PlacementFormat.message(i, req) }
                .joined(separator: " ")
            var top = FormState()
            top.addPlacementMessage("transfers.action_refused", req)
            return try await page(req, id: id, top: top, passengerError: referral.map { PassengerError(referral: $0, message: message, reason: f["reason"] ?? "") },
                                  status: .unprocessableEntity)
        } catch DomainError.conflict(let code) {
            var top = FormState()
            top.addPlacementMessage(PlacementPages.conflictKey(code), req)
            return try await page(req, id: id, top: top, status: .conflict)
        }
    }

    @Sendable func handOver(_ req: Request) async throws -> Response { try await passenger(req, .handOver) }
    @Sendable func arrival(_ req: Request) async throws -> Response { try await passenger(req, .arrive) }
    @Sendable func noShow(_ req: Request) async throws -> Response { try await passenger(req, .noShow) }
    @Sendable func refusal(_ req: Request) async throws -> Response { try await passenger(req, .refuse) }

    @Sendable func cancel(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let f = req.formFields()
        var form = FormState(values: f)
        do {
            _ = try await TransferService(db: req.db, ctx: req.badil).cancel(id, reason: f["reason"], by: try req.actor)
            return req.redirect("/transfers/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            form.addPlacement(issues, req, labels: ["reason": req.t("transfers.cancel_reason")], idPrefix: "cancel-")
            return try await page(req, id: id, cancelForm: form, status: .unprocessableEntity)
        } catch DomainError.conflict(let code) {
            var top = FormState()
            top.addPlacementMessage(PlacementPages.conflictKey(code), req)
            return try await page(req, id: id, top: top, cancelForm: form, status: .conflict)
        }
    }

    // MARK: Manifest

    struct ManifestRow: Encodable { let caseNumber: String; let name: String; let nameOriginal: String; let sex: String; let destination: String }
    struct Manifest: Encodable { let backHref: String; let date: String; let origin: String; let vehicle: String; let rows: [ManifestRow]; let count: Int }

    /// What the origin needs to hand people over and the facility to receive them: nothing more.
    @Sendable func manifest(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let v = try await TransferService(db: req.db, ctx: req.badil).get(id, by: try req.actor)
        let rows = v.passengers.filter { ![.cancelled, .noShow, .refused].contains($0.referral.referralStatus) }.map { p in
            ManifestRow(caseNumber: p.person.caseNumber, name: p.person.nameLatin ?? "", nameOriginal: p.person.nameOriginal ?? "",
                        sex: req.t("sex.\(p.person.sex)"), destination: p.location.name(in: req.language))
        }
        return try await req.renderPage("transfers/manifest", titleKey: "transfers.manifest", Manifest(
            backHref: "/transfers/\(id.uuidString)", date: v.transfer.date, origin: v.origin.name(in: req.language), vehicle: v.transfer.vehicle,
            rows: rows, count: rows.count))
    }
}
