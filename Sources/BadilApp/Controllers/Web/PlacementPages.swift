import Foundation
import Vapor
import BadilCore

/// "Find a place" for a person or their family (DOMAIN.md §3.5): the family, the ranked facilities with why
/// they fit or not, and a referral form under each. A referral needs the person's consent to the operator:
/// when it is missing, the page offers to record it right there.
struct PlacementPages {
    func register(_ app: Application) {
        app.on(.GET, "persons", ":id", "placement", access: .permission(.referralCreate), use: findPlace)
        app.on(.POST, "persons", ":id", "referrals", access: .permission(.referralCreate), use: refer)
        app.on(.POST, "persons", ":id", "consents", access: .permission(.caseManage), use: recordConsent)
        app.on(.POST, "consents", ":id", "withdraw", access: .permission(.caseManage), use: withdrawConsent)
    }

    /// What the page shows beyond the ranking: the toggles, and the forms of one facility after a refusal.
    struct State {
        var family = true
        var includeUnfit = false
        /// The facility whose referral form was sent, or whose missing consents are being recorded.
        var focus: UUID?
        var refer = FormState()
        var consents: [UUID: FormState] = [:]
        var status: HTTPStatus = .ok

        var query: String { "family=\(family)&includeUnfit=\(includeUnfit)" }
    }

    struct MemberView: Encodable {
        let href: String; let caseNumber: String; let name: String; let nameOriginal: String; let sex: String; let age: String
        let child: Bool; let care: String?; let included: Bool; let note: String?
    }
    struct MemberCheck: Encodable { let id: String; let value: String; let label: String; let checked: Bool }
    struct NeedRow: Encodable { let label: String; let needed: Int; let free: Int; let short: Bool }
    struct ConsentForm: Encodable {
        let prefix: String; let personId: String; let caseNumber: String; let name: String; let isChild: Bool
        let givers: [SelectOption]; let givenOn: String; let today: String; let form: FormState
    }
    struct ProposalView: Encodable {
        let prefix: String; let facilityId: String; let href: String; let name: String; let type: String; let operatorName: String
        let recipientId: String; let fits: Bool; let distance: String?; let needs: [NeedRow]
        let reasons: [String]; let hasReasons: Bool; let hardGaps: [String]; let hasHardGaps: Bool; let softGaps: [String]; let hasSoftGaps: Bool
        let consentMissing: String?; let consentHref: String; let focused: Bool; let form: FormState; let members: [MemberCheck]
        let holdHours: String; let consentForms: [ConsentForm]; let hasConsentForms: Bool
    }
    struct PlacementPage: Encodable {
        let person: PersonHeader; let members: [MemberView]; let hasFamily: Bool; let family: Bool; let includeUnfit: Bool
        let familyHref: String; let aloneHref: String; let toggleUnfitHref: String; let needs: String
        let proposals: [ProposalView]; let hasProposals: Bool; let active: [ReferralRow]; let hasActive: Bool
        let showSplit: Bool; let minHold: Int; let maxHold: Int; let canConsent: Bool; let top: FormState
    }

    // MARK: The page

    static func prefix(_ facility: UUID) -> String { "f\(facility.uuidString.lowercased())-" }
    /// Consent forms are shown under one facility at a time: the person is enough to tell them apart.
    static func consentPrefix(_ person: UUID) -> String { "c\(person.uuidString.lowercased())-" }

