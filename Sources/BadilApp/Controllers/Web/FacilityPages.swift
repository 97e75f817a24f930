import Foundation
import Vapor
import BadilCore

/// Alternative accommodation in the browser: the list with live occupancy, a facility's page with the
/// referrals waiting for it, and the profile its operator keeps up to date.
struct FacilityPages {
    func register(_ app: Application) {
        app.on(.GET, "facilities", access: .permission(.locationRead), use: list)
        app.on(.GET, "facilities", "new", access: .permission(.facilityManage), use: newFacility)
        app.on(.POST, "facilities", "new", access: .permission(.facilityManage), use: create)
        app.on(.GET, "facilities", ":id", access: .permission(.locationRead), use: show)
        app.on(.POST, "facilities", ":id", access: .permission(.facilityManage), use: update)
    }

    // MARK: List

    struct FacilityCard: Encodable {
        let href: String; let name: String; let type: String; let operatorName: String; let status: String; let statusClass: String
        let suitability: [String]; let hasSuitability: Bool; let languages: String?; let occupancy: [BedTable]; let mine: Bool
    }
    struct FacilityList: Encodable {
        let cards: [FacilityCard]; let pager: Pager; let types: [SelectOption]; let mine: Bool; let canManage: Bool; let hasCards: Bool
    }

    @Sendable func list(_ req: Request) async throws -> Response {
        let actor = try req.actor
        let type = try req.filterChoice("type", AccommodationType.self)
        let mine = req.flag("mine", default: false)
        let page = try req.page()
        let result = try await FacilityService(db: req.db, ctx: req.badil).list(type: type, onlyOwn: mine, page: page, by: actor)
        let operators = try await PlacementNames.organizations(result.items.map { $0.location.$operatorOrganization.id }, on: req.db)
        let cards = result.items.map { v in
            return FacilityCard(href: "/facilities/\(v.facility.id!.uuidString)", name: v.location.name(in: req.language),
                                type: req.t(v.location.locationType.labelKey),
                                operatorName: v.location.$operatorOrganization.id.flatMap { operators[$0] } ?? "–",
                                status: req.t(Self.status(v).labelKey), statusClass: PlacementFormat.facilityClass(Self.status(v)),
                                suitability: v.facility.suitabilitySet.sorted { $0.rawValue < $1.rawValue }.map { req.t($0.labelKey) },
                                hasSuitability: !v.facility.suitabilitySet.isEmpty,
                                languages: v.facility.languageSet.isEmpty ? nil : PlacementFormat.languageNames(Array(v.facility.languageSet), req), occupancy: [BedRow.table(v, req)],
                                mine: FacilityService.canManage(v.location, actor))
        }
        return try await req.renderPage("facilities/list", titleKey: "facilities.title", FacilityList(
            cards: cards, pager: Pager(page, total: result.total, path: "/facilities", query: ["type": type?.rawValue ?? "", "mine": mine ? "true" : ""]),
            types: req.options(AccommodationType.self, selected: type?.rawValue) { $0.labelKey }, mine: mine,
            canManage: actor.can(.facilityManage), hasCards: !cards.isEmpty))
    }

    /// An inactive place takes no referrals whatever its operator declared.
    static func status(_ v: FacilityService.View) -> FacilityStatus {
        v.location.active ? v.facility.facilityStatus : .temporarilyClosed
    }

    // MARK: One facility

    struct CapField: Encodable { let id: String; let name: String; let label: String; let value: String; let error: String?; let hint: String? }
    struct CheckOption: Encodable { let id: String; let value: String; let label: String; let checked: Bool }
    struct ProfileForm: Encodable {
        let form: FormState; let statuses: [SelectOption]; let capacity: [CapField]; let suitability: [CheckOption]
    }
    struct FacilityPage: Encodable {
        let id: String; let name: String; let type: String; let operatorName: String; let status: String; let statusClass: String
        let area: String; let suitability: [String]; let hasSuitability: Bool; let languages: String; let contact: String?; let notes: String?
        let acceptance: String?; let occupancy: [BedTable]; let canSeeReferrals: Bool
        let lists: [ReferralList]; let referralsHref: String
        let canManage: Bool; let version: Int; let profile: ProfileForm?
    }

