import Fluent
import Vapor
import Foundation
import BadilCore

/// Synthetic arrivals and people for the demo: families, unaccompanied children held in detention,
/// people registered twice under different spellings and scripts. No real person is represented.
enum DemoPeople {
    /// A small deterministic generator so every demo looks the same.
    struct Dice {
        var state: UInt64
        mutating func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state >> 33 }
        mutating func pick<T>(_ list: [T]) -> T { list[Int(next() % UInt64(list.count))] }
        mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }
    }

    struct Name { let latin: String; let arabic: String? }

    static let male: [String: [Name]] = [
        "SDN": [Name(latin: "Mohamed Abdelrahman", arabic: "محمد عبد الرحمن"), Name(latin: "Osman Ibrahim", arabic: "عثمان إبراهيم"),
                Name(latin: "Yousif Adam", arabic: "يوسف آدم"), Name(latin: "Hamid Suleiman", arabic: "حامد سليمان")],
        "TCD": [Name(latin: "Abakar Mahamat", arabic: "أبكر محمد"), Name(latin: "Issa Moussa", arabic: "عيسى موسى"),
                Name(latin: "Hassan Abdoulaye", arabic: "حسن عبد الله")],
        "NER": [Name(latin: "Abdoulaye Issoufou", arabic: nil), Name(latin: "Moussa Hamani", arabic: nil), Name(latin: "Ibrahim Souley", arabic: nil)],
        "NGA": [Name(latin: "Chinedu Okafor", arabic: nil), Name(latin: "Abubakar Musa", arabic: nil), Name(latin: "Emeka Nwosu", arabic: nil)],
        "EGY": [Name(latin: "Ahmed Mahmoud", arabic: "أحمد محمود"), Name(latin: "Mostafa Hassan", arabic: "مصطفى حسن")],
        "ERI": [Name(latin: "Tesfay Haile", arabic: nil), Name(latin: "Yonas Gebremedhin", arabic: nil), Name(latin: "Dawit Tekle", arabic: nil)],
    ]
    static let female: [String: [Name]] = [
        "SDN": [Name(latin: "Fatima Abdallah", arabic: "فاطمة عبد الله"), Name(latin: "Amna Osman", arabic: "آمنة عثمان")],
        "TCD": [Name(latin: "Khadidja Mahamat", arabic: "خديجة محمد"), Name(latin: "Zara Abakar", arabic: "زهرة أبكر")],
        "NER": [Name(latin: "Aïchatou Moussa", arabic: nil), Name(latin: "Mariama Issa", arabic: nil)],
        "NGA": [Name(latin: "Blessing Okoro", arabic: nil), Name(latin: "Hauwa Abubakar", arabic: nil)],
        "EGY": [Name(latin: "Mariam Sayed", arabic: "مريم سيد")],
        "ERI": [Name(latin: "Senait Tesfamariam", arabic: nil), Name(latin: "Helen Berhane", arabic: nil)],
    ]
    static let languages: [String: [String]] = ["SDN": ["ar"], "TCD": ["ar", "fr"], "NER": ["ha", "fr"], "NGA": ["en", "ha"], "EGY": ["ar"], "ERI": ["ti"]]

    static func actor(_ username: String, on db: any Database) async throws -> Actor {
        guard let u = try await UserRecord.query(on: db).filter(\.$username == username).with(\.$organization).first() else {
            throw DomainError.notFound
        }
        return Actor(userID: u.id!, username: u.username, displayName: u.displayName, role: u.userRole, organizationID: u.$organization.id,
                     organizationName: u.organization.name, organizationType: u.organization.organizationType,
                     countryCode: u.organization.countryCode, team: u.team, sessionID: nil, csrfToken: nil, tokenID: nil)
    }

    static func row(_ ref: String, _ name: Name, sex: Sex, age: Int?, nat: String, needs: [UrgentNeed] = [], links: [(String, Relationship)] = [],
                    arabicOnly: Bool = false, disputed: Bool = false) -> RegistrationRow {
        RegistrationRow(ref: ref, draft: RegistrationDraft(
            nameOriginal: name.arabic, nameLatin: arabicOnly && name.arabic != nil ? nil : name.latin, sex: sex.rawValue,
            claimedAge: age, ageDisputed: disputed, nationality: nat, languages: languages[nat] ?? [], urgentNeeds: needs.map(\.rawValue)),
            links: links.map { .init(ref: $0.0, personID: nil, relationship: $0.1.rawValue) })
    }

    static func seed(_ app: Application) async throws {
        let db = app.db
        let ctx = app.badil
        let now = ctx.now
        func place(_ en: String) async throws -> LocationRecord {
            guard let l = try await LocationRecord.query(on: db).filter(\.$nameEn == en).first() else { throw DomainError.notFound }
            return l
        }
        let coast = try await actor("coast_guard", on: db)
        let officer = try await actor("detention_officer", on: db)
        let caseworker = try await actor("caseworker", on: db)
        let arrivals = ArrivalService(db: db, ctx: ctx)
        let registration = RegistrationService(db: db, ctx: ctx)
        var dice = Dice(state: 2018)

        // 1. A boat at Tripoli naval base twelve days ago: families, a pregnant woman, two boys alone.
        let boat1 = try await arrivals.create(ArrivalInput(kind: "disembarkation", locationId: try await place("Tripoli naval base").id,
                                                           occurredAt: now.addingTimeInterval(-12 * 86400), interceptingUnit: "LCG patrol boat Ubari",
                                                           reportedCount: 38), by: coast)
        var rows: [RegistrationRow] = [
            row("m1", female["SDN"]![0], sex: .female, age: 31, nat: "SDN", needs: [.pregnant]),
            row("c1", Name(latin: "Aya Abdallah", arabic: "آية عبد الله"), sex: .female, age: 7, nat: "SDN", links: [("m1", .mother)]),
            row("c2", Name(latin: "Omar Abdallah", arabic: "عمر عبد الله"), sex: .male, age: 4, nat: "SDN", links: [("m1", .mother)]),
            row("u1", Name(latin: "Adam Yahya", arabic: "آدم يحيى"), sex: .male, age: 15, nat: "SDN", needs: [.possibleUnaccompaniedChild]),
            row("u2", Name(latin: "Abakar Hassan", arabic: "أبكر حسن"), sex: .male, age: 16, nat: "TCD", needs: [.possibleUnaccompaniedChild]),
            row("f1", male["ERI"]![0], sex: .male, age: 28, nat: "ERI"),
            row("f2", female["ERI"]![0], sex: .female, age: 25, nat: "ERI", links: [("f1", .spouse)]),
            row("f3", Name(latin: "Mical Tesfay", arabic: nil), sex: .female, age: 2, nat: "ERI", links: [("f1", .father), ("f2", .mother)]),
            row("s1", Name(latin: "Hamza Idriss", arabic: "حمزة إدريس"), sex: .male, age: 14, nat: "TCD", links: [("a9", .otherRelative)]),
            row("a9", Name(latin: "Idriss Abakar", arabic: "إدريس أبكر"), sex: .male, age: 34, nat: "TCD"),
            row("med", male["NGA"]![1], sex: .male, age: 40, nat: "NGA", needs: [.medicalEmergency]),
        ]
        for i in 0..<14 {
            let nat = dice.pick(["SDN", "TCD", "NER", "NGA", "EGY", "ERI"])
            let isFemale = dice.int(0...3) == 0
            let name = dice.pick(isFemale ? female[nat]! : male[nat]!)
            rows.append(row("x\(i)", Name(latin: name.latin + (i % 3 == 0 ? "" : " " + dice.pick(["Ali", "Saleh", "Bashir", "Idris", "Omar", "Nour"])),
                                          arabic: name.arabic), sex: isFemale ? .female : .male, age: dice.int(19...45), nat: nat))
        }
        _ = try await registration.register(arrivalID: boat1.id!, rows: rows, by: coast)

        // 2. A second landing at Al Khums port five days ago.
        let boat2 = try await arrivals.create(ArrivalInput(kind: "disembarkation", locationId: try await place("Al Khums port").id,
                                                           occurredAt: now.addingTimeInterval(-5 * 86400), interceptingUnit: "LCG patrol",
                                                           reportedCount: 22), by: coast)
        var rows2: [RegistrationRow] = [
            row("n1", female["NER"]![0], sex: .female, age: 22, nat: "NER"),
            row("n2", Name(latin: "Ousmane Moussa", arabic: nil), sex: .male, age: 3, nat: "NER", links: [("n1", .mother)]),
            row("g1", Name(latin: "Yusuf Bello", arabic: nil), sex: .male, age: 17, nat: "NGA", needs: [.possibleChild]),
            row("e1", male["EGY"]![0], sex: .male, age: 52, nat: "EGY", needs: [.disability]),
        ]
        for i in 0..<10 {
            let nat = dice.pick(["NER", "NGA", "TCD", "SDN"])
            rows2.append(row("y\(i)", dice.pick(male[nat]!), sex: .male, age: dice.int(18...40), nat: nat))
        }
        _ = try await registration.register(arrivalID: boat2.id!, rows: rows2, by: coast)

        // 3. Detention intakes: some of the same people, registered again under other spellings or in Arabic script.
        let intake = try await arrivals.create(ArrivalInput(kind: "detention_intake", locationId: try await place("Tariq al-Matar detention centre").id,
                                                            occurredAt: now.addingTimeInterval(-9 * 86400), interceptingUnit: nil, reportedCount: nil), by: officer)
        _ = try await registration.register(arrivalID: intake.id!, rows: [
            row("d1", Name(latin: "Adam Yehia", arabic: "ادم يحي"), sex: .male, age: 15, nat: "SDN"),
            row("d2", Name(latin: "Mohamed Abderrahmane", arabic: "محمد عبدالرحمن"), sex: .male, age: 29, nat: "SDN"),
            row("d3", Name(latin: "Abdelkarim Saleh", arabic: "عبد الكريم صالح"), sex: .male, age: 16, nat: "TCD", disputed: true),
            row("d4", Name(latin: "Ibrahim Adam", arabic: "إبراهيم آدم"), sex: .male, age: 36, nat: "SDN"),
        ], by: officer)
        let intake2 = try await arrivals.create(ArrivalInput(kind: "detention_intake", locationId: try await place("Abu Salim detention centre").id,
                                                             occurredAt: now.addingTimeInterval(-3 * 86400), interceptingUnit: nil, reportedCount: nil), by: officer)
        _ = try await registration.register(arrivalID: intake2.id!, rows: [
            row("k1", Name(latin: "Abakar Hassane", arabic: nil), sex: .male, age: 16, nat: "TCD"),
            row("k2", Name(latin: "Blessing Okoro", arabic: nil), sex: .female, age: 24, nat: "NGA"),
            row("k3", Name(latin: "Chinedu Okafor", arabic: nil), sex: .male, age: 13, nat: "NGA"),
        ], by: officer)

        // 4. People moved from the quay to detention (the usual path), including a boy travelling alone.
        let persons = PersonService(db: db, ctx: ctx)
        let tajoura = try await place("Tajoura detention centre")
        let firstBoat = try await PersonRecord.query(on: db).filter(\.$arrival.$id == boat1.id!).sort(\.$caseNumber).all()
        for p in firstBoat where ["Abakar Hassan", "Idriss Abakar", "Hamza Idriss"].contains(p.nameLatin ?? "") || p.nameLatin?.hasPrefix("Chinedu") == true {
            try await persons.move(p.id!, to: tajoura.id, reason: "handed over to DCIM", at: now.addingTimeInterval(-11 * 86400), by: coast)
        }
        // 5. A caseworker's age assessment confirms one boy is a child.
        if let boy = try await PersonRecord.query(on: db).filter(\.$nameLatin == "Abdelkarim Saleh").first() {
            _ = try await persons.update(boy.id!, PersonUpdateInput(assessedAge: 16, assessmentMethod: "interview", ageDisputed: false),
                                         cleared: [], expected: .any, by: caseworker)
        }
        _ = try await DuplicateSweep(db: db, ctx: ctx).run(holder: "demo")
    }
}
