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
    static let familyRelationships = Set([Relationship.mother, .father, .child, .sibling, .spouse, .caregiver, .otherRelative].map(\.rawValue))

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
        let snapshot = try await Self.openFacilities(on: db, now: ctx.now, cache: ctx.facilitySnapshots)
        let views = snapshot.views
        let origin = try await currentLocation(personID)
        let proposals = PlacementMatching.rank(group: g, facilities: snapshot.inputs,
                                               origin: origin.flatMap { l in l.latitude.flatMap { lat in l.longitude.map { (lat, $0) } } },
                                               includeUnfit: includeUnfit)
        let byID = Dictionary(uniqueKeysWithValues: views.map { ($0.facility.id!, $0) })
        return Options(people: candidates, group: g, proposals: proposals, facilities: byID, familyLeftOut: leftOut)
    }

    /// Every facility with its occupancy, and the profiles the ranking reads. Reused while one aggregate query
    /// shows nothing changed (every write that changes a facility, its location or its occupancy raises a
    /// version or `lock_seq`) and no pending referral's hold has ended; when only occupancy changed, only the
    /// facilities whose `lock_seq` moved are counted again.
    static func openFacilities(on db: any Database, now: Date, cache: FacilitySnapshotCache? = nil) async throws -> FacilitySnapshot {
        let stamp = try await FacilitySnapshotCache.stamp(on: db)
        if let cache, let snapshot = cache.snapshot(for: stamp, at: now) { return snapshot }
        var views: [FacilityService.View]
        var locks: [UUID: Int]
        var inputs: [(FacilityProfile, Occupancy)]
        if let cache, let previous = cache.sameProfiles(as: stamp), now < previous.validUntil {
            struct Seq: Decodable { let id: UUID; let lock_seq: Int }
            let current = try await db.sql.select().columns("id", "lock_seq").from(FacilityRecord.schema).all(decoding: Seq.self)
            locks = Dictionary(uniqueKeysWithValues: current.map { ($0.id, $0.lock_seq) })
            let changed = Set(current.filter { previous.locks[$0.id] != $0.lock_seq }.map(\.id))
            views = previous.views
            inputs = previous.inputs
            let recount = views.filter { changed.contains($0.facility.id!) }.map(\.facility)
            let occupancy = try await FacilityService.occupancy(recount, now: now, on: db)
            for i in views.indices where changed.contains(views[i].facility.id!) {
                views[i] = FacilityService.View(facility: views[i].facility, location: views[i].location,
                                                occupancy: occupancy[views[i].facility.id!] ?? FacilityOccupancy())
                inputs[i] = Self.input(views[i])
            }
        } else {
            let facilities = try await FacilityRecord.query(on: db).with(\.$location).all()
            locks = Dictionary(uniqueKeysWithValues: facilities.map { ($0.id!, $0.lockSeq) })
            let occupancy = try await FacilityService.occupancy(facilities, now: now, on: db)
            views = facilities.map { FacilityService.View(facility: $0, location: $0.location, occupancy: occupancy[$0.id!] ?? FacilityOccupancy()) }
            inputs = views.map(Self.input)
        }
        struct Deadline: Decodable { let deadline: Date? }
        let next = try await db.sql.select().column(SQLFunction("MIN", args: SQLColumn("deadline")), as: "deadline").from(ReferralRecord.schema)
            .where("status", .equal, ReferralStatus.pending.rawValue).where("deadline", .greaterThan, now).first(decoding: Deadline.self)?.deadline
        let snapshot = FacilitySnapshot(stamp: stamp, validUntil: next ?? .distantFuture, locks: locks, views: views, inputs: inputs)
        cache?.store(snapshot)
        return snapshot
    }

    static func input(_ v: FacilityService.View) -> (FacilityProfile, Occupancy) {
        (FacilityService.profile(v.facility, v.location, v.occupancy), Occupancy(used: v.occupancy.used.dictionary))
    }

    func currentLocation(_ personID: UUID) async throws -> LocationRecord? {
        try await StayRecord.query(on: db).filter(\.$personID == personID).filter(\.$endedAt == nil).with(\.$location).first()?.location
    }
}

/// Facilities, their occupancy and their ranking profiles at one moment.
struct FacilitySnapshot: Sendable {
    let stamp: FacilitySnapshotCache.Stamp
    /// The next moment a pending referral stops holding beds: the snapshot is stale from then on.
    let validUntil: Date
    /// Each facility's `lock_seq` when its occupancy was counted.
    let locks: [UUID: Int]
    let views: [FacilityService.View]
    let inputs: [(FacilityProfile, Occupancy)]
}

/// The last facility snapshot of this process, reused while the database says nothing changed.
final class FacilitySnapshotCache: @unchecked Sendable {
    struct Stamp: Decodable, Equatable, Sendable { let n: Int; let versions: Int; let locks: Int; let locations: Int }

    private let lock = NSLock()
    private var last: FacilitySnapshot?

    /// Facility count and sums of the versions of facilities and their locations and of `lock_seq`: they only grow.
    static func stamp(on db: any Database) async throws -> Stamp {
        try await db.sql.raw("""
            SELECT COUNT(*) AS n, CAST(COALESCE(SUM(f.version), 0) AS BIGINT) AS versions,
                   CAST(COALESCE(SUM(f.lock_seq), 0) AS BIGINT) AS locks, CAST(COALESCE(SUM(l.version), 0) AS BIGINT) AS locations
            FROM facilities f JOIN locations l ON l.id = f.location_id
            """).first(decoding: Stamp.self) ?? Stamp(n: 0, versions: 0, locks: 0, locations: 0)
    }

    func snapshot(for stamp: Stamp, at now: Date) -> FacilitySnapshot? {
        lock.lock(); defer { lock.unlock() }
        guard let last, last.stamp == stamp, now < last.validUntil else { return nil }
        return last
    }

    /// The last snapshot when only `lock_seq` moved since (no facility or location was edited, added or removed).
    func sameProfiles(as stamp: Stamp) -> FacilitySnapshot? {
        lock.lock(); defer { lock.unlock() }
        guard let last, last.stamp.n == stamp.n, last.stamp.versions == stamp.versions, last.stamp.locations == stamp.locations else { return nil }
        return last
    }

    func store(_ snapshot: FacilitySnapshot) {
        lock.lock(); defer { lock.unlock() }
        last = snapshot
    }
}
