import Foundation
import Vapor
import BadilCore

/// Everything the services need besides a database and an actor, built once at start.
struct BadilContext: Sendable {
    var settings: BadilSettings
    let localizer: Localizer
    let reference: ReferenceData
    let hasher: PasswordHasher
    let passwordPolicy: PasswordPolicy
    let throttle: LoginThrottle
    let sessionRules: SessionRules
    let metrics: RequestMetrics
    /// A bcrypt hash verified when the username is unknown, so both paths take the same time.
    let decoyHash: String
    /// Every version of the screening instrument, from Resources/Instruments.
    let instruments: InstrumentCatalog
    /// The last facility snapshot (placement matching), checked against the database on every use.
    let facilitySnapshots = FacilitySnapshotCache()
    /// The in-memory blocking index of duplicate detection, kept in step with the database on every use.
    let matchIndex = MatchIndexStore()

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

extension BadilContext {
    /// The same context with its clock moved by `days` (the demo uses it to write a believable past).
    func shifted(days: Double) -> BadilContext {
        var copy = self
        let base = settings.clock
        copy.settings.clock = { base().addingTimeInterval(days * 86400) }
        return copy
    }
}
