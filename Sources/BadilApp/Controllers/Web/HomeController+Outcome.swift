import Foundation
import Fluent
import Vapor
import BadilCore

extension HomeController {
    /// Outcomes: closures awaiting approval (supervisors), return pathways in progress and steps waiting for an
    /// embassy (case managers), and for an embassy its nationals with a return step to do.
    func outcomeStats(_ req: Request, _ actor: Actor) async throws -> [Stat] {
        var stats: [Stat] = []
        if actor.can(.caseClose) {
            let pending = try await ClosureService(db: req.db, ctx: req.badil).pendingCount(by: actor)
            stats.append(Stat(label: req.t("outcome.stat.closures_pending"), value: pending, href: "/closures", urgent: pending > 0))
        }
        if actor.can(.caseManage) || actor.can(.consularAct) {
            let active = try await ReturnPathwayService.activeInScope(by: actor, on: req.db, today: DayDate(req.badil.now))
            let waiting = active.filter(ReturnPathwayService.waitsForEmbassy).count
            if actor.can(.consularAct) {
                stats.append(Stat(label: req.t("outcome.stat.embassy_steps"), value: waiting, href: "/consular", urgent: waiting > 0))
            } else {
                stats.append(Stat(label: req.t("outcome.stat.active_returns"), value: active.count, href: nil))
                stats.append(Stat(label: req.t("outcome.stat.waiting_embassy"), value: waiting, href: nil))
            }
        }
        return stats
    }
}
