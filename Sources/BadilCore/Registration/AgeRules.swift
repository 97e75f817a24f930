import Foundation

/// A calendar date without time (ISO 8601 "YYYY-MM-DD"), compared as text and as components.
public struct DayDate: Comparable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...31).contains(day), (1...9999).contains(year) else { return nil }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard day <= days[month - 1] else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(_ date: Date, calendar: Calendar = DayDate.utc) {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.year = c.year!; self.month = c.month!; self.day = c.day!
    }

    public static let utc: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: DayDate, b: DayDate) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    /// The same day `years` later (29 February becomes 28 February in common years).
    public func addingYears(_ years: Int) -> DayDate {
        DayDate(year: year + years, month: month, day: day) ?? DayDate(year: year + years, month: month, day: day - 1)!
    }

    /// Whole years from `self` to `other` (an age on that day).
    public func years(until other: DayDate) -> Int {
        var y = other.year - year
        if (other.month, other.day) < (month, day) { y -= 1 }
        return y
    }

    public static let distantFuture = DayDate(year: 9999, month: 12, day: 31)!
}

/// Age facts as recorded (DOMAIN.md §4): claimed age, date of birth (possibly estimated), assessed age, dispute.
public struct AgeFacts: Equatable, Sendable {
    public var dateOfBirth: DayDate?
    public var dateOfBirthEstimated: Bool
    /// The age the person gave, on `recordedOn`.
    public var claimedAge: Int?
    public var recordedOn: DayDate
    public var assessedAge: Int?
    public var assessedOn: DayDate?
    public var disputed: Bool

    public init(dateOfBirth: DayDate? = nil, dateOfBirthEstimated: Bool = false, claimedAge: Int? = nil, recordedOn: DayDate,
                assessedAge: Int? = nil, assessedOn: DayDate? = nil, disputed: Bool = false) {
        self.dateOfBirth = dateOfBirth
        self.dateOfBirthEstimated = dateOfBirthEstimated
        self.claimedAge = claimedAge
        self.recordedOn = recordedOn
        self.assessedAge = assessedAge
        self.assessedOn = assessedOn
        self.disputed = disputed
    }
}

public enum AgeRules {
    public static let adultAge = 18
    public static let maximumAge = 120

    /// The last day on which the person is treated as a child (exclusive bound): a child while today < result.
    /// Any fact that says "under 18" counts: benefit of the doubt. A dispute keeps the person a child until resolved.
    public static func childUntil(_ f: AgeFacts) -> DayDate? {
        if f.disputed { return .distantFuture }
        var bounds: [DayDate] = []
        if let dob = f.dateOfBirth { bounds.append(dob.addingYears(adultAge)) }
        if let claimed = f.claimedAge, claimed < adultAge { bounds.append(f.recordedOn.addingYears(adultAge - claimed)) }
        if let assessed = f.assessedAge, assessed < adultAge { bounds.append((f.assessedOn ?? f.recordedOn).addingYears(adultAge - assessed)) }
        return bounds.max()
    }

    public static func isChild(_ f: AgeFacts, on today: DayDate) -> Bool {
        guard let until = childUntil(f) else { return false }
        return today < until
    }

    /// Best estimate of the age today: date of birth, else assessed age, else claimed age, moved forward in time.
    public static func age(_ f: AgeFacts, on today: DayDate) -> Int? {
        if let dob = f.dateOfBirth { return dob.years(until: today) }
        if let a = f.assessedAge { return a + (f.assessedOn ?? f.recordedOn).years(until: today) }
        if let c = f.claimedAge { return c + f.recordedOn.years(until: today) }
        return nil
    }

    /// Birth year for matching: exact from a date of birth, estimated from an age.
    public static func birthYear(_ f: AgeFacts) -> (year: Int, estimated: Bool)? {
        if let dob = f.dateOfBirth { return (dob.year, f.dateOfBirthEstimated) }
        if let a = f.assessedAge { return ((f.assessedOn ?? f.recordedOn).year - a, true) }
        if let c = f.claimedAge { return (f.recordedOn.year - c, true) }
        return nil
    }

    /// Checks the age facts of a registration; issues name the fields.
    public static func check(_ f: AgeFacts, today: DayDate, into v: inout FieldChecker) {
        if let dob = f.dateOfBirth {
            if dob > today { v.add("dateOfBirth", "date_in_future") }
            else if dob.years(until: today) > maximumAge { v.add("dateOfBirth", "age_out_of_range", ["max": String(maximumAge)]) }
        }
        if let c = f.claimedAge, !(0...maximumAge).contains(c) { v.add("claimedAge", "age_out_of_range", ["max": String(maximumAge)]) }
        if let a = f.assessedAge, !(0...maximumAge).contains(a) { v.add("assessedAge", "age_out_of_range", ["max": String(maximumAge)]) }
        if let on = f.assessedOn, on > today { v.add("assessedOn", "date_in_future") }
        if f.recordedOn > today { v.add("recordedOn", "date_in_future") }
    }
}
