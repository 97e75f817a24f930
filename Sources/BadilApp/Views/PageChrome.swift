import Foundation
import Vapor
import BadilCore

/// What every page frame shows: language and direction, the user, the navigation their role may use.
struct PageChrome: Encodable {
    struct NavItem: Encodable { let href: String; let label: String; let current: Bool }
    struct LangLink: Encodable { let code: String; let label: String; let href: String; let current: Bool }
    struct UserInfo: Encodable { let username: String; let displayName: String; let role: String; let organization: String }
    struct Notice: Encodable { let kind: String; let text: String }

    let lang: String
    let dir: String
    let title: String
    let csrf: String
    let user: UserInfo?
    let nav: [NavItem]
    let languages: [LangLink]
    let notice: Notice?
}

/// The navigation, in one place: an entry appears only for a role that holds its permission.
enum Navigation {
    static let items: [(href: String, key: String, access: Access)] = [
        ("/", "nav.home", .signedIn),
        ("/arrivals", "nav.arrivals", .permission(.personRegister)),
        ("/persons", "nav.persons", .permission(.personRead)),
        ("/consular", "nav.consular", .permission(.consularAct)),
        ("/priority", "nav.priority", .permission(.screeningConduct)),
        ("/decisions", "nav.approvals", .permission(.decisionApprove)),
        ("/follow-up", "nav.follow_up", .permission(.decisionPropose)),
        ("/tasks", "nav.tasks", .permission(.caseManage)),
        ("/caseload", "nav.caseload", .permission(.caseAssign)),
        ("/duplicates", "nav.duplicates", .permission(.personMerge)),
        ("/facilities", "nav.facilities", .permission(.locationRead)),
        ("/referrals", "nav.referrals", .permission(.personRead)),
        ("/transfers", "nav.transfers", .permission(.personRead)),
        ("/tracing", "nav.tracing", .permission(.caseManage)),
        ("/reports/placement", "nav.reports", .permission(.reportAggregate)),
        ("/closures", "nav.closures", .permission(.caseClose)),
        ("/admin/organizations", "nav.organizations", .permission(.organizationRead)),
        ("/admin/users", "nav.users", .permission(.userRead)),
        ("/admin/locations", "nav.locations", .permission(.locationRead)),
        ("/admin/audit", "nav.audit", .permission(.auditRead)),
        ("/account", "nav.account", .signedIn),
    ]

    /// Entries whose route permission is broader than who can use the page (the service refuses the others).
    static let narrowed: [String: @Sendable (Actor) -> Bool] = [
        "/facilities": FacilityService.canRead,
        "/referrals": ReferralPages.canList,
        "/transfers": ReferralPages.canList,
    ]

    static func visible(to actor: Actor) -> [(href: String, key: String)] {
        items.filter { item in
            switch item.access {
            case .public, .signedIn: return true
            case .permission(let p): return actor.can(p) && (narrowed[item.href]?(actor) ?? true)
            }
        }.map { ($0.href, $0.key) }
    }
}

struct Page<Body: Encodable>: Encodable {
    let page: PageChrome
    let body: Body
}

struct EmptyBody: Encodable {}

extension Request {
    func chrome(titleKey: String, notice: PageChrome.Notice? = nil) -> PageChrome {
        let lang = language
        let path = url.path
        let user = actorIfAny.map {
            PageChrome.UserInfo(username: $0.username, displayName: $0.displayName, role: t($0.role.labelKey), organization: $0.organizationName)
        }
        let nav = actorIfAny.map { actor in
            Navigation.visible(to: actor).map { item in
                PageChrome.NavItem(href: item.href, label: t(item.key),
                                   current: item.href == "/" ? path == "/" : path.hasPrefix(item.href))
            }
        } ?? []
        let languages = UILanguage.allCases.map { l in
            PageChrome.LangLink(code: l.rawValue, label: badil.localizer.t("language.\(l.rawValue)", l),
                                href: "\(path)?lang=\(l.rawValue)", current: l == lang)
        }
        return PageChrome(lang: lang.rawValue, dir: lang.direction, title: t(titleKey), csrf: CSRF.token(for: self),
                          user: user, nav: nav, languages: languages, notice: notice)
    }

    /// Renders a page in the request's language with the frame around it.
    func renderPage<Body: Encodable>(_ template: String, titleKey: String, _ body: Body, status: HTTPStatus = .ok,
                                     notice: PageChrome.Notice? = nil) async throws -> Response {
        let context = Page(page: chrome(titleKey: titleKey, notice: notice ?? noticeFromQuery()), body: body)
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        CSRF.attachPending(self, to: response)
        return response
    }

    /// After a redirect, `?notice=saved` shows a fixed, translated confirmation (never user data).
    private func noticeFromQuery() -> PageChrome.Notice? {
        guard let key = try? query.get(String.self, at: "notice"),
              ["saved", "created", "password_changed", "signed_out"].contains(key) else { return nil }
        return PageChrome.Notice(kind: "success", text: t("notice.\(key)"))
    }
}
