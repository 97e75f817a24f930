import Foundation
import Vapor
import BadilCore

extension HomeController {
    /// Referrals waiting for an operator's decision (operators), and overdue referrals (who referred them).
    func placementStats(_ req: Request, _ actor: Actor) async throws -> [Stat] {
        var stats: [Stat] = []
        let service = ReferralService(db: req.db, ctx: req.badil)
        let one = Paging(page: 1, size: 1)
        if actor.can(.referralDecide) {
            let pending = try await service.list(status: .pending, facilityID: nil, overdue: false, page: one, by: actor).total
            stats.append(Stat(label: req.t("home.stat.referrals_to_decide"), value: pending, href: "/referrals?status=pending", urgent: pending > 0))
        }
        if actor.can(.referralCreate) {
            let overdue = try await service.list(status: nil, facilityID: nil, overdue: true, page: one, by: actor).total
            stats.append(Stat(label: req.t("home.stat.overdue_referrals"), value: overdue, href: "/referrals?status=all&overdue=true", urgent: overdue > 0))
        }
        return stats
    }
}
