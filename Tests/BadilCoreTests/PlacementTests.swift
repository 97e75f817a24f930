import Foundation
import Testing
@testable import BadilCore

/// "ok", "conflict:<code>", or the issues as "field:code" joined by commas.
func placementOutcome(_ body: () throws -> Void) -> String {
    do { try body(); return "ok" }
    catch DomainError.conflict(let key) { return "conflict:\(key)" }
    catch DomainError.invalid(let issues) { return issues.map { "\($0.field):\($0.code)" }.joined(separator: ",") }
    catch { return "\(error)" }
}

enum Place {
    static func adult(_ id: String, _ sex: Sex, languages: [String] = [], medical: Bool = false, wheelchair: Bool = false) -> PlacementPerson {
        PlacementPerson(id: id, sex: sex, age: 30, needsMedical: medical, needsWheelchair: wheelchair, languages: languages)
    }

    static func child(_ id: String, _ sex: Sex, age: Int? = 8, care: CareStatus? = .accompanied, languages: [String] = []) -> PlacementPerson {
        PlacementPerson(id: id, sex: sex, age: age, isChild: true, careStatus: care, languages: languages)
    }

    static let man = adult("man", .male)
    static let woman = adult("woman", .female)
    static let mother = adult("mother", .female)
    static let father = adult("father", .male)
    static let girl = child("girl", .female, age: 6)
    static let boy = child("boy", .male, age: 8)
    static let unaccompanied = child("uac", .male, age: 15, care: .unaccompanied)
    static let separated = child("sep", .female, age: 14, care: .separated)

    static func group(_ members: PlacementPerson...) -> PlacementGroup { PlacementGroup(members: members) }

    static let family = group(mother, father, girl, boy)

    /// Open, 10 beds of every kind, suitable for everything but women-only.
    static func facility(_ id: String = "f1", name: String? = nil, type: AccommodationType = .shelter, status: FacilityStatus = .open,
                         capacity: [BedKind: Int] = [.male: 10, .female: 10, .familyRoom: 10, .child: 10],
                         suitability: Set<FacilitySuitability> = [.children, .unaccompaniedChildren, .families],
                         languages: Set<String> = [], latitude: Double? = nil, longitude: Double? = nil,
                         acceptanceRate: Double? = nil) -> FacilityProfile {
        FacilityProfile(id: id, name: name ?? "Facility \(id)", type: type, status: status, capacity: capacity, suitability: suitability,
                        languages: languages, latitude: latitude, longitude: longitude, acceptanceRate: acceptanceRate)
    }

    static let tripoli = (latitude: 32.8872, longitude: 13.1913)
}

extension PlacementPerson {
    func with(_ change: (inout PlacementPerson) -> Void) -> PlacementPerson {
        var copy = self
        change(&copy)
        return copy
    }
}

@Suite("Beds a group needs")
struct BedRulesTests {
    @Test("Table", arguments: [
        ("a man alone", Place.group(Place.man), [BedKind.male: 1]),
        ("a woman alone", Place.group(Place.woman), [.female: 1]),
        ("an adult of unknown sex takes a male bed", Place.group(Place.adult("x", .unknown)), [.male: 1]),
        ("a couple without children", Place.group(Place.man, Place.woman), [.male: 1, .female: 1]),
        ("mother and two children", Place.group(Place.mother, Place.girl, Place.boy), [.familyRoom: 3]),
        ("two parents and two children", Place.family, [.familyRoom: 4]),
        ("father and a child of unrecorded care status", Place.group(Place.father, Place.child("c", .male, care: nil)), [.familyRoom: 2]),
        ("an unaccompanied child", Place.group(Place.unaccompanied), [.child: 1]),
        ("a separated child alone", Place.group(Place.separated), [.child: 1]),
        ("two siblings without an adult", Place.group(Place.child("a", .female, care: nil), Place.child("b", .male, care: nil)), [.child: 2]),
        ("uncle and separated niece: a family", Place.group(Place.man, Place.separated), [.familyRoom: 2]),
        ("an unaccompanied child with an adult companion", Place.group(Place.man, Place.unaccompanied), [.male: 1, .child: 1]),
        ("a family travelling with an unaccompanied child", Place.group(Place.mother, Place.girl, Place.unaccompanied), [.familyRoom: 2, .child: 1]),
        ("nobody", PlacementGroup(members: []), [:]),
    ])
    func needs(_ name: String, _ group: PlacementGroup, _ expected: [BedKind: Int]) {
        #expect(BedRules.bedKinds(for: group) == expected, "\(name)")
        #expect(BedRules.needs(for: group) == BedCounts(expected), "\(name)")
    }

