import Foundation

/// SECURITY.md item 2: throttle per account and per address; lockout is temporary.
public struct LoginThrottle: Sendable, Equatable {
    public var window: TimeInterval
    public var maxFailuresPerAccount: Int
    public var maxFailuresPerAddress: Int

    public init(window: TimeInterval = 15 * 60, maxFailuresPerAccount: Int = 5, maxFailuresPerAddress: Int = 20) {
        self.window = window
        self.maxFailuresPerAccount = maxFailuresPerAccount
        self.maxFailuresPerAddress = maxFailuresPerAddress
    }

    public enum Decision: Equatable, Sendable {
        case allowed
        /// Refused until the given number of seconds have passed.
        case throttled(retryAfter: Int)
    }

    /// Decides from the failure times in the window (any order). The lock lasts until the oldest counted
    /// failure leaves the window, so it lifts by itself.
    public func decide(accountFailures: [Date], addressFailures: [Date], now: Date) -> Decision {
        let a = retryAfter(accountFailures, limit: maxFailuresPerAccount, now: now)
        let b = retryAfter(addressFailures, limit: maxFailuresPerAddress, now: now)
        let wait = max(a, b)
        return wait > 0 ? .throttled(retryAfter: wait) : .allowed
    }

    private func retryAfter(_ failures: [Date], limit: Int, now: Date) -> Int {
        let recent = failures.filter { now.timeIntervalSince($0) < window && $0 <= now }.sorted()
        guard recent.count >= limit else { return 0 }
        // The (count - limit + 1)-th oldest must leave the window before a new attempt is allowed.
        let gate = recent[recent.count - limit]
        let seconds = window - now.timeIntervalSince(gate)
        return max(1, Int(seconds.rounded(.up)))
    }
}

/// SECURITY.md: idle timeout 15 minutes, absolute limit 12 hours.
public struct SessionRules: Sendable, Equatable {
    public var idleTimeout: TimeInterval
    public var absoluteLimit: TimeInterval
    /// How stale `last_seen` may get before it is written again (saves a write per request).
    public var touchInterval: TimeInterval

    public init(idleTimeout: TimeInterval = 15 * 60, absoluteLimit: TimeInterval = 12 * 3600, touchInterval: TimeInterval = 60) {
        self.idleTimeout = idleTimeout
        self.absoluteLimit = absoluteLimit
        self.touchInterval = touchInterval
    }

    public enum State: Equatable, Sendable { case active(needsTouch: Bool), idleExpired, absoluteExpired }

    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> State {
        if now.timeIntervalSince(createdAt) >= absoluteLimit { return .absoluteExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active(needsTouch: now.timeIntervalSince(lastSeenAt) >= touchInterval)
    }
}

/// API tokens (SECURITY.md item 4): short-lived, bound to a purpose.
public enum TokenPurpose: String, CaseIterable, Codable, Sendable {
    case api
    case sync
    case integration

    /// Lifetime in seconds: interactive API use is short; machine integrations a little longer.
    public var lifetime: TimeInterval {
        switch self {
        case .api: return 8 * 3600
        case .sync: return 12 * 3600
        case .integration: return 24 * 3600
        }
    }
}
