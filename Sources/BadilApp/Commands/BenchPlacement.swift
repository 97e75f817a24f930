import Fluent
import Foundation
import SQLKit
import Vapor
import BadilCore

/// `badil bench-placement`: builds facilities with live occupancy (people staying, pending and accepted
/// referrals) and a family of six in detention, then times `PlacementService.options` for the family:
/// database reads (facilities, occupancy, family, current stay) plus the ranking, as a caseworker's request does.
struct BenchPlacementCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "facilities", help: "facilities to create (default 500)") var facilities: Int?
        @Option(name: "staying", help: "people staying in them (default 10000)") var staying: Int?
        @Option(name: "referrals", help: "referrals holding beds (default 2000)") var referrals: Int?
        @Option(name: "queries", help: "timed requests (default 1000)") var queries: Int?
        @Option(name: "out", help: "where to write the JSON result") var out: String?
    }

    var help: String { "Benchmarks only: times placement matching for a family of six across many facilities." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let db = app.db
        let ctx = app.badil
        let facilityCount = signature.facilities ?? 500
        let stayingCount = signature.staying ?? 10_000
        let referralCount = signature.referrals ?? 2000
        let queries = signature.queries ?? 1000
        var dice = DemoPeople.Dice(state: 5)
        let started = Date()

        let iom = try await AccountSetup.organization(named: "Bench IOM", type: .iom, on: db, ctx: ctx)
        var operators: [OrganizationRecord] = []
        for i in 0..<20 { operators.append(try await AccountSetup.organization(named: "Bench NGO \(i)", type: .ngoOperator, on: db, ctx: ctx)) }
        let password = "bench-" + Digest.randomToken()
        let existing = try await UserRecord.query(on: db).filter(\.$username == "bench_supervisor").first()
        let user: UserRecord
        if let existing { user = existing } else {
            user = try await AccountSetup.user(username: "bench_supervisor", displayName: "Bench supervisor", role: .supervisor,
                                               organization: iom, password: password, enforcePolicy: false, on: db, ctx: ctx)
        }
        let actor = Actor(userID: user.id!, username: user.username, displayName: user.displayName, role: .supervisor, organizationID: iom.id!,
                          organizationName: iom.name, organizationType: .iom, countryCode: nil, team: nil, sessionID: nil, csrfToken: nil, tokenID: nil)

        // Places: a detention centre and the facilities, spread over Libya.
        func location(_ type: LocationType, _ name: String, operatorID: UUID) async throws -> LocationRecord {
            let l = LocationRecord()
            l.id = UUID(); l.type = type.rawValue; l.nameEn = name; l.nameFr = name; l.nameAr = name; l.pcode = nil
            l.$operatorOrganization.id = operatorID
            l.latitude = 30 + Double(dice.int(0...3000)) / 1000; l.longitude = 10 + Double(dice.int(0...15000)) / 1000
            l.active = true; l.version = 1
            try await l.create(on: db)
            return l
        }
        let centre = try await location(.detentionCentre, "Bench detention centre", operatorID: iom.id!)
        let types: [LocationType] = [.shelter, .childFriendlyCentre, .safeHouse, .communityPlacement, .openCentre]
        var facilities: [FacilityRecord] = []
        for i in 0..<facilityCount {
            let type = types[i % types.count]
            let l = try await location(type, "Bench facility \(i)", operatorID: operators[i % operators.count].id!)
            let f = FacilityRecord()
            f.id = UUID(); f.$location.id = l.id!; f.status = (i % 10 == 9 ? FacilityStatus.full : .open).rawValue
            var suits: Set<FacilitySuitability> = []
            if type == .childFriendlyCentre { suits = [.children, .unaccompaniedChildren] }
            if dice.int(0...2) > 0 { suits.insert(.families); suits.insert(.children) }
            if dice.int(0...4) == 0 { suits.insert(.medicalSupport) }
            if dice.int(0...4) == 0 { suits.insert(.wheelchairAccess) }
            let womenOnly = type == .safeHouse && dice.int(0...1) == 0
            if womenOnly { suits.insert(.womenOnly) }
            f.capMale = womenOnly ? 0 : dice.int(0...40); f.capFemale = dice.int(0...40); f.capFamilyRoom = suits.contains(.families) ? dice.int(4...40) : 0
            f.capChild = suits.contains(.unaccompaniedChildren) ? dice.int(5...30) : 0
            f.suitability = suits.map(\.rawValue).sorted().joined(separator: ",")
            f.languages = Array(Set([dice.pick(["ar", "en", "fr"]), dice.pick(["ha", "ti", "so", "ar"])])).sorted().joined(separator: ",")
            f.lockSeq = 0; f.version = 1
            facilities.append(f)
        }
        for chunk in PersonWrites.chunks(facilities, size: 200) { try await db.writeTransaction { db in for f in chunk { try await f.create(on: db) } } }
        context.console.print("\(facilityCount) facilities in \(Int(Date().timeIntervalSince(started))) s")

        // People staying in them, and referrals holding beds.
        let arrival = try await ArrivalService(db: db, ctx: ctx).create(ArrivalInput(kind: "detention_intake", locationId: centre.id, occurredAt: ctx.now,
                                                                                   interceptingUnit: nil, reportedCount: nil), by: actor)
        let registration = RegistrationService(db: db, ctx: ctx)
        var residents: [UUID] = []
        while residents.count < stayingCount + referralCount {
            let n = min(1000, stayingCount + referralCount - residents.count)
            let rows = (0..<n).map { i in
                RegistrationRow(ref: nil, draft: RegistrationDraft(nameLatin: "Resident \(residents.count + i)", sex: dice.int(0...2) == 0 ? "female" : "male",
                                                                   claimedAge: dice.int(18...60), nationality: "NER"), links: [])
            }
            residents += try await registration.register(arrivalID: arrival.id!, rows: rows, by: actor).map { $0.person.id! }
        }
        let kinds: [BedKind] = [.male, .female, .familyRoom]
        for chunk in PersonWrites.chunks(Array(residents.prefix(stayingCount)), size: 500) {
            try await db.sql.update(StayRecord.schema).set("ended_at", to: ctx.now).where("person_id", .in, Array(chunk)).run()
        }
        for chunk in PersonWrites.chunks(Array(residents.prefix(stayingCount)), size: 500) {
            let insert = db.sql.insert(into: StayRecord.schema).columns("id", "person_id", "location_id", "started_at", "ended_at", "reason", "created_by", "bed_kind")
            for id in chunk {
                let f = facilities[dice.int(0...(facilityCount - 1))]
                _ = insert.values(SQLBind(UUID()), SQLBind(id), SQLBind(f.$location.id), SQLBind(ctx.now), SQLBind(Optional<Date>.none),
                                  SQLBind("bench"), SQLBind("bench"), SQLBind(dice.pick(kinds).rawValue))
            }
            try await insert.run()
        }
        for chunk in PersonWrites.chunks(Array(residents.suffix(referralCount)), size: 300) {
            let insert = db.sql.insert(into: ReferralRecord.schema).columns("id", "group_id", "person_id", "facility_id", "bed_kind", "status", "deadline",
                                                                            "referred_by_id", "referred_by", "referred_at", "organization_id", "version")
            for id in chunk {
                let f = facilities[dice.int(0...(facilityCount - 1))]
                _ = insert.values(SQLBind(UUID()), SQLBind(UUID()), SQLBind(id), SQLBind(f.id!), SQLBind(dice.pick(kinds).rawValue),
                                  SQLBind(dice.pick([ReferralStatus.pending, .accepted, .declined]).rawValue), SQLBind(ctx.now.addingTimeInterval(86400)),
                                  SQLBind(user.id!), SQLBind("bench"), SQLBind(ctx.now), SQLBind(iom.id!), SQLBind(1))
            }
            try await insert.run()
        }
        context.console.print("\(stayingCount) staying, \(referralCount) referrals in \(Int(Date().timeIntervalSince(started))) s")

        // A family of six in detention.
        let family = try await registration.register(arrivalID: arrival.id!, rows: [
            RegistrationRow(ref: "m", draft: RegistrationDraft(nameLatin: "Bench Mother", sex: "female", claimedAge: 34, nationality: "SDN", languages: ["ar"]), links: []),
            RegistrationRow(ref: "f", draft: RegistrationDraft(nameLatin: "Bench Father", sex: "male", claimedAge: 38, nationality: "SDN", languages: ["ar"]),
                            links: [.init(ref: "m", personID: nil, relationship: "spouse")]),
        ] + (1...4).map { i in
            RegistrationRow(ref: "c\(i)", draft: RegistrationDraft(nameLatin: "Bench Child \(i)", sex: i % 2 == 0 ? "female" : "male", claimedAge: 2 * i,
                                                                   nationality: "SDN", languages: ["ar"], urgentNeeds: i == 4 ? ["medical_emergency"] : []),
                            links: [.init(ref: "m", personID: nil, relationship: "mother"), .init(ref: "f", personID: nil, relationship: "father")])
        }, by: actor)
        let mother = family[0].person.id!
        let placement = PlacementService(db: db, ctx: ctx)
        var fits = 0
        for _ in 0..<50 { fits = try await placement.options(personID: mother, withFamily: true, includeUnfit: false, by: actor).proposals.count }
        var latencies: [Double] = []
        var rankOnly: [Double] = []
        let inputs = try await PlacementService.openFacilities(on: db, now: ctx.now).inputs
        let group = try await placement.options(personID: mother, withFamily: true, includeUnfit: false, by: actor).group
        for _ in 0..<queries {
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await placement.options(personID: mother, withFamily: true, includeUnfit: false, by: actor)
            let t1 = DispatchTime.now().uptimeNanoseconds
            _ = PlacementMatching.rank(group: group, facilities: inputs, origin: (32.8, 13.2))
            let t2 = DispatchTime.now().uptimeNanoseconds
            latencies.append(Double(t1 - t0) / 1e6)
            rankOnly.append(Double(t2 - t1) / 1e6)
        }
        // The same with a change elsewhere before each request (a referral to another facility): occupancy is read again.
        var afterChange: [Double] = []
        for i in 0..<queries {
            try await FacilityService.lock(facilities[i % facilityCount].id!, on: db)
            let t0 = DispatchTime.now().uptimeNanoseconds
            _ = try await placement.options(personID: mother, withFamily: true, includeUnfit: false, by: actor)
            afterChange.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
        }
        let changed = afterChange.sorted()
        let sorted = latencies.sorted(), rank = rankOnly.sorted()
        let result: [String: Any] = [
            "engine": app.databaseKind, "facilities": facilityCount, "staying": stayingCount, "referrals": referralCount, "family_size": family.count,
            "fitting_facilities": fits, "timed_requests": queries,
            "options_ms": ["p50": BenchSupport.percentile(sorted, 50), "p95": BenchSupport.percentile(sorted, 95), "p99": BenchSupport.percentile(sorted, 99)],
            "options_after_a_change_ms": ["p50": BenchSupport.percentile(changed, 50), "p95": BenchSupport.percentile(changed, 95),
                                          "p99": BenchSupport.percentile(changed, 99)],
            "ranking_only_ms": ["p50": BenchSupport.percentile(rank, 50), "p95": BenchSupport.percentile(rank, 95), "p99": BenchSupport.percentile(rank, 99)],
            "notes": "PlacementService.options (scope check, family, active referrals, facilities, occupancy aggregates, current stay, ranking), one request at a time",
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.prettyPrinted, .sortedKeys])
        if let out = signature.out { try data.write(to: URL(fileURLWithPath: out)) }
        context.console.print(String(decoding: data, as: UTF8.self))
    }
}