    func page(_ req: Request, personID: UUID, state: State) async throws -> Response {
        let actor = try req.actor
        let placement = PlacementService(db: req.db, ctx: req.badil)
        let options = try await placement.options(personID: personID, withFamily: state.family, includeUnfit: state.includeUnfit || state.focus != nil,
                                                  by: actor)
        let family = try await placement.family(of: personID, by: actor)
        let active = try await ReferralService.activePeople(family.compactMap(\.id), on: req.db)
        let today = DayDate(req.badil.now)
        let person = family[0]
        let included = Set(options.people.compactMap(\.id))
        let members = family.map { p in
            let id = p.id!
            var note: String?
            if active.contains(id) { note = req.t("placement.already_referred") }
            else if !included.contains(id) { note = req.t("placement.not_included") }
            return MemberView(href: "/persons/\(id.uuidString)", caseNumber: p.caseNumber, name: p.nameLatin ?? "", nameOriginal: p.nameOriginal ?? "",
                              sex: req.t("sex.\(p.sex)"), age: AgeRules.age(p.ageFacts, on: today).map(String.init) ?? req.t("value.unknown"),
                              child: p.isChild(on: today), care: p.careStatus.isEmpty ? nil : req.t("care.\(p.careStatus)"),
                              included: included.contains(id), note: note)
        }
        // Consent to a referral, per person, to check against each operator.
        let consentService = ConsentService(db: req.db, ctx: req.badil)
        var consents: [UUID: [ConsentRecord]] = [:]
        for p in options.people { consents[p.id!] = try await consentService.list(personID: p.id!, by: actor).compactMap(\.record) }
        let operators = try await PlacementNames.organizations(options.facilities.values.map { $0.location.$operatorOrganization.id }, on: req.db)
        let needed = BedRules.needs(for: options.group)
        let base = "/persons/\(personID.uuidString)/placement"
        var proposals: [ProposalView] = []
        for p in options.proposals {
            guard let fid = UUID(uuidString: p.facilityID), let v = options.facilities[fid] else { continue }
            // A facility shown only because its form was sent stays listed while the page says why it does not fit.
            if !p.fits && !state.includeUnfit && state.focus != fid { continue }
            let focused = state.focus == fid
            let prefix = Self.prefix(fid)
            let recipient = v.location.$operatorOrganization.id
            let missing = options.people.filter { !ConsentRules.isActive(consents[$0.id!] ?? [], purpose: .referral, recipient: recipient?.uuidString, on: today) }
            let posted = Set((state.refer.values["personIds"] ?? "").split(separator: ",").map(String.init))
            let members = options.people.enumerated().map { i, m in
                MemberCheck(id: "\(prefix)member-\(i)", value: m.id!.uuidString, label: "\(m.caseNumber) · \(m.displayName)",
                            checked: focused && state.refer.hasErrors ? posted.contains(m.id!.uuidString) : true)
            }
            var consentForms: [ConsentForm] = []
            if focused && recipient != nil && actor.can(.caseManage) {
                consentForms = missing.map { m in
                    let form = state.consents[m.id!] ?? FormState(values: ["givenBy": m.isChild(on: today) ? ConsentGiver.parent.rawValue : ConsentGiver.person.rawValue])
                    return ConsentForm(prefix: Self.consentPrefix(m.id!), personId: m.id!.uuidString, caseNumber: m.caseNumber, name: m.displayName,
                                       isChild: m.isChild(on: today), givers: req.options(ConsentGiver.self, selected: form.values["givenBy"]) { $0.labelKey },
                                       givenOn: form.values["givenOn"] ?? today.description, today: today.description, form: form)
                }
            }
            let hard = p.gaps.filter(\.isHard).map { req.t($0.labelKey) }
            let soft = p.gaps.filter { !$0.isHard }.map { req.t($0.labelKey) }
            let reasons = p.reasons.map { req.t($0.labelKey) }
            proposals.append(ProposalView(
                prefix: prefix, facilityId: fid.uuidString, href: "/facilities/\(fid.uuidString)", name: v.location.name(in: req.language),
                type: req.t(v.location.locationType.labelKey), operatorName: recipient.flatMap { operators[$0] } ?? "–",
                recipientId: recipient?.uuidString ?? "", fits: p.fits,
                distance: p.distanceKm.map { req.t("placement.distance", ["km": String(Int($0.rounded()))]) },
                needs: BedKind.allCases.filter { needed[$0] > 0 }.map { NeedRow(label: req.t($0.labelKey), needed: needed[$0], free: p.free[$0], short: p.free[$0] < needed[$0]) },
                reasons: reasons, hasReasons: !reasons.isEmpty, hardGaps: hard, hasHardGaps: !hard.isEmpty, softGaps: soft, hasSoftGaps: !soft.isEmpty,
                consentMissing: missing.isEmpty ? nil : req.t("placement.consent_needed", ["cases": missing.map(\.caseNumber).joined(separator: ", ")]),
                consentHref: "\(base)?\(state.query)&facility=\(fid.uuidString)#\(prefix)consent",
                focused: focused, form: focused ? state.refer : FormState(), members: members,
                holdHours: focused ? (state.refer.values["holdHours"] ?? String(ReferralRules.defaultHoldHours)) : String(ReferralRules.defaultHoldHours),
                consentForms: consentForms, hasConsentForms: !consentForms.isEmpty))
        }
        // The top of the page repeats a refusal that concerns a facility no longer listed.
        var top = FormState()
        if let focus = state.focus, state.refer.hasErrors, !proposals.contains(where: { $0.facilityId == focus.uuidString }) {
            top = state.refer
        }
        let running = try await ReferralService(db: req.db, ctx: req.badil).forPerson(personID, by: actor)
            .filter { !$0.referral.referralStatus.isFinal }.map { ReferralRow($0, req) }
        let eligible = family.filter { !active.contains($0.id!) || $0.id == personID }
        let needs = BedKind.allCases.filter { needed[$0] > 0 }.map { "\(needed[$0]) × \(req.t($0.labelKey))" }.joined(separator: ", ")
        var toggle = state
        toggle.includeUnfit.toggle()
        var whole = state, alone = state
        whole.family = true
        alone.family = false
        return try await req.renderPage("placement/find", titleKey: "placement.title", PlacementPage(
            person: PersonHeader(person, today: today), members: members, hasFamily: family.count > 1, family: state.family,
            includeUnfit: state.includeUnfit, familyHref: "\(base)?\(whole.query)", aloneHref: "\(base)?\(alone.query)",
            toggleUnfitHref: "\(base)?\(toggle.query)", needs: needs, proposals: proposals, hasProposals: !proposals.isEmpty,
            active: running, hasActive: !running.isEmpty, showSplit: eligible.count > 1,
            minHold: ReferralRules.holdHours.lowerBound, maxHold: ReferralRules.holdHours.upperBound, canConsent: actor.can(.caseManage), top: top),
            status: state.status)
    }