    @Test func assignmentsFollowTheMembers() {
        let group = Place.group(Place.man, Place.unaccompanied, Place.woman)
        #expect(BedRules.assignments(for: group).map { "\($0.personID):\($0.kind.rawValue)" } == ["man:male", "uac:child", "woman:female"])
    }
}

@Suite("Facilities")
struct FacilityTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let expected: [String]
        let change: @Sendable (inout FacilityProfile) -> Void
        var testDescription: String { name }
        init(_ name: String, expect expected: [String], _ change: @escaping @Sendable (inout FacilityProfile) -> Void = { _ in }) {
            self.name = name; self.expected = expected; self.change = change
        }
    }

    static let codes = ReferenceCodes(countries: [], languages: ["ar", "en", "fr", "ti", "ha"], adminAreas: [])

    @Test("Validation", arguments: [
        Case("valid", expect: []),
        Case("no name", expect: ["name:required"]) { $0.name = "  " },
        Case("name too long", expect: ["name:too_long"]) { $0.name = String(repeating: "n", count: 201) },
        Case("negative capacity", expect: ["capacity.male:out_of_range"]) { $0.capacity[.male] = -1 },
        Case("capacity over 10,000", expect: ["capacity.family_room:out_of_range"]) { $0.capacity[.familyRoom] = 10_001 },
        Case("capacity of 10,000", expect: []) { $0.capacity = [.female: 10_000] },
        Case("no beds", expect: ["capacity:capacity_required"]) { $0.capacity = [.male: 0, .female: 0] },
        Case("no capacity at all", expect: ["capacity:capacity_required"]) { $0.capacity = [:] },
        Case("women-only with male beds", expect: ["capacity.male:women_only_male_beds"]) { $0.suitability.insert(.womenOnly) },
        Case("women-only without male beds", expect: []) { $0.suitability.insert(.womenOnly); $0.capacity[.male] = 0 },
        Case("child beds need unaccompanied children", expect: ["capacity.child:child_beds_require_unaccompanied"]) {
            $0.suitability.remove(.unaccompaniedChildren)
        },
        Case("unaccompanied children are children", expect: ["suitability:unaccompanied_requires_children"]) { $0.suitability.remove(.children) },
        Case("a child-friendly centre takes children", expect: ["suitability:unaccompanied_requires_children", "suitability:child_friendly_requires_children"]) {
            $0.type = .childFriendlyCentre; $0.suitability.remove(.children)
        },
        Case("no children, no child beds", expect: []) { $0.suitability = [.families]; $0.capacity[.child] = 0 },
        Case("upper-case language code", expect: []) { $0.languages = ["AR", " fr "] },
        Case("blank language code ignored", expect: []) { $0.languages = ["ar", "  "] },
        Case("language name instead of code", expect: ["languages:unknown_language"]) { $0.languages = ["arabic"] },
        Case("one letter", expect: ["languages:unknown_language"]) { $0.languages = ["a"] },
        Case("digits", expect: ["languages:unknown_language"]) { $0.languages = ["e1"] },
        Case("21 languages", expect: ["languages:too_many"]) {
            $0.languages = Set((0..<21).map { i in "a" + String(UnicodeScalar(UInt8(97 + i))) })
        },
        Case("latitude without longitude", expect: ["longitude:required"]) { $0.longitude = nil },
        Case("latitude off the globe", expect: ["latitude:out_of_range"]) { $0.latitude = 91; $0.longitude = 13 },
        Case("acceptance rate over 1", expect: ["acceptanceRate:out_of_range"]) { $0.acceptanceRate = 1.2 },
        Case("acceptance rate below 0", expect: ["acceptanceRate:out_of_range"]) { $0.acceptanceRate = -0.1 },
        Case("acceptance rate not a number", expect: ["acceptanceRate:out_of_range"]) { $0.acceptanceRate = .nan },
        Case("acceptance rate 0 and 1", expect: []) { $0.acceptanceRate = 0 },
    ])
    func validation(_ c: Case) {
        var profile = Place.facility(languages: ["ar"], latitude: 32.9, longitude: 13.2, acceptanceRate: 1)
        c.change(&profile)
        #expect(fieldIssues { try FacilityRules.validate(profile) } == c.expected)
    }

    @Test func languagesCheckedAgainstTheCodeListWhenGiven() {
        let profile = Place.facility(languages: ["ar", "xx"])
        #expect(fieldIssues { try FacilityRules.validate(profile) } == [])
        #expect(fieldIssues { try FacilityRules.validate(profile, codes: Self.codes) } == ["languages:unknown_language"])
    }

    @Test func validationNormalises() throws {
        let clean = try FacilityRules.validate(Place.facility(name: "  Al-Amal shelter \u{0007}", languages: [" AR", "fr", "ar"]), codes: Self.codes)
        #expect(clean.name == "Al-Amal shelter")
        #expect(clean.languages == ["ar", "fr"])
    }

    @Test func freeBedsAreNeverNegative() {
        let profile = Place.facility(capacity: [.male: 10, .female: 4])
        let occupancy = Occupancy(staying: [.male: 7, .female: 5], reserved: [.male: 2, .familyRoom: 1])
        #expect(occupancy.used == [.male: 9, .female: 5, .familyRoom: 1])
        #expect(occupancy.free(in: profile) == [.male: 1, .female: 0, .familyRoom: 0, .child: 0])
        #expect(Occupancy().free(in: profile) == [.male: 10, .female: 4, .familyRoom: 0, .child: 0])
    }

    @Test func accommodationTypesAreTheAlternativeLocationTypes() {
        #expect(Set(AccommodationType.allCases.map(\.locationType)) == Set(LocationType.allCases.filter(\.isAlternative)))
        #expect(AccommodationType(.detentionCentre) == nil)
        #expect(AccommodationType(.safeHouse) == .safeHouse)
        #expect(AccommodationType.communityPlacement.labelKey == LocationType.communityPlacement.labelKey)
    }

    @Test func profilesRoundTripAsJSON() throws {
        let profile = Place.facility(languages: ["ar"], latitude: 32.9, longitude: 13.2, acceptanceRate: 0.75)
        let data = try JSONEncoder().encode(profile)
        #expect(try JSONDecoder().decode(FacilityProfile.self, from: data) == profile)
        #expect(String(decoding: data, as: UTF8.self).contains("\"unaccompanied_children\""))
    }
}

