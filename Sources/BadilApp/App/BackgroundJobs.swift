import Foundation
import NIOCore
import Vapor

/// Recurring work of a running server: the duplicate sweep and the expiry of referrals past their deadline. Each run takes a lease in the database,
/// so with several instances on one PostgreSQL only one sweeps at a time.
struct BackgroundJobs: LifecycleHandler {
    let interval: TimeAmount

    func didBootAsync(_ app: Application) async throws {
        let index = app.badil.matchIndex, db = app.db, logger = app.logger
        Task { await index.warmUp(on: db, logger: logger) }
        let holder = "instance-\(UUID().uuidString.prefix(8))"
        let task = app.eventLoopGroup.next().scheduleRepeatedAsyncTask(initialDelay: .seconds(30), delay: interval) { _ in
            let promise = app.eventLoopGroup.next().makePromise(of: Void.self)
            promise.completeWithTask {
                do {
                    if let checked = try await DuplicateSweep(db: app.db, ctx: app.badil).run(holder: holder), checked > 0 {
                        app.logger.info("duplicate sweep checked \(checked) records")
                    }
                } catch {
                    app.logger.error("duplicate sweep failed: \(String(reflecting: type(of: error)))")
                }
                do {
                    let expired = try await ReferralService(db: app.db, ctx: app.badil).expireDue()
                    if expired > 0 { app.logger.info("\(expired) referrals expired") }
                } catch {
                    app.logger.error("referral expiry failed: \(String(reflecting: type(of: error)))")
                }
            }
            return promise.futureResult
        }
        app.storage[Key.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[Key.self]?.cancel()
    }

    private struct Key: StorageKey { typealias Value = RepeatedTask }
}
