import Fluent
import Foundation
import BadilCore

/// Everything on a person's case at once, for the case page and `GET /persons/{id}/case` (one audited read).
struct CaseOverview: Sendable {
    let person: PersonRecord
    /// Nil until the first case action.
    let file: CaseFileRecord?
    let caseworker: UserRecord?
    let plan: CasePlanService.Plan
    let services: [CaseServiceRecord]
    let visits: [CaseVisitRecord]
    let notes: [CaseNoteRecord]
    let tasks: [CaseTaskRecord]
    let organizations: [UUID: OrganizationRecord]
    let today: DayDate

    var version: Int { file?.version ?? 0 }

    static func load(personID: UUID, by actor: Actor, ctx: BadilContext, on db: any Database, audit: Bool = true) async throws -> CaseOverview {
        try actor.requireCaseRead()
        let person = try await CaseFileService.visiblePerson(personID, actor, on: db)
        let file = try await CaseFileService(db: db, ctx: ctx).existing(personID: personID, on: db)
        let contact = CaseContactService(db: db, ctx: ctx)
        let plan = try await CasePlanService(db: db, ctx: ctx).plan(personID: personID, on: db)
        let services = try await contact.services(personID: personID, on: db)
        let orgs = try await CasePlanService.organizations(services.compactMap(\.providerOrganizationID), on: db)
        var caseworker: UserRecord?
        if let id = file?.caseworkerID { caseworker = try await UserRecord.find(id, on: db) }
        let overview = CaseOverview(
            person: person, file: file, caseworker: caseworker,
            plan: plan, services: services, visits: try await contact.visits(personID: personID, on: db),
            notes: try await CaseNoteService.readable(personID: personID, by: actor, on: db),
            tasks: try await CaseTaskService(db: db, ctx: ctx).list(personID: personID, by: actor),
            organizations: orgs.merging(plan.organizations) { a, _ in a }, today: DayDate(ctx.now))
        if audit {
            let now = ctx.now
            try await db.writeTransaction { db in
                try await AuditLog.append(AuditEntry("case.read", "person", personID), by: AuditActor(actor), at: now, on: db)
            }
        }
        return overview
    }
}
