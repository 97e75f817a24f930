import Fluent
import Foundation
import Vapor
import BadilCore

/// Case management for the demo. The people staying in alternative accommodation who are visible to the demo
/// `caseworker` (topped up with other adults to three) are assigned to them: the first has a plan (one mandatory
/// step overdue), services delivered, a referral with consent, visits, a restricted and a normal note; the second has
/// had no contact for 25 days; the third has an overdue task. The adult placed under an approved decision is
/// re-detained, so the alert and the reopened decision show.
enum DemoCase {
    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let caseworker = try await DemoPeople.actor("caseworker", on: db)
        let supervisor = try await DemoPeople.actor("supervisor", on: db)
        let placed = try await placedPeople(visibleTo: caseworker, ctx: ctx, on: db)
        let today = DayDate(ctx.now)
        let redetained = try await approvedCandidate(placed.filter { !$0.isChild(on: today) }, on: db)
        var held = placed.filter { $0.id != redetained?.id }
        if held.count < 3 {
            let taken = Set(placed.compactMap(\.id))
            held += try await RecordScopes.persons(caseworker, on: db).sort(\.$caseNumber).limit(40).all()
                .filter { !taken.contains($0.id!) && !$0.isChild(on: today) }.prefix(3 - held.count)
        }
        guard held.count >= 3 else { return }
        for (i, p) in held.enumerated() {
            let files = CaseFileService(db: db, ctx: ctx.shifted(days: -Double(25 + i)))
            _ = try await files.assign(personID: p.id!, CaseAssignmentInput(caseworkerId: caseworker.userID, team: caseworker.team),
                                       expected: .any, by: supervisor)
        }
        try await fullCase(held[0], caseworker: caseworker, supervisor: supervisor, ctx: ctx, on: db)
        var task = CaseTaskInput()
        task.title = "Accompany to the passport office"
        task.dueOn = DayDate(ctx.shifted(days: -3).now).description
        _ = try await CaseTaskService(db: db, ctx: ctx.shifted(days: -10)).create(personID: held[2].id!, task, by: caseworker)
        if let p = redetained {
            _ = try await CaseFileService(db: db, ctx: ctx.shifted(days: -30)).assign(personID: p.id!, CaseAssignmentInput(caseworkerId: caseworker.userID, team: caseworker.team),
                                                                                      expected: .any, by: supervisor)
            try await reDetain(p, by: caseworker, ctx: ctx, on: db)
        }
    }

    /// People with an open stay at a facility, visible to the caseworker: adults first, by case number.
    static func placedPeople(visibleTo actor: Actor, ctx: BadilContext, on db: any Database) async throws -> [PersonRecord] {
        let facilityLocations = Set(try await FacilityRecord.query(on: db).all().map { $0.$location.id })
        let stays = try await StayRecord.query(on: db).filter(\.$endedAt == nil).all().filter { facilityLocations.contains($0.$location.id) }
        let today = DayDate(ctx.now)
        return try await RecordScopes.visiblePersons(stays.map(\.personID), actor, on: db).values
            .sorted { ($0.isChild(on: today) ? 1 : 0, $0.caseNumber) < ($1.isChild(on: today) ? 1 : 0, $1.caseNumber) }
    }

    /// The last of `people` placed under an approved alternative decision.
    static func approvedCandidate(_ people: [PersonRecord], on db: any Database) async throws -> PersonRecord? {
        let approved = Set(try await DecisionRecord.query(on: db).filter(\.$personID ~~ people.compactMap(\.id))
            .filter(\.$status == DecisionStatus.approved.rawValue).filter(\.$outcome != DecisionOutcome.detentionLastResort.rawValue).all(\.$personID))
        return people.last { approved.contains($0.id!) }
    }

    private static func fullCase(_ p: PersonRecord, caseworker: Actor, supervisor: Actor, ctx: BadilContext, on db: any Database) async throws {
        let id = p.id!
        func at(_ days: Double) -> BadilContext { ctx.shifted(days: days) }
        func day(_ days: Double) -> String { DayDate(ctx.shifted(days: days).now).description }
        let provider = try await OrganizationRecord.query(on: db).filter(\.$type == OrganizationType.ngoOperator.rawValue).sort(\.$name).first()
        let goal = try await CasePlanService(db: db, ctx: at(-20)).addGoal(personID: id, CaseGoalInput(text: "Regular legal status and stable housing", status: nil), by: caseworker)
        _ = try await CasePlanService(db: db, ctx: at(-20)).addItem(personID: id, CasePlanItemInput(
            goalId: goal.id, serviceType: CaseServiceType.documentation.rawValue, description: "Obtain a consular identity document",
            responsibleOrganizationId: nil, responsibleName: "Caseworker with the embassy", dueOn: day(-6), mandatory: true), by: caseworker)
        _ = try await CasePlanService(db: db, ctx: at(-20)).addItem(personID: id, CasePlanItemInput(
            goalId: goal.id, serviceType: CaseServiceType.legal.rawValue, description: "Legal counselling on the asylum procedure",
            responsibleOrganizationId: provider?.id, responsibleName: provider == nil ? "Legal aid clinic" : nil, dueOn: day(12), mandatory: false), by: caseworker)
        _ = try await CasePlanService(db: db, ctx: at(-20)).addItem(personID: id, CasePlanItemInput(
            goalId: nil, serviceType: CaseServiceType.mhpss.rawValue, description: "Weekly psychosocial group sessions",
            responsibleOrganizationId: nil, responsibleName: "IOM MHPSS team", dueOn: nil, mandatory: false), by: caseworker)
        let contact = CaseContactService(db: db, ctx: at(-15))
        _ = try await contact.recordService(personID: id, CaseServiceInput(mode: nil, serviceType: CaseServiceType.medical.rawValue, on: day(-15),
                                                                            providerOrganizationId: nil, planItemId: nil, notes: "General check-up; no follow-up needed."), by: caseworker)
        _ = try await CaseContactService(db: db, ctx: at(-12)).recordService(personID: id, CaseServiceInput(
            mode: nil, serviceType: CaseServiceType.materialAssistance.rawValue, on: day(-12), providerOrganizationId: nil, planItemId: nil,
            notes: "Hygiene kit and winter clothes."), by: caseworker)
        if let provider {
            var consent = ConsentInput()
            consent.purpose = ConsentPurpose.referral.rawValue
            consent.recipientOrganizationId = provider.id
            consent.givenBy = ConsentGiver.person.rawValue
            _ = try await ConsentService(db: db, ctx: at(-6)).record(personID: id, consent, by: caseworker)
            _ = try await CaseContactService(db: db, ctx: at(-5)).recordService(personID: id, CaseServiceInput(
                mode: CaseServiceMode.referral.rawValue, serviceType: CaseServiceType.legal.rawValue, on: day(-5), providerOrganizationId: provider.id,
                planItemId: nil, notes: "Referred for legal counselling; appointment requested."), by: caseworker)
        }
        _ = try await CaseContactService(db: db, ctx: at(-10)).recordVisit(personID: id, CaseVisitInput(
            kind: CaseVisitKind.facility.rawValue, visitedOn: day(-10), findings: "Settled in; shares a room with two compatriots. Asked about work.",
            wellbeingConcern: false, nextVisitOn: day(-3)), by: caseworker)
        _ = try await CaseContactService(db: db, ctx: at(-2)).recordVisit(personID: id, CaseVisitInput(
            kind: CaseVisitKind.phone.rawValue, visitedOn: day(-2), findings: "Reports trouble sleeping since news from home.",
            wellbeingConcern: true, nextVisitOn: day(5)), by: caseworker)
        _ = try await CaseNoteService(db: db, ctx: at(-2)).add(personID: id, CaseNoteInput(
            text: "Disclosed violence suffered during the journey; wishes it kept confidential. Offered specialised support.", confidentiality: "restricted"), by: caseworker)
        _ = try await CaseNoteService(db: db, ctx: at(-1)).add(personID: id, CaseNoteInput(
            text: "Supervisor reviewed the plan with the caseworker: keep the weekly psychosocial sessions.", confidentiality: "normal"), by: supervisor)
    }

    /// Re-detained today at a detention centre other than where they stay.
    private static func reDetain(_ p: PersonRecord, by actor: Actor, ctx: BadilContext, on db: any Database) async throws {
        guard let centre = try await LocationRecord.query(on: db).filter(\.$type == LocationType.detentionCentre.rawValue).filter(\.$active == true)
            .sort(\.$nameEn).first() else { return }
        let input = IncidentInput(kind: IncidentKind.reDetained.rawValue, occurredOn: DayDate(ctx.now).description, locationId: centre.id,
                                  notes: "Stopped at a checkpoint without papers and taken to the detention centre.")
        _ = try await IncidentService(db: db, ctx: ctx).record(personID: p.id!, input, by: actor)
    }
}