@Suite("Hard constraints")
struct PlacementRulesTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let group: PlacementGroup
        let facility: FacilityProfile
        let occupancy: Occupancy
        let expected: String
        var testDescription: String { name }
        init(_ name: String, _ group: PlacementGroup, _ facility: FacilityProfile = Place.facility(), used: [BedKind: Int] = [:],
             expect expected: String) {
            self.name = name; self.group = group; self.facility = facility; self.occupancy = Occupancy(used: used); self.expected = expected
        }
    }

    static let adultShelter = Place.facility(suitability: [.families])
    static let childrenNotAlone = Place.facility(suitability: [.children, .families])
    static let womenOnly = Place.facility(capacity: [.female: 10, .familyRoom: 10], suitability: [.womenOnly, .children, .families])
    static let smallFamilyRoom = Place.facility(capacity: [.familyRoom: 3], suitability: [.children, .families])

    static func split(_ members: [PlacementPerson], reason: String?, allow: Bool = true, family: [String] = []) -> PlacementGroup {
        PlacementGroup(members: members, allowSplit: allow, splitReason: reason, familyMemberIDs: family)
    }

    @Test("Table", arguments: [
        Case("a man in a shelter with male beds", Place.group(Place.man), expect: "ok"),
        Case("closed facility", Place.group(Place.man), Place.facility(status: .temporarilyClosed), expect: "conflict:facility_closed"),
        Case("facility declared full", Place.group(Place.man), Place.facility(status: .full), expect: "conflict:facility_full"),
        Case("a family in an adult-only shelter", Place.family, adultShelter, expect: "conflict:unsuitable_for_children"),
        Case("an unaccompanied child in an adult-only shelter", Place.group(Place.unaccompanied), adultShelter,
             expect: "conflict:unsuitable_for_children"),
        Case("an unaccompanied child where only accompanied children go", Place.group(Place.unaccompanied), childrenNotAlone,
             expect: "conflict:unsuitable_for_unaccompanied"),
        Case("a separated child alone where only accompanied children go", Place.group(Place.separated), childrenNotAlone,
             expect: "conflict:unsuitable_for_unaccompanied"),
        Case("an unaccompanied child where suitable", Place.group(Place.unaccompanied), expect: "ok"),
        Case("a family where children go with their parents", Place.family, childrenNotAlone, expect: "ok"),
        Case("a man in a women-only facility", Place.group(Place.man), womenOnly, expect: "conflict:women_only"),
        Case("a woman in a women-only facility", Place.group(Place.woman), womenOnly, expect: "ok"),
        Case("an adult of unknown sex in a women-only facility", Place.group(Place.adult("x", .unknown)), womenOnly, expect: "conflict:women_only"),
        Case("mother and boy of 8 in a women-only facility", Place.group(Place.mother, Place.boy), womenOnly, expect: "ok"),
        Case("mother and boy of 12", Place.group(Place.mother, Place.child("b", .male, age: 12)), womenOnly, expect: "ok"),
        Case("mother and boy of 13", Place.group(Place.mother, Place.child("b", .male, age: 13)), womenOnly, expect: "conflict:women_only"),
        Case("mother and boy of unknown age", Place.group(Place.mother, Place.child("b", .male, age: nil)), womenOnly, expect: "conflict:women_only"),
        Case("mother and a child of unrecorded sex, 10", Place.group(Place.mother, Place.child("c", .unknown, age: 10)), womenOnly, expect: "ok"),
        Case("mother and girl of 16", Place.group(Place.mother, Place.child("g", .female, age: 16)), womenOnly, expect: "ok"),
        Case("a family with a father in a women-only facility", Place.family, womenOnly, expect: "conflict:women_only"),
        Case("a family of four, three family places", Place.family, smallFamilyRoom, expect: "beds.family_room:no_capacity"),
        Case("a family of three, three family places", Place.group(Place.mother, Place.girl, Place.boy), smallFamilyRoom, expect: "ok"),
        Case("a family of three, one place taken", Place.group(Place.mother, Place.girl, Place.boy), smallFamilyRoom, used: [.familyRoom: 1],
             expect: "beds.family_room:no_capacity"),
        Case("a couple where only family rooms are free", Place.group(Place.man, Place.woman), used: [.male: 10, .female: 10], expect: "beds.male:no_capacity,beds.female:no_capacity"),
        Case("over capacity: occupancy above capacity", Place.group(Place.woman), used: [.female: 12], expect: "beds.female:no_capacity"),
        Case("closed comes first", Place.group(Place.man), Place.facility(status: .temporarilyClosed, capacity: [:], suitability: [.womenOnly]),
             expect: "conflict:facility_closed"),
        Case("a split with a reason", split([Place.mother, Place.girl], reason: "No family room for six in Tripoli.",
                                             family: ["mother", "father", "girl", "boy"]), expect: "ok"),
        Case("a split without a reason", split([Place.mother, Place.girl], reason: nil), expect: "splitReason:family_split_requires_reason"),
        Case("a split with a blank reason", split([Place.mother, Place.girl], reason: " \n "), expect: "splitReason:family_split_requires_reason"),
        Case("a split the caseworker did not mark", split([Place.mother, Place.girl], reason: nil, allow: false,
                                                          family: ["mother", "father", "girl", "boy"]),
             expect: "splitReason:family_split_requires_reason"),
        Case("the whole family listed", split(Place.family.members, reason: nil, allow: false, family: ["mother", "father", "girl", "boy"]),
             expect: "ok"),
        Case("split reason too long", split([Place.mother], reason: String(repeating: "r", count: 1001)), expect: "splitReason:too_long"),
        Case("nobody", PlacementGroup(members: []), expect: "members:required"),
        Case("the same person twice", Place.group(Place.man, Place.man), expect: "members:duplicate_entry"),
    ])
    func check(_ c: Case) {
        #expect(placementOutcome { try PlacementRules.check(group: c.group, facility: c.facility, occupancy: c.occupancy) } == c.expected)
        // The ranking applies the same hard constraints (the group checks are the caller's, before ranking).
        let groupProblem = c.expected.hasPrefix("members:") || c.expected.hasPrefix("splitReason:")
        if !groupProblem {
            let fits = !PlacementMatching.rank(group: c.group, facilities: [(c.facility, c.occupancy)]).isEmpty
            #expect(fits == (c.expected == "ok"))
            #expect(PlacementRules.hardGaps(group: c.group, facility: c.facility, occupancy: c.occupancy).isEmpty == (c.expected == "ok"))
        }
    }

    @Test func noCapacityNamesTheKindAndCounts() {
        do {
            try PlacementRules.check(group: Place.family, facility: Self.smallFamilyRoom, occupancy: Occupancy(used: [.familyRoom: 1]))
            Issue.record("no error")
        } catch DomainError.invalid(let issues) {
            #expect(issues == [FieldIssue("beds.family_room", "no_capacity", ["kind": "family_room", "needed": "4", "free": "2"])])
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func validationTrimsTheReasonAndDropsItWhenNotASplit() throws {
        #expect(try PlacementRules.validate(Self.split([Place.mother], reason: "  too big \u{0007}")).splitReason == "too big")
        #expect(try PlacementRules.validate(Self.split([Place.mother], reason: "left over", allow: false)).splitReason == nil)
    }

    @Test func hardGapsListEveryFailure() {
        let facility = Place.facility(status: .full, capacity: [.female: 1], suitability: [.womenOnly])
        #expect(PlacementRules.hardGaps(group: Place.family, facility: facility, occupancy: Occupancy()) == [
            .facilityFull, .noCapacity, .unsuitableForChildren, .womenOnly,
        ])
    }
}

