/// Where a person's case stands. A case file exists from the first case action (assignment, plan, note...) onwards.
public enum CaseStatus: String, CaseIterable, Codable, Sendable {
    case open
    /// A caseworker asked to close it; a supervisor must approve.
    case closurePending = "closure_pending"
    case closed

    public var labelKey: String { "case_status.\(rawValue)" }
}

/// The life of a task on a case.
public enum CaseTaskStatus: String, CaseIterable, Codable, Sendable {
    case open
    case done
    case cancelled

    public var labelKey: String { "case_task_status.\(rawValue)" }
}

/// One entry of a person's single timeline, from whichever part of the case it comes.
public struct TimelineEvent: Sendable, Equatable {
    /// 'YYYY-MM-DD' of the event; the sort key together with `order`.
    public var on: DayDate
    /// Tie-breaker inside one day (for example seconds since the epoch of the record's creation).
    public var order: Double
    /// Stable kind: registration, stay, screening, decision, referral, transfer, incident, service, visit, note, plan,
    /// bia, bid, care, guardian, tracing, reunification, return_step, outcome, closure, reopening...
    public var kind: String
    /// Translation key of the headline.
    public var titleKey: String
    /// Translation key of a short detail (for example an outcome or a status), shown before `detail`.
    public var detailKey: String?
    /// User-entered or already-formatted detail (never restricted content for a reader who may not see it).
    public var detail: String
    /// Web link to the record, if any.
    public var href: String?

    public init(on: DayDate, order: Double = 0, kind: String, titleKey: String, detailKey: String? = nil, detail: String = "", href: String? = nil) {
        self.on = on; self.order = order; self.kind = kind; self.titleKey = titleKey; self.detailKey = detailKey; self.detail = detail; self.href = href
    }

    /// Latest first; same day by `order`, latest first.
    public static func sorted(_ events: [TimelineEvent]) -> [TimelineEvent] {
        events.sorted { a, b in a.on != b.on ? a.on > b.on : a.order > b.order }
    }
}
