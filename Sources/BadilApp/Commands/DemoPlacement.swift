import Fluent
import Vapor
import Foundation
import BadilCore

/// Facilities with their beds, and referrals at every stage for the demo: a family placed with a host
/// family, a child waiting for a child-friendly centre with the deadline close, a mother and her children
/// accepted at the women's shelter with a transfer planned, a boy handed over and on his way, a decline.
enum DemoPlacement {
    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let operatorActor = try await DemoPeople.actor("facility_operator", on: db)
        let ministry = try await DemoPeople.actor("social_worker", on: db)
        let caseworker = try await DemoPeople.actor("caseworker", on: db)
        let officer = try await DemoPeople.actor("detention_officer", on: db)

        func place(_ en: String) async throws -> LocationRecord? { try await LocationRecord.query(on: db).filter(\.$nameEn == en).first() }
        var facilities: [String: FacilityRecord] = [:]
        let profiles: [(String, [String: Int], [String], [String], String?)] = [
            ("Tripoli Women's Shelter", ["female": 20, "family_room": 12], ["women_only", "families", "children"], ["ar", "en"], nil),
            ("Tripoli Open Reception Centre", ["male": 30, "female": 10, "family_room": 10], ["families", "children", "medical_support"], ["ar", "fr", "en", "ha"], nil),
            ("Misrata Women and Children Shelter", ["female": 10, "family_room": 16], ["women_only", "families", "children", "medical_support"], ["ar"], nil),
            ("Misrata Community Host Families", ["family_room": 20], ["families", "children"], ["ar", "ti"], nil),
            ("Tripoli Safe House for Children", ["child": 8], ["children", "unaccompanied_children"], ["ar", "en"], nil),
            ("Benghazi Safe House", ["female": 6], ["women_only", "wheelchair_access"], ["ar"], nil),
            ("Janzour Child-Friendly Centre", ["child": 12], ["children", "unaccompanied_children"], ["ar", "fr"], nil),
            ("Zawiya Child-Friendly Centre", ["child": 10], ["children", "unaccompanied_children"], ["ar"], "temporarily_closed"),
        ]
        for (name, capacity, suits, languages, status) in profiles {
            guard let location = try await place(name) else { continue }
            let actor = location.locationType == .childFriendlyCentre ? ministry : operatorActor
            var input = FacilityInput()
            input.locationId = location.id
            input.capacity = capacity
            input.suitability = suits
            input.languages = languages
            input.status = status ?? "open"
            input.contact = "+218 21 000 0000 (duty phone)"
            facilities[name] = try await FacilityService(db: db, ctx: ctx).create(input, by: actor)
        }

        func person(_ latin: String) async throws -> PersonRecord? {
            try await PersonRecord.query(on: db).filter(\.$nameLatin == latin).filter(\.$mergedIntoID == nil).sort(\.$caseNumber).first()
        }
        func consent(_ p: PersonRecord, to facility: FacilityRecord, by giver: ConsentGiver, daysAgo: Double) async throws {
            let location = try await facility.$location.get(on: db)
            var input = ConsentInput()
            input.purpose = ConsentPurpose.referral.rawValue
            input.recipientOrganizationId = location.$operatorOrganization.id
            input.givenBy = giver.rawValue
            _ = try await ConsentService(db: db, ctx: ctx.shifted(days: -daysAgo)).record(personID: p.id!, input, by: caseworker)
        }
        func refer(_ people: [PersonRecord], to name: String, daysAgo: Double, givers: [ConsentGiver]) async throws -> [ReferralRecord] {
            guard let facility = facilities[name] else { return [] }
            for (p, giver) in zip(people, givers) { try await consent(p, to: facility, by: giver, daysAgo: daysAgo) }
            var input = ReferralInput()
            input.personIds = people.compactMap(\.id)
            input.facilityId = facility.id
            return try await ReferralService(db: db, ctx: ctx.shifted(days: -daysAgo)).refer(input, by: caseworker)
        }
        let today = DayDate(ctx.now)