@Suite("Ranking")
struct PlacementRankingTests {
    func order(_ group: PlacementGroup, _ facilities: [FacilityProfile], origin: (latitude: Double, longitude: Double)? = nil,
               includeUnfit: Bool = false) -> [String] {
        let pairs = facilities.map { ($0, Occupancy()) }
        let ranked = PlacementMatching.rank(group: group, facilities: pairs, origin: origin, includeUnfit: includeUnfit).map(\.facilityID)
        // The struct form ranks the same, and the input order never matters.
        let viaStructs = PlacementMatching.rank(group: group, candidates: pairs.reversed().map { PlacementCandidate($0.0, $0.1) },
                                                origin: origin, includeUnfit: includeUnfit).map(\.facilityID)
        #expect(ranked == viaStructs)
        return ranked
    }

    static let speaker = Place.adult("p", .male, languages: ["ti"])
    static let patient = Place.adult("p", .female, medical: true)
    static let wheelchairUser = Place.adult("p", .male, wheelchair: true)

    struct Pair: Sendable, CustomTestStringConvertible {
        let name: String
        let group: PlacementGroup
        let better: FacilityProfile
        let worse: FacilityProfile
        var testDescription: String { name }
    }

    @Test("Each preference puts one facility first", arguments: [
        Pair(name: "shared language", group: Place.group(speaker),
             better: Place.facility("a", name: "Z", languages: ["ti", "ar"]), worse: Place.facility("b", name: "A", languages: ["ar"])),
        Pair(name: "medical support", group: Place.group(patient),
             better: Place.facility("a", name: "Z", suitability: [.medicalSupport]), worse: Place.facility("b", name: "A")),
        Pair(name: "wheelchair access", group: Place.group(wheelchairUser),
             better: Place.facility("a", name: "Z", suitability: [.wheelchairAccess]), worse: Place.facility("b", name: "A")),
        Pair(name: "suited for families", group: Place.family,
             better: Place.facility("a", name: "Z"), worse: Place.facility("b", name: "A", suitability: [.children])),
        Pair(name: "acceptance rate", group: Place.group(Place.man),
             better: Place.facility("a", name: "Z", acceptanceRate: 0.9), worse: Place.facility("b", name: "A", acceptanceRate: 0.3)),
        Pair(name: "no history ranks above a poor record", group: Place.group(Place.man),
             better: Place.facility("a", name: "Z"), worse: Place.facility("b", name: "A", acceptanceRate: 0.4)),
        Pair(name: "no history ranks below a good record", group: Place.group(Place.man),
             better: Place.facility("a", name: "Z", acceptanceRate: 0.6), worse: Place.facility("b", name: "A")),
        Pair(name: "tie: more free beds of the kind needed", group: Place.group(Place.man),
             better: Place.facility("a", name: "Z", capacity: [.male: 5]), worse: Place.facility("b", name: "A", capacity: [.male: 4, .female: 50])),
        Pair(name: "tie: name", group: Place.group(Place.man),
             better: Place.facility("b", name: "Al-Amal"), worse: Place.facility("a", name: "Benghazi")),
        Pair(name: "tie: id", group: Place.group(Place.man),
             better: Place.facility("a", name: "Same"), worse: Place.facility("b", name: "Same")),
        Pair(name: "language outweighs medical support", group: Place.group(speaker.with { $0.needsMedical = true }),
             better: Place.facility("a", name: "Z", languages: ["ti"]), worse: Place.facility("b", name: "A", suitability: [.medicalSupport])),
    ])
    func preference(_ p: Pair) {
        #expect(order(p.group, [p.worse, p.better]) == [p.better.id, p.worse.id], "\(p.name)")
        #expect(order(p.group, [p.better, p.worse]) == [p.better.id, p.worse.id], "\(p.name)")
    }

