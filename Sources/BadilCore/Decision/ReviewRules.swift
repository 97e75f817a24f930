/// What a periodic review of a detention decision concludes.
public enum ReviewOutcome: String, CaseIterable, Codable, Sendable {
    /// Detention is still justified; a new review date is set.
    case confirm
    /// The person's situation or the alternatives changed: a new decision replaces this one.
    case newDecision = "new_decision"
    public var labelKey: String { "review_outcome.\(rawValue)" }
}

/// Regular review of detention as a last resort (CAP step 5).
public enum ReviewRules {
    public static let defaultMaxReviewDays = 30
    public static let maxJustificationLength = 4000

    /// Overdue from the day after the review date: the review date itself is still on time.
    public static func isOverdue(reviewDate: DayDate, today: DayDate) -> Bool { today > reviewDate }

    /// Days past the review date, 0 when not overdue.
    public static func daysOverdue(reviewDate: DayDate, today: DayDate) -> Int { max(0, reviewDate.days(until: today)) }

    /// Due within `days` days from today (today included), and not yet overdue: for "reviews coming up" lists.
    public static func isDueSoon(reviewDate: DayDate, today: DayDate, within days: Int = 7) -> Bool {
        !isOverdue(reviewDate: reviewDate, today: today) && today.days(until: reviewDate) <= days
    }

    /// Checks a confirmation of detention: a justification and a next review date after today and
    /// at most `maxReviewDays` ahead. Fields `justification` and `nextReviewDate`.
    public static func validateConfirmation(justification: String?, nextReviewDate: DayDate?, today: DayDate,
                                            maxReviewDays: Int = defaultMaxReviewDays) throws {
        var v = FieldChecker()
        v.requireText("justification", justification, max: maxJustificationLength)
        if let date = nextReviewDate { checkReviewDate(date, field: "nextReviewDate", today: today, maxDays: maxReviewDays, into: &v) }
        else { v.add("nextReviewDate", "required") }
        try v.finish()
    }

    /// A review date must be in the future (`review_date_past`, today included) and at most `maxDays`
    /// days ahead (`review_date_too_far`, param `max`).
    public static func checkReviewDate(_ date: DayDate, field: String, today: DayDate, maxDays: Int, into v: inout FieldChecker) {
        if date <= today { v.add(field, "review_date_past") }
        else if today.days(until: date) > maxDays { v.add(field, "review_date_too_far", ["max": String(maxDays)]) }
    }
}
