import Fluent
import Foundation
import Vapor
import BadilCore

/// The home page: who you are, what you can open, and the figures your role may see.
struct HomeController {
    func register(_ app: Application) {
        app.on(.GET, access: .signedIn, use: home)
        app.on(.GET, "account", access: .signedIn, use: account)
        app.on(.POST, "account", "password", access: .signedIn, use: changePassword)
    }

    struct Stat: Encodable { let label: String; let value: Int; let href: String?; var urgent: Bool = false }
    struct Shortcut: Encodable { let href: String; let label: String; let description: String }
    struct ChildAlert: Encodable { let href: String; let caseNumber: String; let name: String; let location: String; let days: Int }
    struct HomeBody: Encodable {
        let stats: [Stat]; let hasStats: Bool; let shortcuts: [Shortcut]; let role: String; let scope: String
        let showChildAlert: Bool; let childrenInDetention: Int; let children: [ChildAlert]; let followUp: [Stat]; let hasFollowUp: Bool
        let placement: [Stat]; let hasPlacement: Bool; let caseWork: [Stat]; let hasCaseWork: Bool
    }

    @Sendable func home(_ req: Request) async throws -> Response {
        let actor = try req.actor
        var stats: [Stat] = []
        if actor.can(.locationRead) {
            let counts = try await LocationRecord.query(on: req.db).filter(\.$active == true).all(\.$type)
            let byType = Dictionary(grouping: counts, by: { $0 }).mapValues(\.count)
            stats.append(Stat(label: req.t("home.stat.detention_centres"), value: byType[LocationType.detentionCentre.rawValue] ?? 0,
                              href: "/admin/locations?type=detention_centre"))
            stats.append(Stat(label: req.t("home.stat.disembarkation_points"), value: byType[LocationType.disembarkationPoint.rawValue] ?? 0,
                              href: "/admin/locations?type=disembarkation_point"))
            let alternatives = LocationType.allCases.filter(\.isAlternative).reduce(0) { $0 + (byType[$1.rawValue] ?? 0) }
            stats.append(Stat(label: req.t("home.stat.alternatives"), value: alternatives, href: "/admin/locations"))
        }
        if actor.can(.userRead) {
            let users = try await UserRecord.query(on: req.db).filter(\.$active == true).count()
            stats.append(Stat(label: req.t("home.stat.active_users"), value: users, href: "/admin/users"))
        }
        var childTotal = 0
        var children: [ChildAlert] = []
        if actor.can(.personRead) {
            let alerts = try await ChildAlerts(db: req.db, ctx: req.badil).childrenInDetention(by: actor, limit: 10)
            childTotal = alerts.total
            let now = req.badil.now
            children = alerts.items.map { ChildAlert(href: "/persons/\($0.person.id!.uuidString)", caseNumber: $0.person.caseNumber,
                                                     name: $0.person.displayName, location: $0.location.name(in: req.language),
                                                     days: Int(now.timeIntervalSince($0.since) / 86400)) }
            stats.insert(Stat(label: req.t("home.stat.children_in_detention"), value: childTotal, href: "/persons?ageGroup=child"), at: 0)
        }
        let followUp = try await followUpStats(req, actor)
        let placement = try await placementStats(req, actor)
        let caseWork = try await caseStats(req, actor) + childStats(req, actor) + outcomeStats(req, actor)
        let shortcuts = Navigation.visible(to: actor).filter { $0.href != "/" }.map {
            Shortcut(href: $0.href, label: req.t($0.key), description: req.t($0.key + "_hint"))
        }
        return try await req.renderPage("home", titleKey: "home.title",
                                        HomeBody(stats: stats, hasStats: !stats.isEmpty, shortcuts: shortcuts, role: req.t(actor.role.labelKey),
                                                 scope: req.t("scope.\(actor.scope.rawValue)"), showChildAlert: childTotal > 0,
                                                 childrenInDetention: childTotal, children: children, followUp: followUp,
                                                 hasFollowUp: !followUp.isEmpty, placement: placement, hasPlacement: !placement.isEmpty,
                                                 caseWork: caseWork, hasCaseWork: !caseWork.isEmpty))
    }

    /// Decisions waiting for approval, overdue detention reviews and missed check-ins, for who acts on them.
    private func followUpStats(_ req: Request, _ actor: Actor) async throws -> [Stat] {
        var stats: [Stat] = []
        if actor.can(.decisionApprove) {
            let waiting = try await DecisionService(db: req.db, ctx: req.badil).inbox(status: .proposed, page: Paging(page: 1, size: 1), by: actor).total
            stats.append(Stat(label: req.t("home.stat.awaiting_approval"), value: waiting, href: "/decisions"))
        }
        if actor.can(.decisionPropose) {
            let service = FollowUpService(db: req.db, ctx: req.badil)
            let overdue = try await service.reviews(by: actor).count
            let missed = try await service.missedCheckIns(by: actor).count
            stats.append(Stat(label: req.t("home.stat.overdue_reviews"), value: overdue, href: "/follow-up#overdue-h", urgent: overdue > 0))
            stats.append(Stat(label: req.t("home.stat.missed_check_ins"), value: missed, href: "/follow-up#missed-h", urgent: missed > 0))
        }
        return stats
    }

    struct AccountBody: Encodable {
        let username: String; let displayName: String; let role: String; let organization: String
        let permissions: [String]; let form: FormState
    }

    private func accountPage(_ req: Request, form: FormState, status: HTTPStatus = .ok) async throws -> Response {
        let a = try req.actor
        return try await req.renderPage("account", titleKey: "account.title",
                                        AccountBody(username: a.username, displayName: a.displayName, role: req.t(a.role.labelKey),
                                                    organization: a.organizationName,
                                                    permissions: a.permissions.map(\.rawValue).sorted(), form: form), status: status)
    }

    @Sendable func account(_ req: Request) async throws -> Response {
        try await accountPage(req, form: FormState())
    }

    @Sendable func changePassword(_ req: Request) async throws -> Response {
        let fields = req.formFields()
        do {
            try await UserService(db: req.db, ctx: req.badil).changeOwnPassword(current: fields["currentPassword"], new: fields["newPassword"], by: try req.actor)
            req.actorIfAny = nil
            let response = req.redirect(to: "/login?notice=password_changed")
            response.cookies[AuthenticationMiddleware.sessionCookie] = .expired
            return response
        } catch DomainError.invalid(let issues) {
            var form = FormState()
            form.add(issues, req)
            return try await accountPage(req, form: form, status: .unprocessableEntity)
        }
    }
}
