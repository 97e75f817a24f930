import Fluent
import Foundation
import Vapor
import BadilCore

/// Demo data for child protection (all names synthetic):
/// - Abakar Hassan (16, alone): interim care and an assessment at identification, then a foster family (so a BIA after the change
///   of care is due), a guardian appointed by the Ministry, and a tracing request for his mother "Fatma Adam", who is
///   registered elsewhere in Arabic script only as "فاطمة آدم": she appears as a candidate.
/// - Adam Yahya (15, alone): assessed, a panel determination (family reunification) confirmed by the supervisor, and a
///   verified match with his father "يحيى آدم", ready for the reunification to be recorded.
/// - The other children have no assessment yet (the home page counts them).
enum DemoChildren {
    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let caseworker = try await DemoPeople.actor("caseworker", on: db)
        let supervisor = try await DemoPeople.actor("supervisor", on: db)
        let officer = try await DemoPeople.actor("detention_officer", on: db)
        guard let abakar = try await PersonRecord.query(on: db).filter(\.$nameLatin == "Abakar Hassan").first(),
              let adam = try await PersonRecord.query(on: db).filter(\.$nameLatin == "Adam Yahya").first(),
              let abuSalim = try await LocationRecord.query(on: db).filter(\.$nameEn == "Abu Salim detention centre").first() else { return }

        // The parents, registered at a detention intake in Arabic script only.
        let intake = try await ArrivalService(db: db, ctx: ctx.shifted(days: -6)).create(
            ArrivalInput(kind: "detention_intake", locationId: abuSalim.id, occurredAt: ctx.now.addingTimeInterval(-6 * 86400), interceptingUnit: nil,
                         reportedCount: nil), by: officer)
        let parents = try await RegistrationService(db: db, ctx: ctx.shifted(days: -6)).register(arrivalID: intake.id!, rows: [
            DemoPeople.row("p1", DemoPeople.Name(latin: "", arabic: "فاطمة آدم"), sex: .female, age: 41, nat: "TCD", arabicOnly: true),
            DemoPeople.row("p2", DemoPeople.Name(latin: "", arabic: "يحيى آدم"), sex: .male, age: 47, nat: "SDN", arabicOnly: true),
        ], by: officer)
        let mother = parents[0].person, father = parents[1].person

        func day(_ offset: Int) -> String { DayDate(ctx.now).addingDays(-offset).description }
        func consent(_ p: PersonRecord, _ giver: ConsentGiver, _ offset: Int) async throws {
            var input = ConsentInput()
            input.purpose = ConsentPurpose.tracing.rawValue
            input.givenBy = giver.rawValue
            input.givenOn = day(offset)
            _ = try await ConsentService(db: db, ctx: ctx.shifted(days: -Double(offset))).record(personID: p.id!, input, by: caseworker)
        }
        try await consent(abakar, .guardian, 7)
        try await consent(mother, .person, 5)
        try await consent(adam, .guardian, 10)
        try await consent(father, .person, 5)

