import Fluent
import Foundation
import Vapor
import BadilCore

// Read-only helpers shared by the facility, placement, referral, transfer and report pages.

/// Names of organisations and places, which the placement services return as ids only. Reference data,
/// never personal data: a facility operator may not list organisations, but may see who runs a facility.
enum PlacementNames {
    static func organizations(_ ids: [UUID?], on db: any Database) async throws -> [UUID: String] {
        let unique = Array(Set(ids.compactMap { $0 }))
        guard !unique.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await OrganizationRecord.query(on: db).filter(\.$id ~~ unique).all().map { ($0.id!, $0.name) })
    }

    static func locations(_ ids: [UUID?], on db: any Database) async throws -> [UUID: LocationRecord] {
        let unique = Array(Set(ids.compactMap { $0 }))
        guard !unique.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await LocationRecord.query(on: db).filter(\.$id ~~ unique).all().map { ($0.id!, $0) })
    }
}

/// One bed kind of a facility: capacity and what uses it.
struct BedRow: Encodable {
    let label: String; let capacity: Int; let staying: Int; let committed: Int; let reserved: Int; let free: Int; let none: Bool

    /// The kinds a facility has beds of or uses (a kind at 0 everywhere is left out), then the totals.
    static func table(_ v: FacilityService.View, _ req: Request) -> BedTable {
        let cap = v.facility.capacity, o = v.occupancy
        let free = cap.subtractingClamped(o.used)
        let rows = BedKind.allCases.filter { cap[$0] + o.used[$0] > 0 }.map { k in
            BedRow(label: req.t(k.labelKey), capacity: cap[k], staying: o.staying[k], committed: o.committed[k], reserved: o.pending[k],
                   free: free[k], none: free[k] == 0)
        }
        let total = BedRow(label: req.t("facilities.total"), capacity: cap.total, staying: o.staying.total, committed: o.committed.total,
                           reserved: o.pending.total, free: free.total, none: free.total == 0)
        return BedTable(rows: rows, total: total)
    }
}

/// The occupancy table of one facility (`facilities/beds.leaf`, included inside `#for(beds in ...)`).
struct BedTable: Encodable { let rows: [BedRow]; let total: BedRow }

/// A referral as the lists show it (facility page, referral list, person page).
struct ReferralRow: Encodable {
    let href: String; let personHref: String; let caseNumber: String; let name: String; let nameOriginal: String; let child: Bool
    let facility: String; let facilityHref: String; let status: String; let statusClass: String; let bed: String
    let deadline: String?; let countdown: String?; let overdue: Bool; let referredAt: String; let referredBy: String

    init(_ v: ReferralService.View, _ req: Request) {
        let r = v.referral
        let now = req.badil.now
        href = "/referrals/\(r.id!.uuidString)"
        personHref = "/persons/\(r.personID.uuidString)"
        caseNumber = v.person.caseNumber
        name = v.person.nameLatin ?? ""
        nameOriginal = v.person.nameOriginal ?? ""
        child = v.person.isChild(on: DayDate(now))
        facility = v.location.name(in: req.language)
        facilityHref = "/facilities/\(v.facility.id!.uuidString)"
        status = req.t(r.referralStatus.labelKey)
        statusClass = PlacementFormat.statusClass(r.referralStatus)
        bed = req.t(r.bed.labelKey)
        referredAt = RegistrationPages.when(r.referredAt)
        referredBy = r.referredBy
        let clock = PlacementFormat.countdown(r, now: now, req)
        deadline = r.referralStatus == .pending ? RegistrationPages.when(r.deadline) : nil
        countdown = clock.text
        overdue = clock.overdue
    }
}

/// A titled list of referrals (`referrals/table.leaf`, included inside `#for(list in ...)`).
struct ReferralList: Encodable {
    let title: String; let rows: [ReferralRow]; let hasRows: Bool; let empty: String
    init(title: String, rows: [ReferralRow], empty: String) { self.title = title; self.rows = rows; hasRows = !rows.isEmpty; self.empty = empty }
}