    @Test func nearerFirst() {
        let misrata = Place.facility("misrata", name: "A", latitude: 32.3754, longitude: 15.0925)
        let janzour = Place.facility("janzour", name: "B", latitude: 32.8170, longitude: 13.0097)
        let sabha = Place.facility("sabha", name: "C", latitude: 27.0377, longitude: 14.4283)
        let nowhere = Place.facility("nowhere", name: "D")
        #expect(order(Place.group(Place.man), [sabha, nowhere, misrata, janzour], origin: Place.tripoli) == ["janzour", "misrata", "sabha", "nowhere"])
        let ranked = PlacementMatching.rank(group: Place.group(Place.man), facilities: [(janzour, Occupancy()), (sabha, Occupancy()), (nowhere, Occupancy())],
                                            origin: Place.tripoli)
        #expect(ranked[0].has(.nearby) && !ranked[0].has(.farAway))
        #expect((15...25).contains(ranked[0].distanceKm!))
        #expect(ranked[1].has(.farAway) && !ranked[1].has(.nearby))
        #expect(ranked[2].distanceKm == nil && ranked[2].gaps == [.locationUnknown])
        // Without an origin, distance plays no part.
        #expect(order(Place.group(Place.man), [sabha, nowhere, misrata, janzour]) == ["misrata", "janzour", "sabha", "nowhere"])
        #expect(PlacementMatching.rank(group: Place.group(Place.man), facilities: [(nowhere, Occupancy())]).first?.gaps == [])
    }

