import Fluent
import Vapor
import Foundation
import BadilCore

/// Consular contact for the demo: three adult Nigeriens consented to contact with the Embassy of Niger (the demo
/// `consular` account), one of them with nationality already confirmed; every other Nigerien stays invisible to it.
enum DemoConsular {
    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let supervisor = try await DemoPeople.actor("supervisor", on: db)
        let consular = try await DemoPeople.actor("consular", on: db)
        guard let country = consular.countryCode else { return }
        let today = DayDate(ctx.now)
        var chosen: [PersonRecord] = []
        for p in try await PersonRecord.query(on: db).filter(\.$nationality == country).filter(\.$mergedIntoID == nil).sort(\.$caseNumber).all()
        where !p.isChild(on: today) {
            if try await ProtectionFlag.isSet(personID: p.id!, on: db) { continue }
            chosen.append(p)
            if chosen.count == 3 { break }
        }
        for (i, p) in chosen.enumerated() {
            var input = ConsentInput()
            input.purpose = ConsentPurpose.consularContact.rawValue
            input.recipientOrganizationId = consular.organizationID
            input.givenBy = ConsentGiver.person.rawValue
            _ = try await ConsentService(db: db, ctx: ctx.shifted(days: -Double(6 - i))).record(personID: p.id!, input, by: supervisor)
        }
        if let first = chosen.first {
            var v = VerificationInput()
            v.outcome = VerificationOutcome.confirmed.rawValue
            v.note = "Birth certificate checked against the civil registry in Niamey."
            _ = try await ConsularService(db: db, ctx: ctx.shifted(days: -2)).verify(first.id!, v, by: consular)
        }
    }
}