    static let capacityFields: [(kind: BedKind, name: String)] = [(.male, "capMale"), (.female, "capFemale"), (.familyRoom, "capFamilyRoom"), (.child, "capChild")]
    static let rename: [String: String] = ["capacity.male": "capMale", "capacity.female": "capFemale", "capacity.family_room": "capFamilyRoom",
                                           "capacity.child": "capChild", "suitability": "suitability", "locationId": "locationId"]

    static func labels(_ req: Request) -> [String: String] {
        var labels = ["status": req.t("field.status"), "capacity": req.t("facilities.capacity"), "suitability": req.t("facilities.suitability"),
                      "languages": req.t("field.languages"), "contact": req.t("facilities.contact"), "notes": req.t("facilities.notes"),
                      "locationId": req.t("facilities.location")]
        for f in capacityFields { labels[f.name] = req.t(f.kind.labelKey) }
        return labels
    }

    /// The form fields as they stand: typed values after a refusal, else the facility's.
    static func profileForm(_ req: Request, form: FormState, occupancy: FacilityOccupancy?) -> ProfileForm {
        let v = form.values
        let checked = Set((v["suitability"] ?? "").split(separator: ",").map(String.init))
        return ProfileForm(
            form: form, statuses: req.options(FacilityStatus.self, selected: v["status"] ?? FacilityStatus.open.rawValue) { $0.labelKey },
            capacity: capacityFields.map { f in
                CapField(id: f.name, name: f.name, label: req.t(f.kind.labelKey), value: v[f.name] ?? "0", error: form.errors[f.name],
                         hint: occupancy.map { req.t("facilities.in_use", ["count": String($0.firm[f.kind])]) })
            },
            suitability: FacilitySuitability.allCases.map { s in
                CheckOption(id: "suit-\(s.rawValue)", value: s.rawValue, label: req.t(s.labelKey), checked: checked.contains(s.rawValue))
            })
    }

    static func values(_ f: FacilityRecord) -> [String: String] {
        ["status": f.status, "capMale": String(f.capMale), "capFemale": String(f.capFemale), "capFamilyRoom": String(f.capFamilyRoom),
         "capChild": String(f.capChild), "suitability": f.suitabilitySet.map(\.rawValue).sorted().joined(separator: ","),
         "languages": f.languageSet.sorted().joined(separator: ", "), "contact": f.contact ?? "", "notes": f.notes ?? ""]
    }

