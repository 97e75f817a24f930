import Fluent
import Foundation
import Vapor
import BadilCore

/// Demo data for outcomes and closure: return pathways for the Nigeriens who consented to contact with their
/// embassy (counselling and consent done; nationality verification asked of the embassy, or already confirmed by
/// it), a UNHCR resettlement referral for a person with a protection flag, a closure awaiting a supervisor's
/// approval, one closed case and one reopened case.
enum DemoOutcomes {
    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let caseworker = try await DemoPeople.actor("caseworker", on: db)
        let supervisor = try await DemoPeople.actor("supervisor", on: db)
        let returning = try await returns(app, caseworker: caseworker, supervisor: supervisor)
        try await resettlement(app, by: caseworker, supervisor: supervisor)
        var others = try await candidates(excluding: Set(returning), visibleTo: caseworker, ctx: ctx, on: db)
        guard others.count >= 3 else { return }
        let pending = others.removeFirst(), closed = others.removeFirst(), reopened = others.removeFirst()
        try await close(pending, reason: .regularised, at: -2, by: caseworker, ctx: ctx, on: db)
        for (p, reason, days) in [(closed, ClosureReason.lostContact, -20.0), (reopened, ClosureReason.movedOn, -30.0)] {
            try await close(p, reason: reason, at: days, by: caseworker, ctx: ctx, on: db)
            try await approve(p, at: days + 2, by: supervisor, ctx: ctx, on: db)
        }
        let file = try await OutcomeCaseFile.find(reopened.id!, on: db)
        _ = try await ClosureService(db: db, ctx: ctx.shifted(days: -6)).reopen(
            personID: reopened.id!, ClosureReasonInput(reason: "Came back to the shelter and asked for help with a new situation."),
            expected: file.map { .version($0.version) }, by: caseworker)
    }

    /// The people with an active consular-contact consent: a pathway each, counselling and consent done; the
    /// embassy's confirmation recorded earlier is carried into the pathway, the others wait for the embassy.
    private static func returns(_ app: Application, caseworker: Actor, supervisor: Actor) async throws -> [UUID] {
        let db = app.db, ctx = app.badil
        let consular = try await DemoPeople.actor("consular", on: db)
        let ids = try await ConsentEntry.query(on: db).filter(\.$purpose == ConsentPurpose.consularContact.rawValue)
            .filter(\.$recipientOrganizationID == consular.organizationID).filter(\.$withdrawnOn == nil).all(\.$personID)
        var started: [UUID] = []
        for id in Set(ids).sorted(by: { $0.uuidString < $1.uuidString }) {
            guard let p = try await PersonRecord.find(id, on: db) else { continue }
            let who = try await actor(for: p, caseworker, supervisor, on: db)
            let service = ReturnPathwayService(db: db, ctx: ctx.shifted(days: -5))
            var v = try await service.start(personID: id, ReturnStartInput(), by: who)
            let today = DayDate(ctx.now)
            let steps: [(String, String, Int, String?)] = [
                ("counselling", "done", -5, "Options explained with an interpreter; the person wants to go home to Zinder."),
                ("informed_consent", "done", -4, "Signed the voluntary return declaration."),
            ]
            for (step, status, days, note) in steps {
                v = try await ReturnPathwayService(db: db, ctx: ctx.shifted(days: -3)).updateStep(
                    personID: id, step: step, ReturnStepInput(status: status, on: today.addingDays(days).description, note: note),
                    expected: .version(v.pathway.version), by: who)
            }
            if v.statuses[.nationalityVerification] == .pending {
                _ = try await ReturnPathwayService(db: db, ctx: ctx.shifted(days: -3)).updateStep(
                    personID: id, step: "nationality_verification",
                    ReturnStepInput(status: "in_progress", on: today.addingDays(-3).description, note: "Request sent to the Embassy of Niger."),
                    expected: .version(v.pathway.version), by: who)
            }
            started.append(id)
        }
        return started
    }

    /// A person with a protection flag is referred to UNHCR for resettlement (never to a return), accepted since.
    private static func resettlement(_ app: Application, by caseworker: Actor, supervisor: Actor) async throws {
        let db = app.db, ctx = app.badil
        for p in try await PersonRecord.query(on: db).filter(\.$mergedIntoID == nil).sort(\.$caseNumber).all() {
            guard try await ProtectionFlag.isSet(personID: p.id!, on: db) else { continue }
            let who = try await actor(for: p, caseworker, supervisor, on: db)
            let today = DayDate(ctx.now)
            let r = try await OutcomeReferralService(db: db, ctx: ctx.shifted(days: -10)).create(personID: p.id!, OutcomeReferralInput(
                kind: OutcomeReferralKind.unhcrResettlement.rawValue, organization: "UNHCR Libya", referredOn: today.addingDays(-10).description,
                note: "Registered refugee; resettlement submission prepared with UNHCR protection staff."), by: who)
            _ = try await OutcomeReferralService(db: db, ctx: ctx.shifted(days: -3)).change(
                r.id!, OutcomeReferralChangeInput(status: "accepted", on: today.addingDays(-3).description), expected: .version(r.version), by: who)
            return
        }
    }

    /// Adults in the caseworker's scope not otherwise used by this demo (the caseworker asks, the supervisor approves).
    private static func candidates(excluding: Set<UUID>, visibleTo caseworker: Actor, ctx: BadilContext, on db: any Database) async throws -> [PersonRecord] {
        let today = DayDate(ctx.now)
        var out: [PersonRecord] = []
        for p in try await RecordScopes.persons(caseworker, on: db).sort(\.$caseNumber, .descending).all()
        where !excluding.contains(p.id!) && !p.isChild(on: today) {
            if try await ProtectionFlag.isSet(personID: p.id!, on: db) { continue }
            if (try await OutcomeCaseFile.find(p.id!, on: db)?.caseStatus ?? CaseStatus.open) != CaseStatus.open { continue }
            out.append(p)
            if out.count == 3 { break }
        }
        return out
    }

    private static func close(_ p: PersonRecord, reason: ClosureReason, at days: Double, by actor: Actor, ctx: BadilContext, on db: any Database) async throws {
        let open = try await ClosureService.openMandatoryTasks(p.id!, on: db)
        _ = try await ClosureService(db: db, ctx: ctx.shifted(days: days)).request(personID: p.id!, ClosureRequestInput(
            reason: reason.rawValue, overrideReason: open > 0 ? "The remaining tasks no longer apply: the person left the programme." : nil), by: actor)
    }

    private static func approve(_ p: PersonRecord, at days: Double, by supervisor: Actor, ctx: BadilContext, on db: any Database) async throws {
        let file = try await OutcomeCaseFile.find(p.id!, on: db)
        _ = try await ClosureService(db: db, ctx: ctx.shifted(days: days)).approve(personID: p.id!, ClosureReasonInput(),
                                                                                        expected: file.map { .version($0.version) }, by: supervisor)
    }

    /// The demo caseworker when the person is in their scope, else the supervisor.
    private static func actor(for p: PersonRecord, _ caseworker: Actor, _ supervisor: Actor, on db: any Database) async throws -> Actor {
        try await RecordScopes.persons(caseworker, on: db).filter(\.$id == p.id!).count() == 1 ? caseworker : supervisor
    }
}