    @Test func haversine() {
        let km = GeoDistance.km(fromLatitude: 32.8872, longitude: 13.1913, toLatitude: 32.3754, longitude: 15.0925)
        #expect((182...192).contains(km), "Tripoli to Misrata is about 187 km: \(km)")
        #expect(GeoDistance.km(fromLatitude: 10, longitude: 20, toLatitude: 10, longitude: 20) == 0)
        #expect(abs(GeoDistance.km(fromLatitude: 0, longitude: 0, toLatitude: 0, longitude: 180) - 20_015.1) < 1)
    }

    @Test func scoreIsTheShareOfPointsThatCount() {
        // Medical support (20) and acceptance (10) count for this group: nothing else.
        let group = Place.group(Self.patient)
        let best = Place.facility("a", suitability: [.medicalSupport], acceptanceRate: 1)
        let least = Place.facility("b")
        let ranked = PlacementMatching.rank(group: group, facilities: [(least, Occupancy()), (best, Occupancy())])
        #expect(ranked.map(\.score) == [1, 5.0 / 30])
        #expect(ranked[0].reasons == [.bedsAvailable, .medicalSupport, .highAcceptance])
        #expect(ranked[0].gaps == [])
        #expect(ranked[1].reasons == [.bedsAvailable])
        #expect(ranked[1].gaps == [.noMedicalSupport])
    }