    func page(_ req: Request, id: UUID, form: FormState? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let v = try await FacilityService(db: req.db, ctx: req.badil).get(id, by: actor)
        let f = v.facility
        let operators = try await PlacementNames.organizations([v.location.$operatorOrganization.id], on: req.db)
        let canSeeReferrals = actor.can(.referralCreate) || actor.can(.referralDecide) || actor.can(.transferHandover)
        var lists: [ReferralList] = []
        if canSeeReferrals {
            let service = ReferralService(db: req.db, ctx: req.badil)
            let sections: [(ReferralStatus, String, String)] = [(.pending, "facilities.pending", "facilities.none_pending"),
                                                                (.accepted, "facilities.accepted", "facilities.none_accepted"),
                                                                (.inTransfer, "facilities.moving", "facilities.none_in_transfer")]
            for (status, title, empty) in sections {
                let rows = try await service.list(status: status, facilityID: id, overdue: false, page: Paging(page: 1, size: 100), by: actor)
                    .items.map { ReferralRow($0, req) }
                lists.append(ReferralList(title: req.t(title), rows: rows, empty: req.t(empty)))
            }
        }
        let canManage = FacilityService.canManage(v.location, actor)
        let state = Self.status(v)
        return try await req.renderPage("facilities/show", titleKey: "facilities.facility", FacilityPage(
            id: id.uuidString, name: v.location.name(in: req.language), type: req.t(v.location.locationType.labelKey),
            operatorName: v.location.$operatorOrganization.id.flatMap { operators[$0] } ?? "–", status: req.t(state.labelKey),
            statusClass: PlacementFormat.facilityClass(state), area: v.location.pcode ?? "–",
            suitability: f.suitabilitySet.sorted { $0.rawValue < $1.rawValue }.map { req.t($0.labelKey) }, hasSuitability: !f.suitability.isEmpty,
            languages: f.languageSet.isEmpty ? "–" : PlacementFormat.languageNames(Array(f.languageSet), req), contact: f.contact, notes: f.notes,
            acceptance: v.occupancy.acceptanceRate.map { req.t("facilities.acceptance_rate", ["percent": String(Int(($0 * 100).rounded())),
                                                                                            "count": String(v.occupancy.accepted + v.occupancy.declined)]) },
            occupancy: [BedRow.table(v, req)], canSeeReferrals: canSeeReferrals, lists: lists,
            referralsHref: "/referrals?facilityId=\(id.uuidString)&status=all", canManage: canManage, version: f.version,
            profile: canManage ? Self.profileForm(req, form: form ?? FormState(values: Self.values(f)), occupancy: v.occupancy) : nil), status: status)
    }

    @Sendable func show(_ req: Request) async throws -> Response {
        try await page(req, id: try req.uuidParameter())
    }