        try await seedAbakar(app, abakar, caseworker: caseworker)
        try await seedAdam(app, adam, father: father, caseworker: caseworker, supervisor: supervisor)
    }

    static func bia(_ trigger: BIATrigger, on day: String, care: CareType, recommendation: String) -> BIAInput {
        BIAInput(conductedOn: day, trigger: trigger.rawValue, safety: "Safe where he stays now; no contact with smugglers since arrival.",
                 health: "Seen by the clinic; no urgent need.", education: "Out of school for two years; wants to learn a trade.",
                 familyContact: "No contact with his family since leaving home.", childHeard: true,
                 childViews: "Wants to find his family and be with them.", notHeardReason: nil, recommendation: recommendation,
                 recommendedCare: care.rawValue)
    }

    private static func seedAbakar(_ app: Application, _ child: PersonRecord, caseworker: Actor) async throws {
        let db = app.db, ctx = app.badil
        func day(_ offset: Int) -> String { DayDate(ctx.now).addingDays(-offset).description }
        let id = child.id!
        _ = try await CareArrangementService(db: db, ctx: ctx.shifted(days: -10)).record(personID: id, CareInput(
            careType: CareType.interimCare.rawValue, caregiver: "Ministry child-friendly centre, Tripoli", startedOn: day(10), notes: nil), by: caseworker)
        _ = try await BestInterestsService(db: db, ctx: ctx.shifted(days: -10)).assess(personID: id, bia(
            .identification, on: day(10), care: .fosterFamily, recommendation: "Interim care now, then a foster family while his family is traced."), by: caseworker)
        _ = try await GuardianService(db: db, ctx: ctx.shifted(days: -8)).appoint(personID: id, GuardianInput(
            name: "Mona Khalil", role: GuardianRole.appointedGuardian.rawValue, organisation: "Ministry of Social Affairs", appointedOn: day(8)), by: caseworker)
        _ = try await CareArrangementService(db: db, ctx: ctx.shifted(days: -2)).record(personID: id, CareInput(
            careType: CareType.fosterFamily.rawValue, caregiver: "Foster family Al-Zawi, Souq al-Jumaa", startedOn: day(2),
            notes: "Placed with a trained foster family."), by: caseworker)
        _ = try await TracingService(db: db, ctx: ctx.shifted(days: -1)).create(personID: id, TracingRequestInput(
            soughtNameOriginal: nil, soughtNameLatin: "Fatma Adam", soughtSex: nil, soughtBirthYear: nil, soughtApproxAge: 40,
            relationship: TracingRelationship.mother.rawValue, lastKnownPlace: "Sabha, bus station", lastSeenOn: day(200), notes: nil), by: caseworker)
    }

    private static func seedAdam(_ app: Application, _ child: PersonRecord, father: PersonRecord, caseworker: Actor, supervisor: Actor) async throws {
        let db = app.db, ctx = app.badil
        func day(_ offset: Int) -> String { DayDate(ctx.now).addingDays(-offset).description }
        let id = child.id!
        _ = try await BestInterestsService(db: db, ctx: ctx.shifted(days: -9)).assess(personID: id, bia(
            .identification, on: day(9), care: .familyBased, recommendation: "Reunify with his father once the relationship is verified."), by: caseworker)
        let bid = try await BestInterestsService(db: db, ctx: ctx.shifted(days: -4)).determine(personID: id, BIDInput(
            decidedOn: day(4), solution: DurableSolution.familyReunification.rawValue,
            rationale: "The father is in Libya, wishes to care for his son, and the child wishes to live with him.",
            panel: [PanelMember(name: "Karim Benali", role: "Chair, protection supervisor", organisation: "IOM Libya"),
                    PanelMember(name: "Huda Al-Mansouri", role: "Social worker", organisation: "Ministry of Social Affairs"),
                    PanelMember(name: "Samir Gaddour", role: "Child protection officer", organisation: "Amal Shelter Network")]), by: caseworker)
        _ = try await BestInterestsService(db: db, ctx: ctx.shifted(days: -3)).confirm(bid.id!, expected: .version(bid.version), by: supervisor)
        let tracing = TracingService(db: db, ctx: ctx.shifted(days: -3))
        let request = try await tracing.create(personID: id, TracingRequestInput(
            soughtNameOriginal: "يحيى آدم", soughtNameLatin: "Yahya Adam", soughtSex: Sex.male.rawValue, soughtBirthYear: nil, soughtApproxAge: 47,
            relationship: TracingRelationship.father.rawValue, lastKnownPlace: "Kufra", lastSeenOn: day(150), notes: nil), by: caseworker)
        let match = try await tracing.propose(request.id!, TracingMatchInput(personId: father.id, requestId: nil), by: caseworker)
        _ = try await TracingService(db: db, ctx: ctx.shifted(days: -1)).verify(match.id!, TracingVerifyInput(
            method: VerificationMethod.interview.rawValue, verifiedOn: day(1), seekerWishes: true, soughtWishes: true,
            notes: "Separate interviews gave the same family details; the father has a family booklet."), expected: .version(match.version), by: caseworker)
    }
}