    @Test func reasonsAndGapsOfAFamily() {
        let group = PlacementGroup(members: [
            Place.adult("m", .female, languages: ["ti", "ar"]), Place.child("g", .female, languages: ["ti"]),
            Place.child("b", .male, languages: ["ha"]).with { $0.needsWheelchair = true },
        ])
        let facility = Place.facility(capacity: [.familyRoom: 3], suitability: [.children, .womenOnly, .families], languages: ["ti"],
                                      acceptanceRate: 0.2)
        let p = PlacementMatching.rank(group: group, facilities: [(facility, Occupancy())])[0]
        #expect(p.fits)
        #expect(p.reasons == [.bedsAvailable, .suitableForChildren, .womenOnlySpace, .sharedLanguage, .suitedForFamilies])
        #expect(p.gaps == [.languageNotShared, .noWheelchairAccess, .lowAcceptance])
        #expect(p.needed == BedCounts(familyRoom: 3) && p.free == BedCounts(familyRoom: 3) && p.freeBedsForGroup == 3)
        // Two of three share a language (20 of 30), no wheelchair (0 of 20), families (5 of 5), acceptance 0.2 (2 of 10).
        #expect(abs(p.score - 27.0 / 65) < 1e-12)
    }

    @Test func unfitFacilitiesAreLeftOutUnlessAsked() {
        let closed = Place.facility("closed", name: "A", status: .temporarilyClosed, acceptanceRate: 1)
        let small = Place.facility("small", name: "B", capacity: [.familyRoom: 2], acceptanceRate: 1)
        let open = Place.facility("open", name: "C", acceptanceRate: 0)
        #expect(order(Place.family, [closed, small, open]) == ["open"])
        #expect(order(Place.family, [closed, small, open], includeUnfit: true) == ["open", "closed", "small"])
        let ranked = PlacementMatching.rank(group: Place.family, facilities: [(small, Occupancy())], includeUnfit: true)
        #expect(!ranked[0].fits && ranked[0].gaps == [.noCapacity] && ranked[0].shortKinds == [.familyRoom])
        #expect(ranked[0].gaps.allSatisfy(\.isHard) && !PlacementGap.farAway.isHard)
    }

    @Test func languagesAreComparedInLowerCase() {
        let group = Place.group(Place.adult("p", .male, languages: [" TI "]))
        let p = PlacementMatching.rank(group: group, facilities: [(Place.facility(languages: ["ti"]), Occupancy())])[0]
        #expect(p.has(.sharedLanguage) && !p.has(.languageNotShared))
    }

    @Test func nothingToRank() {
        #expect(PlacementMatching.rank(group: Place.family, facilities: []).isEmpty)
        #expect(PlacementMatching.rank(group: Place.family, candidates: []).isEmpty)
    }
}

@Suite("Placement reports")
struct PlacementReportsTests {
    static let medianCases: [([[Int64]], Double?)] = [
        ([], nil),
        ([[0, 7200]], 2.0),
        ([[0, 3600], [100, 100 + 36_000], [0, 7200]], 2.0),
        ([[0, 3600], [0, 7200], [0, 10_800], [0, 36_000]], 2.5),
        ([[10_000, 0], [0, 5400]], 1.5),
    ]

    @Test("Median hours from decision to arrival", arguments: medianCases)
    func median(_ pairs: [[Int64]], _ expected: Double?) {
        #expect(PlacementReports.medianHours(from: pairs.map { (decidedAt: $0[0], arrivedAt: $0[1]) }) == expected)
    }

