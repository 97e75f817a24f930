import Fluent
import Foundation
import BadilCore

/// Record scope applied in the query (SECURITY.md item 6): a person outside it does not exist for the user.
enum RecordScopes {
    /// People the actor may see. Merged records are included only when `includeMerged` (their page redirects).
    static func persons(_ actor: Actor, on db: any Database, includeMerged: Bool = false) -> QueryBuilder<PersonRecord> {
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
            return q.join(StayRecord.self, on: \StayRecord.$personID == \PersonRecord.$id)
                .filter(StayRecord.self, \.$endedAt == nil)
                .join(LocationRecord.self, on: \StayRecord.$location.$id == \LocationRecord.$id)
                .filter(LocationRecord.self, \.$operatorOrganization.$id == actor.organizationID)
        case .nationalityWithConsent, .none:
            // Consular access needs recorded consent (case management); until then nobody is visible.
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

    static func visiblePersonIDs(_ ids: [UUID], _ actor: Actor, on db: any Database) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(try await persons(actor, on: db).filter(\.$id ~~ ids).all(\.$id))
    }
}