    @Sendable func findPlace(_ req: Request) async throws -> Response {
        var state = State(family: req.flag("family", default: true), includeUnfit: req.flag("includeUnfit", default: false))
        state.focus = req.queryUUID("facility")
        return try await page(req, personID: try req.uuidParameter(), state: state)
    }

    // MARK: Referring

    static func labels(_ req: Request) -> [String: String] {
        ["members": req.t("placement.who"), "holdHours": req.t("placement.hold_hours"), "splitReason": req.t("placement.split_reason"),
         "note": req.t("placement.note")]
    }

    /// Conflicts of a referral or a decision as a translated sentence (`no_capacity` here has no figures to show).
    static func conflictKey(_ code: String) -> String {
        code == "no_capacity" ? "referrals.no_room" : "error.\(code)"
    }

    @Sendable func refer(_ req: Request) async throws -> Response {
        let personID = try req.uuidParameter()
        let f = req.formFields()
        let chosen = req.formLists()["personIds"] ?? []
        var state = State(family: f["family"] != "false", includeUnfit: f["includeUnfit"] == "true")
        let facilityID = f["facilityId"].flatMap(UUID.init(uuidString:))
        state.focus = facilityID
        var values = f
        values["personIds"] = chosen.joined(separator: ",")
        state.refer = FormState(values: values)
        let prefix = facilityID.map(Self.prefix) ?? ""
        var issues: [FieldIssue] = []
        let hold = RegistrationPages.parseInt(f["holdHours"], field: "holdHours", issues: &issues)
        let input = ReferralInput(personIds: chosen.compactMap(UUID.init(uuidString:)), facilityId: facilityID, holdHours: hold,
                                  splitReason: f["splitReason"], note: f["note"])
        do {
            if !issues.isEmpty { throw DomainError.invalid(issues) }
            let created = try await ReferralService(db: req.db, ctx: req.badil).refer(input, by: try req.actor)
            return req.redirect("/referrals/\(created[0].id!.uuidString)", notice: "created")
        } catch DomainError.invalid(let found) {
            for issue in found where issue.code == "consent_missing" {
                state.refer.summary.append(.init(field: "\(prefix)consent", message: req.t("placement.consent_missing_for", ["case": issue.params["case"] ?? ""])))
                state.refer.errors["consent"] = req.t("error.consent_missing")
                state.refer.hasErrors = true
            }
            state.refer.addPlacement(found.filter { $0.code != "consent_missing" }, req, labels: Self.labels(req),
                                     rename: ["personIds": "members", "beds": "form", "facilityId": "form", "members": "members"], idPrefix: prefix)
            state.status = .unprocessableEntity
        } catch DomainError.conflict(let code) {
            state.refer.addPlacementMessage(Self.conflictKey(code), req, idPrefix: prefix)
            state.status = .conflict
        }
        return try await page(req, personID: personID, state: state)
    }