enum PlacementFormat {
    /// Pending referrals: under this many hours left, the operator is late (the service's `overdue` filter).
    static let overdueHours = 12.0
    /// Accepted referrals: not moved after this many days, the transfer is late (the service's `overdue` filter).
    static let transferDueDays = 7.0

    static func statusClass(_ s: ReferralStatus) -> String {
        switch s {
        case .pending: return "badge badge-warning"
        case .accepted, .inTransfer, .arrived: return "badge badge-ok"
        case .declined, .noShow, .refused: return "badge badge-urgent"
        case .expired, .cancelled: return "badge badge-muted"
        }
    }

    static func transferClass(_ s: TransferStatus) -> String {
        switch s {
        case .planned: return "badge badge-warning"
        case .inProgress, .completed: return "badge badge-ok"
        case .cancelled: return "badge badge-muted"
        }
    }

    static func facilityClass(_ s: FacilityStatus) -> String {
        switch s {
        case .open: return "badge badge-ok"
        case .full: return "badge badge-warning"
        case .temporarilyClosed: return "badge badge-muted"
        }
    }

    /// Time left to the operator's deadline (pending), or how long an accepted referral has waited for a transfer.
    static func countdown(_ r: ReferralRecord, now: Date, _ req: Request) -> (text: String?, overdue: Bool) {
        switch r.referralStatus {
        case .pending:
            let seconds = r.deadline.timeIntervalSince(now)
            if seconds <= 0 { return (req.t("referrals.deadline_passed"), true) }
            let hours = Int(seconds / 3600)
            let text = hours == 0 ? req.t("referrals.under_an_hour") : req.t("referrals.hours_left", ["hours": String(hours)])
            return (text, seconds < overdueHours * 3600)
        case .accepted:
            guard let decided = r.decidedAt else { return (nil, false) }
            let days = Int(now.timeIntervalSince(decided) / 86400)
            return (req.t("referrals.accepted_days_ago", ["days": String(days)]), Double(days) >= transferDueDays)
        default:
            return (nil, false)
        }
    }

    static func languageNames(_ codes: [String], _ req: Request) -> String {
        codes.sorted().map { code in req.badil.reference.languages.first { $0.code == code }?.name(req.language) ?? code }
            .joined(separator: req.language == .ar ? "، " : ", ")
    }

    /// A field issue as a sentence, with a bed kind named in words.
    static func message(_ issue: FieldIssue, _ req: Request) -> String {
        var params = issue.params
        if let kind = params["kind"].flatMap(BedKind.init(rawValue:)) { params["kind"] = req.t(kind.labelKey) }
        return req.badil.localizer.message(for: FieldIssue(issue.field, issue.code, params), req.language)
    }
}

extension FormState {
    /// Adds issues under the field names the template uses (`rename`, by exact name or by prefix before a dot),
    /// with the summary pointing at `idPrefix + field` so several forms of one page keep distinct ids.
    mutating func addPlacement(_ issues: [FieldIssue], _ req: Request, labels: [String: String] = [:], rename: [String: String] = [:],
                               idPrefix: String = "") {
        for issue in issues {
            let head = String(issue.field.split(separator: ".").first ?? "")
            let field = rename[issue.field] ?? rename[head] ?? issue.field
            let message = PlacementFormat.message(issue, req)
            if errors[field] == nil { errors[field] = message }
            summary.append(Issue(field: idPrefix + field, message: labels[field].map { "\($0): \(message)" } ?? message))
        }
        hasErrors = !summary.isEmpty
    }
}

/// The person query of the placement pages: `true` and `false` only, anything else is the default.
extension Request {
    func flag(_ name: String, default value: Bool) -> Bool {
        switch (try? query.get(String.self, at: name)) {
        case "true": return true
        case "false": return false
        default: return value
        }
    }

    func queryUUID(_ name: String) -> UUID? {
        (try? query.get(String.self, at: name)).flatMap(UUID.init(uuidString:))
    }
}