        // A family from the quay, placed with a host family in Misrata three days ago.
        if let father = try await person("Tesfay Haile"), let mother = try await person("Senait Tesfamariam"), let child = try await person("Mical Tesfay") {
            let refs = try await refer([father, mother, child], to: "Misrata Community Host Families", daysAgo: 6, givers: [.person, .person, .parent])
            if let first = refs.first {
                _ = try await ReferralService(db: db, ctx: ctx.shifted(days: -5)).accept(first.id!, expected: .any, by: operatorActor)
                var t = TransferInput()
                t.referralIds = refs.compactMap(\.id)
                t.date = DayDate(ctx.shifted(days: -3).now).description
                t.vehicle = "IOM minibus, plate 5-12345"
                let transfers = TransferService(db: db, ctx: ctx.shifted(days: -3))
                let transfer = try await transfers.create(t, by: caseworker)
                for r in refs { _ = try await transfers.record(.handOver, transferID: transfer.transfer.id!, referralID: r.id, reason: nil, by: caseworker) }
                for r in refs { _ = try await transfers.record(.arrive, transferID: transfer.transfer.id!, referralID: r.id, reason: nil, by: operatorActor) }
            }
        }
        // A boy alone in Tajoura: referred to a child-friendly centre 43 hours ago; the Ministry has five hours left to decide.
        if let boy = try await person("Abakar Hassan") {
            _ = try await refer([boy], to: "Janzour Child-Friendly Centre", daysAgo: 43.0 / 24, givers: [.guardian])
        }
        // A pregnant mother and her two children: accepted at the women's shelter, transfer planned for tomorrow.
        if let mother = try await person("Fatima Abdallah"), let aya = try await person("Aya Abdallah"), let omar = try await person("Omar Abdallah") {
            let refs = try await refer([mother, aya, omar], to: "Tripoli Women's Shelter", daysAgo: 1, givers: [.person, .parent, .parent])
            if let first = refs.first {
                _ = try await ReferralService(db: db, ctx: ctx.shifted(days: -0.5)).accept(first.id!, expected: .any, by: operatorActor)
                var t = TransferInput()
                t.referralIds = refs.compactMap(\.id)
                t.date = today.addingDays(1).description
                t.vehicle = "Amal Shelter Network van"
                t.notes = "Antenatal appointment on arrival"
                _ = try await TransferService(db: db, ctx: ctx).create(t, by: caseworker)
            }
        }
        // A boy in Tariq al-Matar: accepted at the safe house for children, handed over this morning, not yet arrived.
        if let boy = try await person("Adam Yehia") {
            let refs = try await refer([boy], to: "Tripoli Safe House for Children", daysAgo: 2, givers: [.guardian])
            if let r = refs.first {
                _ = try await ReferralService(db: db, ctx: ctx.shifted(days: -1.5)).accept(r.id!, expected: .any, by: operatorActor)
                var t = TransferInput()
                t.referralIds = [r.id!]
                t.date = today.description
                t.vehicle = "DCIM vehicle with IOM escort"
                let transfer = try await TransferService(db: db, ctx: ctx.shifted(days: -0.2)).create(t, by: caseworker)
                _ = try await TransferService(db: db, ctx: ctx.shifted(days: -0.1)).record(.handOver, transferID: transfer.transfer.id!, referralID: r.id,
                                                                                             reason: nil, by: officer)
            }
        }
        // An uncle and his nephew in Tajoura: declined by the open centre (no room for them together this week).
        if let uncle = try await person("Idriss Abakar"), let nephew = try await person("Hamza Idriss") {
            let refs = try await refer([uncle, nephew], to: "Tripoli Open Reception Centre", daysAgo: 4, givers: [.person, .guardian])
            if let first = refs.first {
                _ = try await ReferralService(db: db, ctx: ctx.shifted(days: -3)).decline(first.id!, declineReason: DeclineReason.noCapacity.rawValue,
                                                                                         reason: "Family rooms full until the end of the month",
                                                                                         expected: .any, by: operatorActor)
            }
        }
    }
}