    // MARK: Consent

    /// Where a consent form came from: the placement page of a person (with its toggles and facility).
    struct Back { let person: UUID; let family: Bool; let includeUnfit: Bool; let facility: UUID? }

    static func back(_ f: [String: String]) -> Back? {
        guard f["from"] == "placement", let person = f["returnPerson"].flatMap(UUID.init(uuidString:)) else { return nil }
        return Back(person: person, family: f["family"] != "false", includeUnfit: f["includeUnfit"] == "true",
                    facility: f["facilityId"].flatMap(UUID.init(uuidString:)))
    }

    static func consentLabels(_ req: Request) -> [String: String] {
        ["purpose": req.t("consent.purpose"), "recipientOrganizationId": req.t("consent.recipient"), "givenBy": req.t("consent.given_by"),
         "givenOn": req.t("consent.given_on")]
    }

    @Sendable func recordConsent(_ req: Request) async throws -> Response {
        let personID = try req.uuidParameter()
        let f = req.formFields()
        let back = Self.back(f)
        var form = FormState(values: f)
        let rawRecipient = (f["recipientOrganizationId"] ?? "").trimmingCharacters(in: .whitespaces)
        let input = ConsentInput(purpose: f["purpose"], recipientOrganizationId: UUID(uuidString: rawRecipient), givenOn: f["givenOn"], givenBy: f["givenBy"])
        let prefix = back == nil ? "" : Self.consentPrefix(personID)
        do {
            if !rawRecipient.isEmpty && input.recipientOrganizationId == nil {
                throw DomainError.invalid([FieldIssue("recipientOrganizationId", "not_found_ref")])
            }
            _ = try await ConsentService(db: req.db, ctx: req.badil).record(personID: personID, input, by: try req.actor)
            if let back {
                var state = State(family: back.family, includeUnfit: back.includeUnfit)
                let facility = back.facility.map { "&facility=\($0.uuidString)#\(Self.prefix($0))form" } ?? ""
                state.focus = nil
                return req.redirect(to: "/persons/\(back.person.uuidString)/placement?\(state.query)&notice=saved\(facility)", redirectType: .normal)
            }
            return req.redirect(to: "/persons/\(personID.uuidString)?notice=saved#consents-h", redirectType: .normal)
        } catch DomainError.invalid(let issues) {
            form.addPlacement(issues, req, labels: Self.consentLabels(req), idPrefix: prefix)
            if let back {
                var state = State(family: back.family, includeUnfit: back.includeUnfit)
                state.focus = back.facility
                state.consents[personID] = form
                state.status = .unprocessableEntity
                return try await page(req, personID: back.person, state: state)
            }
            return try await consentPage(req, personID: personID, form: form, status: .unprocessableEntity)
        }
    }

    struct ConsentPage: Encodable {
        let person: PersonHeader; let form: FormState; let purposes: [SelectOption]; let recipients: [SelectOption]; let givers: [SelectOption]
        let today: String
    }

    /// The consent form on its own, after a refusal of the one on the person's page.
    func consentPage(_ req: Request, personID: UUID, form: FormState, status: HTTPStatus) async throws -> Response {
        let actor = try req.actor
        let detail = try await PersonService(db: req.db, ctx: req.badil).get(personID, by: actor)
        let today = DayDate(req.badil.now)
        let panel = try await PersonPlacementPanel.consentChoices(req, actor: actor, form: form)
        return try await req.renderPage("placement/consent", titleKey: "consent.record", ConsentPage(
            person: PersonHeader(detail.person, today: today), form: form, purposes: panel.purposes, recipients: panel.recipients,
            givers: panel.givers, today: today.description), status: status)
    }

    @Sendable func withdrawConsent(_ req: Request) async throws -> Response {
        let c = try await ConsentService(db: req.db, ctx: req.badil).withdraw(try req.uuidParameter(), by: try req.actor)
        return req.redirect(to: "/persons/\(c.personID.uuidString)?notice=saved#consents-h", redirectType: .normal)
    }
}

extension FormState {
    /// A refusal of the whole form (a conflict), with the summary pointing at the form.
    mutating func addPlacementMessage(_ key: String, _ req: Request, idPrefix: String = "") {
        let message = req.t(key)
        errors["form"] = message
        summary.append(Issue(field: idPrefix + "form", message: message))
        hasErrors = true
    }
}
