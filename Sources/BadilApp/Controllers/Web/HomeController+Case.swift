import Foundation
import Vapor
import BadilCore

extension HomeController {
    /// Case management: my overdue tasks (caseworkers, social workers, supervisors), people re-detained whose decision
    /// was reopened, and for supervisors the cases without contact for 14 days and the unassigned cases.
    func caseStats(_ req: Request, _ actor: Actor) async throws -> [Stat] {
        guard actor.can(.caseManage) else { return [] }
        var stats: [Stat] = []
        let overdue = try await CaseTaskService(db: req.db, ctx: req.badil).mine(overdueOnly: true, by: actor).count
        stats.append(Stat(label: req.t("home.stat.case_overdue_tasks"), value: overdue, href: "/tasks", urgent: overdue > 0))
        let reDetained = try await CaseReDetention.alerts(by: actor, on: req.db).count
        stats.append(Stat(label: req.t("home.stat.case_re_detained"), value: reDetained, href: "/tasks#alerts-h", urgent: reDetained > 0))
        if actor.can(.caseAssign) {
            let c = try await CaseloadService(db: req.db, ctx: req.badil).caseload(noContactDays: CaseloadRules.defaultNoContactDays, by: actor)
            stats.append(Stat(label: req.t("home.stat.case_no_contact"), value: c.withoutContact.count, href: "/caseload#no-contact-h", urgent: !c.withoutContact.isEmpty))
            stats.append(Stat(label: req.t("home.stat.case_unassigned"), value: c.unassigned.count, href: "/caseload#unassigned-h"))
        }
        return stats
    }
}
