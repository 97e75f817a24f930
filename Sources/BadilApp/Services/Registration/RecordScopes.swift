import Fluent
import FluentSQL
import SQLKit
import Foundation
import Synchronization
import BadilCore

/// Record scope applied in the query (SECURITY.md item 6): a person outside it does not exist for the user.
enum RecordScopes {
    /// People the actor may see. Merged records are included only when `includeMerged` (their page redirects).
    /// `today` decides which consents are active (the consular scope).
    /// One person, if inside the actor's scope (not merged away); `.notFound` otherwise, so nobody learns that a record
    /// outside their scope exists.
    static func visiblePerson(_ id: UUID, _ actor: Actor, on db: any Database, today: DayDate = DayDate(Date())) async throws -> PersonRecord {
        guard let p = try await persons(actor, on: db, today: today).filter(\.$id == id).first() else { throw DomainError.notFound }
        return p
    }

    static func persons(_ actor: Actor, on db: any Database, includeMerged: Bool = false, today: DayDate = DayDate(Date())) -> QueryBuilder<PersonRecord> {
        var q = PersonRecord.query(on: db)
        if !includeMerged { q = q.filter(\.$mergedIntoID == nil) }
        switch actor.scope {
        case .all:
            return q
        case .organization:
            // Registrations by the coast guard or detention authority are handed to protection organisations.
            return q.group(.or) { $0.filter(\.$organizationID == actor.organizationID).filter(\.$fromAuthority == true) }
        case .team:
            return q.group(.or) { or in
                or.filter(\.$registeredByID == actor.userID)
                if let team = actor.team {
                    or.group(.and) { $0.filter(\.$organizationID == actor.organizationID).filter(\.$team == team) }
                } else {
                    or.filter(\.$organizationID == actor.organizationID)
                }
                or.group(.and) { $0.filter(\.$fromAuthority == true).filter(\.$team == nil) }
            }
        case .own:
            return q.filter(\.$registeredByID == actor.userID)
        case .facility:
            // Staying now in one of the organisation's places, or referred to one of its facilities and not yet arrived.
            let org = actor.organizationID
            let active = ReferralService.activeStatuses
            return q.filter(.sql(SQLQueryString("""
                (\(ident: PersonRecord.schema).id IN (SELECT s.person_id FROM stays s JOIN locations l ON l.id = s.location_id \
                WHERE s.ended_at IS NULL AND l.operator_id = \(bind: org)) \
                OR \(ident: PersonRecord.schema).id IN (SELECT r.person_id FROM referrals r JOIN facilities f ON f.id = r.facility_id \
                JOIN locations l2 ON l2.id = f.location_id WHERE l2.operator_id = \(bind: org) AND r.status IN (\(binds: active))))
                """)))
        case .nationalityWithConsent:
            // SECURITY.md item 7: their nationals who consented to contact with this embassy and have no protection flag.
            guard let country = actor.countryCode, !country.isEmpty else { return q.filter(\.$id == UUID()) }
            let day = today.description
            return q.filter(\.$nationality == country).filter(.sql(SQLQueryString("""
                \(ident: PersonRecord.schema).protection_flag = \(bind: false) \
                AND EXISTS (SELECT 1 FROM \(ident: ConsentEntry.schema) c WHERE c.person_id = \(ident: PersonRecord.schema).id \
                AND c.purpose = \(bind: ConsentPurpose.consularContact.rawValue) AND c.recipient_organization_id = \(bind: actor.organizationID) \
                AND c.given_on <= \(bind: day) AND (c.withdrawn_on IS NULL OR c.withdrawn_on > \(bind: day)))
                """)))
        case .none:
            return q.filter(\.$id == UUID())
        }
    }

    /// Arrivals are not personal data: anyone who may read arrivals sees them all; a registrar sees their own.
    static func arrivals(_ actor: Actor, on db: any Database) -> QueryBuilder<ArrivalRecord> {
        let q = ArrivalRecord.query(on: db)
        if actor.can(.arrivalRead) { return q }
        if actor.can(.arrivalRecord) || actor.can(.personRegister) { return q.filter(\.$createdByID == actor.userID) }
        return q.filter(\.$id == UUID())
    }

    /// The people among `ids` the actor may see, by id (read in chunks, scope applied in the query).
    static func visiblePersons(_ ids: [UUID], _ actor: Actor, on db: any Database) async throws -> [UUID: PersonRecord] {
        var out: [UUID: PersonRecord] = [:]
        for chunk in PersonWrites.chunks(Array(Set(ids)), size: 500) {
            for p in try await persons(actor, on: db).filter(\.$id ~~ Array(chunk)).all() { out[p.id!] = p }
        }
        return out
    }

    static func visiblePersonIDs(_ ids: [UUID], _ actor: Actor, on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        // Only the ids are read, without building a model per row (a batch checks thousands of candidates).
        let found = Mutex<Set<UUID>>([])
        for chunk in PersonWrites.chunks(Array(Set(ids)), size: 1000) {
            try await persons(actor, on: db).filter(\.$id ~~ Array(chunk)).field(\.$id).run { output in
                if let id = try? output.schema(PersonRecord.schema).decode(.id, as: UUID.self) { found.withLock { _ = $0.insert(id) } }
            }.get()
        }
        return found.withLock { $0 }
    }
}
