/// Figures for placement reports, computed from plain values.
public enum PlacementReports {
    /// Median hours from the operator's decision to arrival; nil without data. Pairs that arrive
    /// before the decision are data errors and are left out.
    public static func medianHours(from pairs: [(decidedAt: Int64, arrivedAt: Int64)]) -> Double? {
        let seconds = pairs.compactMap { $0.arrivedAt >= $0.decidedAt ? $0.arrivedAt - $0.decidedAt : nil }.sorted()
        guard !seconds.isEmpty else { return nil }
        let mid = seconds.count / 2
        let median = seconds.count % 2 == 1 ? Double(seconds[mid]) : (Double(seconds[mid - 1]) + Double(seconds[mid])) / 2
        return median / 3600
    }

    /// People staying on each day of `days`, counted at midnight: a stay from `from` to `to` (the day
    /// the person left, nil while still there) counts on the days `from <= day < to`, so a move
    /// between two places on one day is counted once, at the new place. Stays that end before they
    /// start are left out.
    public static func occupancyByDay(stays: [(from: DayDate, to: DayDate?)], days: ClosedRange<DayDate>) -> [(DayDate, Int)] {
        let first = days.lowerBound.dayNumber
        let count = days.upperBound.dayNumber - first + 1
        // Changes per day (+1 on arrival, -1 on departure), then a running sum.
        var delta = [Int](repeating: 0, count: count + 1)
        for stay in stays {
            let start = stay.from.dayNumber
            let end = stay.to?.dayNumber ?? Int.max
            guard end >= start else { continue }
            let lo = max(start, first) - first, hi = min(end, first + count) - first
            if lo < hi {
                delta[lo] += 1
                delta[hi] -= 1
            }
        }
        var result: [(DayDate, Int)] = []
        result.reserveCapacity(count)
        var running = 0
        for i in 0..<count {
            running += delta[i]
            result.append((DayDate(dayNumber: first + i), running))
        }
        return result
    }
}
