import Foundation
import Vapor
import BadilCore

/// Aggregate placement figures: occupancy by facility and day, referrals by status, declines by reason,
/// time from decision to arrival. Counts of people from 1 to 4 are shown as "<5" to roles without record access.
struct PlacementReportPages {
    func register(_ app: Application) {
        app.on(.GET, "reports", "placement", access: .permission(.reportAggregate), use: report)
    }

    struct DayHead: Encodable { let label: String; let date: String }
    struct FacilityRow: Encodable { let name: String; let href: String?; let capacity: Int; let days: [String] }
    struct CountRow: Encodable { let label: String; let count: String }
    struct ReportPage: Encodable {
        let from: String; let to: String; let days: String; let heads: [DayHead]; let rows: [FacilityRow]; let hasRows: Bool
        let statuses: [CountRow]; let declines: [CountRow]; let median: String?; let arrivals: String; let suppressed: Bool; let form: FormState
    }

    static let defaultDays = 14
    static let maxDays = 92

    @Sendable func report(_ req: Request) async throws -> Response {
        let actor = try req.actor
        var form = FormState()
        var days = Self.defaultDays
        if let raw = req.filterText("days") {
            if let n = Int(raw), (1...Self.maxDays).contains(n) { days = n } else {
                form.values["days"] = raw
                form.addPlacement([FieldIssue("days", "out_of_range", ["min": "1", "max": String(Self.maxDays)])], req,
                                  labels: ["days": req.t("reports.days")])
            }
        }
        let r = try await PlacementReportService(db: req.db, ctx: req.badil).report(days: days, by: actor)
        let suppress = actor.scope == .none
        func count(_ n: Int) -> String { suppress && (1...4).contains(n) ? "<5" : String(n) }
        let heads = (r.facilities.first?.days ?? []).map { d in DayHead(label: String(d.0.description.suffix(5)), date: d.0.description) }
        let canOpen = FacilityService.canRead(actor)
        return try await req.renderPage("reports/placement", titleKey: "reports.placement", ReportPage(
            from: r.from.description, to: r.to.description, days: form.values["days"] ?? String(days), heads: heads,
            rows: r.facilities.map { f in
                FacilityRow(name: f.location.name(in: req.language), href: canOpen ? "/facilities/\(f.facility.id!.uuidString)" : nil,
                            capacity: f.capacity, days: f.days.map { count($0.1) })
            }, hasRows: !r.facilities.isEmpty,
            statuses: r.referralsByStatus.map { CountRow(label: req.t($0.0.labelKey), count: count($0.1)) },
            declines: r.declinesByReason.map { CountRow(label: req.t($0.0.labelKey), count: count($0.1)) },
            median: r.medianHoursDecisionToArrival.map { req.t("reports.hours", ["hours": String(format: "%.1f", $0)]) },
            arrivals: count(r.arrivals), suppressed: suppress, form: form), status: form.hasErrors ? .unprocessableEntity : .ok)
    }
}
