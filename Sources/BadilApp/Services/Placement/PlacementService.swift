import Fluent
import Foundation
import SQLKit
import BadilCore

/// Ranked facilities for a person or their family (the rules of `PlacementMatching`), with live occupancy.
struct PlacementService {
    let db: any Database
    let ctx: BadilContext

    struct Options: Sendable {
        let people: [PersonRecord]
        let group: PlacementGroup
        let proposals: [PlacementProposal]
        let facilities: [UUID: FacilityService.View]
        /// Family members travelling with the person who are not part of this group (already placed or chosen to stay).
        let familyLeftOut: [PersonRecord]
    }

    /// Family relationships that keep people together (a companion is not family).
    static let familyRelationships: Set<String> = [Relationship.mother, .father, .child, .sibling, .spouse, .caregiver, .otherRelative].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    /// The person and the family members linked to them whom the actor may see (not merged).
    func family(of personID: UUID, by actor: Actor) async throws -> [PersonRecord] {
        guard let person = try await RecordScopes.persons(actor, on: db).filter(\.$id == personID).first() else { throw DomainError.notFound }
        let links = try await PersonLinkRecord.query(on: db).filter(\.$personID == personID).all()
            .filter { Self.familyRelationships.contains($0.relationship) }
        let others = links.isEmpty ? [] : try await RecordScopes.persons(actor, on: db).filter(\.$id ~~ links.map(\.relatedID)).sort(\.$caseNumber).all()
        return [person] + others
    }

    static func placementPerson(_ p: PersonRecord, today: DayDate) -> PlacementPerson {
        PlacementPerson(id: p.id!.uuidString, sex: Sex(rawValue: p.sex) ?? .unknown, age: AgeRules.age(p.ageFacts, on: today),
                        isChild: p.isChild(on: today), careStatus: CareStatus(rawValue: p.careStatus),
                        needsMedical: p.needs.contains(.medicalEmergency) || p.needs.contains(.pregnant),
                        needsWheelchair: p.needs.contains(.disability), languages: p.languageList)
    }

    /// The group for `members` (ids), checked against the family (a split needs a reason).
    func group(_ members: [PersonRecord], family: [PersonRecord], allowSplit: Bool, splitReason: String?) throws -> PlacementGroup {
        let today = DayDate(ctx.now)
        let g = PlacementGroup(members: members.map { Self.placementPerson($0, today: today) }, allowSplit: allowSplit, splitReason: splitReason,
                               familyMemberIDs: family.count > 1 ? family.map { $0.id!.uuidString } : [])
        return try PlacementRules.validate(g)
    }

    /// Proposals for a person, or for them and their family (`withFamily`), best first.
    func options(personID: UUID, withFamily: Bool, includeUnfit: Bool, by actor: Actor) async throws -> Options {
        try actor.require(.referralCreate)
        let family = try await family(of: personID, by: actor)
        let active = try await ReferralService.activePeople(family.compactMap(\.id), on: db)
        let candidates = withFamily ? family.filter { !active.contains($0.id!) || $0.id == personID } : [family[0]]
        let leftOut = family.filter { p in !candidates.contains { $0.id == p.id } }
        // Shown for the person alone, the ranking does not ask why: the split is justified when referring.
        let g = try group(candidates, family: withFamily ? candidates : [], allowSplit: false, splitReason: nil)
        let views = try await Self.openFacilities(on: db, now: ctx.now)
        let origin = try await currentLocation(personID)
        let inputs = views.map { (FacilityService.profile($0.facility, $0.location, $0.occupancy), Occupancy(used: $0.occupancy.used.dictionary)) }
        let proposals = PlacementMatching.rank(group: g, facilities: inputs,
                                               origin: origin.flatMap { l in l.latitude.flatMap { lat in l.longitude.map { (lat, $0) } } },
                                               includeUnfit: includeUnfit)
        let byID = Dictionary(uniqueKeysWithValues: views.map { ($0.facility.id!, $0) })
        return Options(people: candidates, group: g, proposals: proposals, facilities: byID, familyLeftOut: leftOut)
    }

    /// Every facility with its occupancy, in three queries.
    static func openFacilities(on db: any Database, now: Date) async throws -> [FacilityService.View] {
        let facilities = try await FacilityRecord.query(on: db).with(\.$location).all()
        let occupancy = try await FacilityService.occupancy(facilities, now: now, on: db)
        return facilities.map { FacilityService.View(facility: $0, location: $0.location, occupancy: occupancy[$0.id!] ?? FacilityOccupancy()) }
    }

    func currentLocation(_ personID: UUID) async throws -> LocationRecord? {
        try await StayRecord.query(on: db).filter(\.$personID == personID).filter(\.$endedAt == nil).with(\.$location).first()?.location
    }
}
