/// Where one due check-in stands.
public enum CheckInStatus: String, CaseIterable, Codable, Sendable {
    /// Checked in on or before the due date.
    case onTime = "on_time"
    /// Checked in after the due date, within the grace days.
    case late
    /// No check-in by the end of the grace days.
    case missed
    /// The absence was excused by the caseworker (illness, a summons elsewhere…).
    case excused
    /// Due today or in the grace days, not checked in yet.
    case pending
    /// Not due yet.
    case upcoming
    public var labelKey: String { "check_in_status.\(rawValue)" }
}

/// What the officer or caseworker recorded on a day.
public enum CheckInRecordKind: String, CaseIterable, Codable, Sendable {
    /// The person reported.
    case reported
    /// The person did not report, with a reason accepted by the caseworker.
    case excused
    public var labelKey: String { "check_in_record.\(rawValue)" }
}

public struct CheckInRecord: Codable, Sendable, Equatable {
    public var date: DayDate
    public var kind: CheckInRecordKind

    public init(date: DayDate, kind: CheckInRecordKind = .reported) {
        self.date = date
        self.kind = kind
    }
}

public struct DueCheckIn: Codable, Sendable, Equatable {
    public var due: DayDate
    public var status: CheckInStatus
    /// The day of the record that met this due date, if any.
    public var checkedOn: DayDate?

    public init(due: DayDate, status: CheckInStatus, checkedOn: DayDate? = nil) {
        self.due = due
        self.status = status
        self.checkedOn = checkedOn
    }
}

/// Compliance with a reporting condition (DOMAIN.md §3.6).
///
/// Check-ins are due every `intervalDays` days after `start` (the first one `intervalDays` after it).
/// Each due date takes the earliest unused record from the day after the previous due date (from
/// `start` for the first) to its last grace day: on or before the due date is on time, within the
/// grace days late, none by then missed. One record meets one due date, so a late check-in for one
/// due date never also counts for the next.
public enum ComplianceRules {
    public static let defaultGraceDays = 2

    /// Due check-ins up to today, then the next one as `upcoming` (none after `end`, when the condition ends).
    public static func schedule(start: DayDate, intervalDays: Int, graceDays: Int = defaultGraceDays, checkIns: [CheckInRecord],
                                until today: DayDate, end: DayDate? = nil) -> [DueCheckIn] {
        guard intervalDays >= 1 else { return [] }
        var unused = checkIns.sorted { $0.date < $1.date }
        var result: [DueCheckIn] = []
        var windowStart = start
        var due = start.addingDays(intervalDays)
        while end.map({ due <= $0 }) ?? true {
            let windowEnd = due.addingDays(max(0, graceDays))
            if let i = unused.firstIndex(where: { $0.date >= windowStart && $0.date <= windowEnd }) {
                let record = unused.remove(at: i)
                let status = record.kind == .excused ? .excused : classify(checkedOn: record.date, due: due, graceDays: graceDays)
                result.append(DueCheckIn(due: due, status: status, checkedOn: record.date))
            } else {
                result.append(DueCheckIn(due: due, status: due > today ? .upcoming : today > windowEnd ? .missed : .pending))
            }
            if due > today { break }
            windowStart = due.addingDays(1)
            due = due.addingDays(intervalDays)
        }
        return result
    }

    /// On time on or before the due date, late within the grace days, missed after them.
    public static func classify(checkedOn: DayDate, due: DayDate, graceDays: Int = defaultGraceDays) -> CheckInStatus {
        if checkedOn <= due { return .onTime }
        return due.days(until: checkedOn) <= graceDays ? .late : .missed
    }

    /// A missed check-in needs the caseworker's attention.
    public static func needsAlert(_ schedule: [DueCheckIn]) -> Bool { schedule.contains { $0.status == .missed } }
}
