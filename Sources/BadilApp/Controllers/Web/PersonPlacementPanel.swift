import Foundation
import Vapor
import BadilCore

/// The "Placement" section of a person's page: the way to find a place, the person's referrals, and
/// their consents (with withdrawal and a form to record one).
struct PersonPlacementPanel: Encodable {
    struct ConsentRow: Encodable {
        let id: String; let purpose: String; let recipient: String; let givenOn: String; let givenBy: String; let active: Bool
        let withdrawnOn: String?; let recordedBy: String; let canWithdraw: Bool
    }

    let visible: Bool
    let canRefer: Bool
    let findHref: String
    let referrals: [ReferralList]
    let showConsents: Bool
    let consents: [ConsentRow]
    let hasConsents: Bool
    let canConsent: Bool
    let consentAction: String
    let purposes: [SelectOption]
    let recipients: [SelectOption]
    let givers: [SelectOption]
    let today: String
    let form: FormState

    static func build(_ req: Request, person p: PersonRecord, actor: Actor) async throws -> PersonPlacementPanel {
        let id = p.id!
        let today = DayDate(req.badil.now)
        let rows = try await ReferralService(db: req.db, ctx: req.badil).forPerson(id, by: actor).map { ReferralRow($0, req) }
        let showConsents = actor.can(.caseManage) || actor.can(.referralCreate)
        var consents: [ConsentRow] = []
        if showConsents {
            let entries = try await ConsentService(db: req.db, ctx: req.badil).list(personID: id, by: actor)
            let names = try await PlacementNames.organizations(entries.map(\.recipientOrganizationID), on: req.db)
            consents = entries.map { c in
                let active = c.record.map { ConsentRules.isActive([$0], purpose: $0.purpose, recipient: $0.recipientOrganizationID, on: today) } ?? false
                return ConsentRow(id: c.id!.uuidString, purpose: req.t("consent_purpose.\(c.purpose)"),
                                  recipient: c.recipientOrganizationID.flatMap { names[$0] } ?? "–", givenOn: c.givenOn,
                                  givenBy: req.t("consent_giver.\(c.givenBy)"), active: active, withdrawnOn: c.withdrawnOn, recordedBy: c.recordedBy,
                                  canWithdraw: c.withdrawnOn == nil && actor.can(.caseManage))
            }
        }
        let form = FormState(values: ["givenBy": p.isChild(on: today) ? ConsentGiver.parent.rawValue : ConsentGiver.person.rawValue])
        let choices = try await consentChoices(req, actor: actor, form: form)
        return PersonPlacementPanel(
            visible: actor.can(.referralCreate) || showConsents || !rows.isEmpty, canRefer: actor.can(.referralCreate),
            findHref: "/persons/\(id.uuidString)/placement",
            referrals: [ReferralList(title: req.t("placement.referrals"), rows: rows, empty: req.t("placement.no_referrals"))],
            showConsents: showConsents, consents: consents, hasConsents: !consents.isEmpty, canConsent: actor.can(.caseManage),
            consentAction: "/persons/\(id.uuidString)/consents", purposes: choices.purposes, recipients: choices.recipients,
            givers: choices.givers, today: today.description, form: form)
    }

    /// The choices of a consent form: purposes, recipient organisations (those the actor may list), who gave it.
    static func consentChoices(_ req: Request, actor: Actor, form: FormState) async throws
        -> (purposes: [SelectOption], recipients: [SelectOption], givers: [SelectOption]) {
        var recipients: [SelectOption] = []
        if actor.can(.organizationRead) {
            recipients = try await OrganizationService(db: req.db, ctx: req.badil)
                .list(.init(activeOnly: true), page: Paging(page: 1, size: Paging.maxSize), by: actor).items
                .map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: form.values["recipientOrganizationId"] == $0.id!.uuidString) }
        }
        return (req.options(ConsentPurpose.self, selected: form.values["purpose"]) { $0.labelKey }, recipients,
                req.options(ConsentGiver.self, selected: form.values["givenBy"]) { $0.labelKey })
    }
}
