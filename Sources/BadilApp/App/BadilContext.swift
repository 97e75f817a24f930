import Foundation
import Vapor
import BadilCore

/// Everything the services need besides a database and an actor, built once at start.
struct BadilContext: Sendable {
    let settings: BadilSettings
    let localizer: Localizer
    let reference: ReferenceData
    let hasher: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let throttle: LoginThrottle
    let sessionRules: SessionRules
    let metrics: RequestMetrics
    /// A bcrypt hash verified when the username is unknown, so both paths take the same time.
    let decoyHash: String

    var now: Date { settings.clock() }
}

extension Application {
    private struct ContextKey: StorageKey { typealias Value = BadilContext }

    var badil: BadilContext {
        get {
            guard let ctx = storage[ContextKey.self] else { fatalError("configure(_:settings:) has not run") }
            return ctx
        }
        set { storage[ContextKey.self] = newValue }
    }
}

extension Request {
    var badil: BadilContext { application.badil }
}