    /// Stays as "from/to", with an empty `to` for someone still there.
    @Test("Occupancy by day", arguments: [
        ("nobody", [String](), [0, 0, 0, 0]),
        ("there all along", ["2026-10-01/"], [1, 1, 1, 1]),
        ("arrives on the second day", ["2026-11-02/"], [0, 1, 1, 1]),
        ("leaves on the third day", ["2026-10-20/2026-11-03"], [1, 1, 0, 0]),
        ("a night inside the range", ["2026-11-02/2026-11-03"], [0, 1, 0, 0]),
        ("a same-day stay is not a night", ["2026-11-02/2026-11-02"], [0, 0, 0, 0]),
        ("after the range", ["2026-11-05/"], [0, 0, 0, 0]),
        ("before the range", ["2026-10-01/2026-11-01"], [0, 0, 0, 0]),
        ("ends before it starts", ["2026-11-03/2026-11-02"], [0, 0, 0, 0]),
        ("several", ["2026-10-01/", "2026-11-02/2026-11-04", "2026-11-01/2026-11-02", "2026-11-04/"], [2, 2, 2, 2]),
    ])
    func occupancy(_ name: String, _ stays: [String], _ expected: [Int]) {
        let days = DayDate("2026-11-01")!...DayDate("2026-11-04")!
        let parsed = stays.map { stay in
            let parts = stay.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            return (from: DayDate(parts[0])!, to: DayDate(parts[1]))
        }
        let result = PlacementReports.occupancyByDay(stays: parsed, days: days)
        #expect(result.map(\.0.description) == ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"], "\(name)")
        #expect(result.map(\.1) == expected, "\(name)")
    }

    @Test func oneDayRange() {
        let day = DayDate("2026-11-29")!
        #expect(PlacementReports.occupancyByDay(stays: [(from: day, to: nil)], days: day...day).map(\.1) == [1])
    }
}

@Suite("Translations of placement, referral and transfer keys")
struct PlacementTranslationTests {
    /// Every code the placement, referral, consent and transfer rules can emit.
    static let errorCodes = [
        "required", "too_long", "out_of_range", "too_many", "unknown_language", "date_in_future",
        "capacity_required", "women_only_male_beds", "child_beds_require_unaccompanied", "unaccompanied_requires_children",
        "child_friendly_requires_children", "family_split_requires_reason", "duplicate_entry",
        "referral_expired", "referral_already_decided", "referral_not_expired", "referral_transition_invalid", "referral_not_accepted",
        "already_handed_over", "handover_required", "not_on_transfer", "transfer_origin_mismatch", "transfer_in_progress", "date_in_past",
        "consent_missing", "withdrawn_before_given", "guardian_consent_required",
    ] + PlacementGap.allCases.filter(\.isHard).map(\.rawValue)

    static var labelKeys: [String] {
        AccommodationType.allCases.map(\.labelKey) + BedKind.allCases.map(\.labelKey) + FacilitySuitability.allCases.map(\.labelKey)
            + FacilityStatus.allCases.map(\.labelKey) + PlacementReason.allCases.map(\.labelKey) + PlacementGap.allCases.map(\.labelKey)
            + ReferralStatus.allCases.map(\.labelKey) + ReferralAction.allCases.map(\.labelKey) + DeclineReason.allCases.map(\.labelKey)
            + ConsentPurpose.allCases.map(\.labelKey) + ConsentGiver.allCases.map(\.labelKey) + TransferStatus.allCases.map(\.labelKey)
    }

    @Test("Every key exists in English, French and Arabic", arguments: ["en", "fr", "ar"])
    func keysExist(_ lang: String) throws {
        let table = try ScreeningDecisionTranslationTests.flat(lang)
        let missing = (Self.errorCodes.map { "error.\($0)" } + Self.labelKeys).filter { (table[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "\(lang) misses \(missing)")
    }

    @Test("Placeholders match the params", arguments: ["en", "fr", "ar"])
    func placeholders(_ lang: String) throws {
        let table = try ScreeningDecisionTranslationTests.flat(lang)
        let noCapacity = table["error.no_capacity"] ?? ""
        #expect(noCapacity.contains("{kind}") && noCapacity.contains("{needed}") && noCapacity.contains("{free}"))
    }

    @Test func labelKeys() {
        #expect(BedKind.familyRoom.labelKey == "bed_kind.family_room")
        #expect(FacilitySuitability.unaccompaniedChildren.labelKey == "suitability.unaccompanied_children")
        #expect(FacilityStatus.temporarilyClosed.labelKey == "facility_status.temporarily_closed")
        #expect(PlacementGap.noCapacity.labelKey == "placement_gap.no_capacity")
        #expect(PlacementReason.sharedLanguage.labelKey == "placement_reason.shared_language")
        #expect(ReferralAction.handOver.labelKey == "referral_action.hand_over")
        #expect(ConsentGiver.person.rawValue == "self" && ConsentGiver.person.labelKey == "consent_giver.self")
        #expect(TransferStatus.inProgress.labelKey == "transfer_status.in_progress")
    }
}
