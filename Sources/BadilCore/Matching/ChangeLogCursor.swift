import Foundation

/// Where a reader of a numbered change log stands (the duplicate index reading `match_changes`).
///
/// Numbers are drawn when a change is written but become visible when its transaction commits, so on
/// PostgreSQL number 12 can be read before number 11. The reader moves past the highest number it has read
/// and remembers the missing ones below it as gaps, to ask for them again; a gap still missing after
/// `patience` seconds was a rolled-back transaction and is forgotten. A jump wider than `maxGapSpan` (a bulk
/// load elsewhere that rolled back) is not tracked number by number.
public struct ChangeLogCursor: Sendable, Equatable {
    public private(set) var last: Int64
    /// Missing numbers below `last`, with the time they were first missed.
    public private(set) var gaps: [Int64: Date] = [:]

    public static let patience: TimeInterval = 300
    public static let maxGapSpan: Int64 = 100_000

    public init(last: Int64 = 0) {
        self.last = max(0, last)
    }

    /// The missing numbers to ask for again, oldest first.
    public func pendingGaps(limit: Int = 500) -> [Int64] {
        Array(gaps.keys.sorted().prefix(limit))
    }

    /// Takes note of the numbers just read (after `last`, and any gaps found), at `now`.
    public mutating func advance(seen: [Int64], now: Date) {
        let seenSet = Set(seen)
        for seq in seenSet { gaps[seq] = nil }
        let top = seen.max() ?? last
        if top > last + 1 && top - last < Self.maxGapSpan {
            for missing in (last + 1)..<top where !seenSet.contains(missing) { gaps[missing] = now }
        }
        last = max(last, top)
        gaps = gaps.filter { now.timeIntervalSince($0.value) < Self.patience }
    }
}