    /// The posted profile as the service's input, and the numbers that could not be read.
    static func input(_ req: Request) -> (input: FacilityInput, values: [String: String], issues: [FieldIssue], cleared: Set<String>) {
        let f = req.formFields()
        let lists = req.formLists()
        var issues: [FieldIssue] = []
        var capacity: [String: Int] = [:]
        for field in capacityFields {
            let raw = (f[field.name] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { capacity[field.kind.rawValue] = 0 }
            else if let n = Int(raw) { capacity[field.kind.rawValue] = n }
            else { issues.append(FieldIssue("capacity.\(field.kind.rawValue)", "invalid_number")) }
        }
        let suits = lists["suitability"] ?? []
        let languages = (f["languages"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "،" || $0 == ";" })
            .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var cleared = Set<String>()
        let contact = f["contact"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        let notes = f["notes"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if contact.isEmpty { cleared.insert("contact") }
        if notes.isEmpty { cleared.insert("notes") }
        var values = f
        values["suitability"] = suits.joined(separator: ",")
        let input = FacilityInput(locationId: f["locationId"].flatMap(UUID.init(uuidString:)), status: f["status"], capacity: capacity,
                                  suitability: suits, languages: languages, contact: contact.isEmpty ? nil : contact, notes: notes.isEmpty ? nil : notes)
        return (input, values, issues, cleared)
    }

    /// When a number could not be read the service is not asked, so the facility rules run here on the rest
    /// (unreadable numbers counted as 0) to report every problem at once.
    static func allIssues(_ parsed: (input: FacilityInput, values: [String: String], issues: [FieldIssue], cleared: Set<String>),
                          type: AccommodationType?, _ req: Request) -> [FieldIssue] {
        let capacity = Dictionary(uniqueKeysWithValues: (parsed.input.capacity ?? [:]).compactMap { k, n in BedKind(rawValue: k).map { ($0, n) } })
        let profile = FacilityProfile(id: "", name: "-", type: type ?? .shelter, capacity: capacity,
                                      suitability: Set((parsed.input.suitability ?? []).compactMap(FacilitySuitability.init(rawValue:))),
                                      languages: Set(parsed.input.languages ?? []))
        do {
            try FacilityRules.validate(profile, codes: req.badil.reference.codes)
        } catch DomainError.invalid(let found) {
            let reported = Set(parsed.issues.map(\.field))
            // A missing capacity is only a consequence of the unreadable numbers.
            return parsed.issues + found.filter { !reported.contains($0.field) && $0.field != "capacity" }
        } catch {}
        return parsed.issues
    }

    @Sendable func update(_ req: Request) async throws -> Response {
        let id = try req.uuidParameter()
        let parsed = Self.input(req)
        var form = FormState(values: parsed.values)
        do {
            if !parsed.issues.isEmpty {
                let v = try await FacilityService(db: req.db, ctx: req.badil).get(id, by: try req.actor)
                throw DomainError.invalid(Self.allIssues(parsed, type: AccommodationType(v.location.locationType), req))
            }
            var input = parsed.input
            input.locationId = nil
            _ = try await FacilityService(db: req.db, ctx: req.badil).update(id, input, cleared: parsed.cleared,
                                                                             expected: Int(parsed.values["version"] ?? "").map(ExpectedVersion.version),
                                                                             by: try req.actor)
            return req.redirect("/facilities/\(id.uuidString)", notice: "saved")
        } catch DomainError.invalid(let issues) {
            form.addPlacement(issues, req, labels: Self.labels(req), rename: Self.rename)
            return try await page(req, id: id, form: form, status: .unprocessableEntity)
        } catch DomainError.staleVersion, DomainError.versionRequired {
            form.add(message: "error.stale_version", req)
            return try await page(req, id: id, form: form, status: .preconditionFailed)
        }
    }

    // MARK: A new facility

    struct NewFacility: Encodable { let locations: [SelectOption]; let hasLocations: Bool; let profile: ProfileForm }

    /// The operator's alternative locations that have no facility yet.
    func newPage(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let actor = try req.actor
        let own = try await FacilityService(db: req.db, ctx: req.badil).list(type: nil, onlyOwn: true, page: Paging(page: 1, size: Paging.maxSize), by: actor)
        let taken = Set(own.items.compactMap { $0.location.id })
        let places = try await LocationService(db: req.db, ctx: req.badil).list(.init(activeOnly: true), page: Paging(page: 1, size: Paging.maxSize), by: actor)
            .items.filter { $0.locationType.isAlternative && $0.$operatorOrganization.id == actor.organizationID && !taken.contains($0.id!) }
        let selected = form.values["locationId"]
        return try await req.renderPage("facilities/new", titleKey: "facilities.new", NewFacility(
            locations: places.map { SelectOption(value: $0.id!.uuidString, label: "\($0.name(in: req.language)) · \(req.t($0.locationType.labelKey))",
                                                 selected: $0.id!.uuidString == selected) },
            hasLocations: !places.isEmpty, profile: Self.profileForm(req, form: form, occupancy: nil)), status: status)
    }

    @Sendable func newFacility(_ req: Request) async throws -> Response {
        try await newPage(req, form: FormState(values: ["status": FacilityStatus.open.rawValue]))
    }

    @Sendable func create(_ req: Request) async throws -> Response {
        let parsed = Self.input(req)
        var form = FormState(values: parsed.values)
        do {
            if !parsed.issues.isEmpty {
                var type: AccommodationType?
                if let id = parsed.input.locationId {
                    type = (try? await LocationService(db: req.db, ctx: req.badil).get(id, by: try req.actor)).flatMap { AccommodationType($0.locationType) }
                }
                throw DomainError.invalid(Self.allIssues(parsed, type: type, req))
            }
            let f = try await FacilityService(db: req.db, ctx: req.badil).create(parsed.input, by: try req.actor)
            return req.redirect("/facilities/\(f.id!.uuidString)", notice: "created")
        } catch DomainError.invalid(let issues) {
            form.addPlacement(issues, req, labels: Self.labels(req), rename: Self.rename)
            return try await newPage(req, form: form, status: .unprocessableEntity)
        } catch DomainError.duplicate(let issues) {
            form.addPlacement(issues, req, labels: Self.labels(req), rename: Self.rename)
            return try await newPage(req, form: form, status: .conflict)
        }
    }
}
