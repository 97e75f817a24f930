import Foundation

/// One audit entry as it is hashed. The canonical form is a fixed field order joined by a separator
/// that cannot appear inside a field (fields are escaped), so two different entries never hash alike.
public struct AuditRecord: Equatable, Sendable {
    public var sequence: Int
    public var occurredAt: Date
    public var actorID: String
    public var actorName: String
    public var action: String
    public var entityType: String
    public var entityID: String
    public var fields: String
    public var flagged: Bool
    public var previousHash: String
    public var hash: String

    public init(sequence: Int, occurredAt: Date, actorID: String, actorName: String, action: String,
                entityType: String, entityID: String, fields: String, flagged: Bool,
                previousHash: String, hash: String = "") {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorID = actorID
        self.actorName = actorName
        self.action = action
        self.entityType = entityType
        self.entityID = entityID
        self.fields = fields
        self.flagged = flagged
        self.previousHash = previousHash
        self.hash = hash
    }

    /// Milliseconds since 1970, so both database engines round-trip the same value.
    public static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    public var canonical: String {
        let parts = [String(sequence), String(Self.millis(occurredAt)), actorID, actorName, action,
                     entityType, entityID, fields, flagged ? "1" : "0", previousHash]
        return parts.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|") }
            .joined(separator: "|")
    }
}

public enum AuditChain {
    /// The hash that stands before the first entry.
    public static let genesis = String(repeating: "0", count: 64)

    public enum Problem: Equatable, Sendable {
        /// The entry's stored hash does not match its content: it was edited.
        case contentChanged(sequence: Int)
        /// The entry does not point at the hash of the one before it: one was removed, inserted or reordered.
        case brokenLink(sequence: Int)
        /// Sequence numbers are not consecutive from 1: an entry is missing or out of order.
        case sequenceGap(expected: Int, found: Int)
        /// The chain ends before the recorded head: entries were cut off the end.
        case truncated(expectedLast: Int, foundLast: Int)
        /// The last entry is not the recorded head.
        case headMismatch(sequence: Int)

        public var sequence: Int {
            switch self {
            case .contentChanged(let s), .brokenLink(let s), .headMismatch(let s): return s
            case .sequenceGap(let expected, _): return expected
            case .truncated(let expectedLast, _): return expectedLast
            }
        }
    }

    /// Verifies entries in stored order against the hash function and, when known, the recorded head.
    /// Returns the first problem, or nil when the chain is intact.
    public static func verify(_ entries: [AuditRecord], head: (sequence: Int, hash: String)?,
                              hash: (String) -> String) -> Problem? {
        var previous = genesis
        var expected = 1
        for entry in entries {
            if entry.sequence != expected { return .sequenceGap(expected: expected, found: entry.sequence) }
            if hash(entry.canonical) != entry.hash { return .contentChanged(sequence: entry.sequence) }
            if entry.previousHash != previous { return .brokenLink(sequence: entry.sequence) }
            previous = entry.hash
            expected += 1
        }
        let last = expected - 1
        if let head {
            if head.sequence > last { return .truncated(expectedLast: head.sequence, foundLast: last) }
            if head.sequence < last { return .headMismatch(sequence: last) }
            if head.sequence > 0 && head.hash != previous { return .headMismatch(sequence: last) }
        }
        return nil
    }
}
