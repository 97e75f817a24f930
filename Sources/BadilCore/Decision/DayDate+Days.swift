/// Day arithmetic for review dates and reporting schedules, on the proleptic Gregorian calendar
/// (days-from-civil algorithm; no time zones involved, a `DayDate` is already a local calendar day).
extension DayDate {
    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day with this `dayNumber`, clamped to the years 1...9999.
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let d = dayOfYear - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yearOfEra + era * 400 + (m <= 2 ? 1 : 0)
        if y < 1 { self = DayDate(year: 1, month: 1, day: 1)! }
        else if y > 9999 { self = .distantFuture }
        else { self = DayDate(year: y, month: m, day: d)! }
    }

    public func addingDays(_ days: Int) -> DayDate { DayDate(dayNumber: dayNumber + days) }

    /// Days from `self` to `other`: positive when `other` is later.
    public func days(until other: DayDate) -> Int { other.dayNumber - dayNumber }
}

extension DayDate {
    /// Encoded as an ISO 8601 calendar date, "2026-11-29", the way APIs and forms write it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        guard let d = DayDate(text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "Expected a date as YYYY-MM-DD")
        }
        self = d
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
