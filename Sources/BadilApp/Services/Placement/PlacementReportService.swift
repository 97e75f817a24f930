import Fluent
import Foundation
import BadilCore

/// Aggregate placement figures (no personal data): occupancy by facility and day, referrals by status,
/// median time from decision to arrival, declines by reason.
struct PlacementReportService {
    let db: any Database
    let ctx: BadilContext

    struct FacilityDays: Sendable { let facility: FacilityRecord; let location: LocationRecord; let capacity: Int; let days: [(DayDate, Int)] }
    struct Report: Sendable {
        let from: DayDate
        let to: DayDate
        let facilities: [FacilityDays]
        let referralsByStatus: [(ReferralStatus, Int)]
        let declinesByReason: [(DeclineReason, Int)]
        let medianHoursDecisionToArrival: Double?
        let arrivals: Int
    }

    func report(days: Int, by actor: Actor) async throws -> Report {
        try actor.require(.reportAggregate)
        let today = DayDate(ctx.now)
        let from = today.addingDays(-(days - 1))
        let facilities = try await FacilityRecord.query(on: db).with(\.$location).all()
            .sorted { $0.location.nameEn < $1.location.nameEn }
        let locationIDs = facilities.map { $0.$location.id }
        let start = Date(timeIntervalSince1970: TimeInterval(from.dayNumber) * 86400)
        var stays: [StayRecord] = []
        for chunk in PersonWrites.chunks(locationIDs, size: 500) {
            stays += try await StayRecord.query(on: db).filter(\.$location.$id ~~ Array(chunk))
                .group(.or) { $0.filter(\.$endedAt == nil).filter(\.$endedAt >= start) }.all()
        }
        let byLocation = Dictionary(grouping: stays, by: { $0.$location.id })
        let perFacility = facilities.map { f in
            FacilityDays(facility: f, location: f.location, capacity: f.capacity.total,
                         days: PlacementReports.occupancyByDay(stays: (byLocation[f.$location.id] ?? []).map { (DayDate($0.startedAt), $0.endedAt.map { DayDate($0) }) },
                                                               days: from...today))
        }
        let referrals = try await ReferralRecord.query(on: db).all()
        let byStatus = ReferralStatus.allCases.map { s in (s, referrals.filter { $0.referralStatus == s }.count) }
        let declines = DeclineReason.allCases.map { d in (d, referrals.filter { $0.declineReason == d.rawValue }.count) }
        // Decision to arrival: the person's latest approved decision before they arrived.
        let arrived = referrals.filter { $0.arrivedAt != nil }
        let decisions = try await DecisionRecord.query(on: db).filter(\.$personID ~~ arrived.map(\.personID))
            .filter(\.$status ~~ [DecisionStatus.approved.rawValue, DecisionStatus.superseded.rawValue]).all()
        let pairs: [(decidedAt: Int64, arrivedAt: Int64)] = arrived.compactMap { r in
            guard let at = r.arrivedAt,
                  let d = decisions.filter({ $0.personID == r.personID && ($0.decidedAt ?? .distantFuture) <= at }).compactMap(\.decidedAt).max() else { return nil }
            return (Int64(d.timeIntervalSince1970), Int64(at.timeIntervalSince1970))
        }
        return Report(from: from, to: today, facilities: perFacility, referralsByStatus: byStatus, declinesByReason: declines,
                      medianHoursDecisionToArrival: PlacementReports.medianHours(from: pairs), arrivals: arrived.count)
    }
}
